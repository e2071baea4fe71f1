import { seededRandom, pearson, spearman } from './statistics';
import type { TraceRecord } from './traceRecord';
import type { Correlation } from './types';

const MAX_POINTS = 500;

/**
 * Correlates each numeric metadata key with trace cost and trace latency: Pearson's r and
 * Spearman's rho over the traces that have a value for the key (and, for latency, a latency),
 * plus up to MAX_POINTS scatter points chosen by seeded reservoir sampling.
 */
export function correlateMetadata(
  keys: readonly string[],
  traces: Iterable<TraceRecord>,
  seed = 1,
): Correlation[] {
  const columns = keys.map(() => ({
    values: [] as number[],
    costs: [] as number[],
    latencyValues: [] as number[],
    latencies: [] as number[],
    points: [] as [number, number, number | null][],
  }));
  const random = seededRandom(seed);

  for (const trace of traces) {
    if (trace.roiValues === null) {
      continue;
    }
    for (let i = 0; i < keys.length; i++) {
      const value = trace.roiValues[i] as number;
      if (Number.isNaN(value)) {
        continue;
      }
      const column = columns[i] as (typeof columns)[number];
      const costUsd = trace.costUsd + trace.estimatedCostUsd;
      const latencySeconds = trace.latencySeconds();
      column.values.push(value);
      column.costs.push(costUsd);
      if (latencySeconds !== null) {
        column.latencyValues.push(value);
        column.latencies.push(latencySeconds);
      }

      const point: [number, number, number | null] = [value, costUsd, latencySeconds];
      const seen = column.values.length;
      if (column.points.length < MAX_POINTS) {
        column.points.push(point);
      } else {
        const slot = Math.floor(random() * seen);
        if (slot < MAX_POINTS) {
          column.points[slot] = point;
        }
      }
    }
  }

  return keys.map((key, i) => {
    const column = columns[i] as (typeof columns)[number];
    return {
      key,
      traces: column.values.length,
      pearsonCost: pearson(column.values, column.costs),
      spearmanCost: spearman(column.values, column.costs),
      pearsonLatency: pearson(column.latencyValues, column.latencies),
      spearmanLatency: spearman(column.latencyValues, column.latencies),
      points: column.points,
    };
  });
}
