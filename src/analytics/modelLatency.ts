import { queryMetrics, type JsonTransport } from '../langfuse/metricsApi';
import type { ObservationSource, TimeRange } from '../langfuse/types';
import { LatencyDistribution } from '../metrics/latencyDistribution';
import type { LatencyPercentiles } from '../metrics/types';
import { NO_MODEL, type DailyModelOptions } from './dailyModelFigures';

export interface ModelLatency {
  path: 'metrics-v2' | 'observations';
  /** p95 observation latency in seconds by model, for observations that ended. */
  p95SecondsByModel: Record<string, number>;
  metricsRequests: number;
}

const DAY_MS = 86_400_000;

/**
 * Computes the p95 observation latency per model over a range. Long ranges are read from the
 * metrics API v2, cached for good once the range has ended and for the TTL before. Percentiles
 * do not add up across days, so the whole range is one cache entry. Short ranges and servers
 * without the endpoint (404) stream observations into the metrics core's latency sketch, whose
 * percentiles are within 1% of the exact ones.
 */
export async function latencyP95ByModel(
  client: JsonTransport & ObservationSource,
  range: TimeRange,
  options: DailyModelOptions,
): Promise<ModelLatency> {
  const minDays = options.minDaysForMetrics ?? 31;
  if ((range.toMs - range.fromMs) / DAY_MS >= minDays) {
    const key = `p95:model:latency:${range.fromMs}:${range.toMs}`;
    let rows = options.cache.get(key, options.nowMs);
    let requests = 0;
    if (rows === undefined) {
      requests++;
      const fetched = await queryMetrics(
        client,
        {
          view: 'observations',
          dimensions: [{ field: 'providedModelName' }],
          metrics: [{ measure: 'latency', aggregation: 'p95' }],
          fromTimestamp: new Date(range.fromMs).toISOString(),
          toTimestamp: new Date(range.toMs).toISOString(),
          config: { row_limit: 1000 },
        },
        options.signal,
      );
      if (fetched !== null) {
        options.cache.set(key, fetched, options.nowMs, range.toMs <= options.nowMs);
      }
      rows = fetched ?? undefined;
    }
    if (rows !== undefined) {
      options.logger?.info('[metrics] p95 latency by model served by /api/public/v2/metrics');
      return { path: 'metrics-v2', p95SecondsByModel: fromRows(rows), metricsRequests: requests };
    }
    options.logger?.info('[metrics] /api/public/v2/metrics answered 404; streaming observations');
  }

  const distributions = new Map<string, LatencyDistribution>();
  for await (const page of client.observationPages(range, options.signal)) {
    for (const observation of page) {
      const { startTimeMs, endTimeMs } = observation;
      if (endTimeMs === null || !(startTimeMs >= range.fromMs && startTimeMs < range.toMs)) {
        continue;
      }
      const model = observation.model ? observation.model : NO_MODEL;
      let distribution = distributions.get(model);
      if (distribution === undefined) {
        distribution = new LatencyDistribution();
        distributions.set(model, distribution);
      }
      distribution.add(Math.max(0, (endTimeMs - startTimeMs) / 1000));
    }
  }
  const p95SecondsByModel: Record<string, number> = {};
  for (const [model, distribution] of distributions) {
    const p95 = distribution.percentiles()?.p95;
    if (p95 !== undefined) {
      p95SecondsByModel[model] = p95;
    }
  }
  options.logger?.info('[metrics] p95 latency by model served by streaming observations');
  return { path: 'observations', p95SecondsByModel, metricsRequests: 0 };
}

function fromRows(rows: readonly Record<string, unknown>[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const row of rows) {
    const model =
      typeof row.providedModelName === 'string' && row.providedModelName !== ''
        ? row.providedModelName
        : NO_MODEL;
    const milliseconds = Number(row.p95_latency);
    if (row.p95_latency !== null && Number.isFinite(milliseconds)) {
      result[model] = Math.max(0, milliseconds / 1000);
    }
  }
  return result;
}

/** Observation latency percentiles in seconds per value of one dimension. */
export interface LatencyByDimension {
  percentiles: Record<string, LatencyPercentiles>;
  /** True when the rows came from the cache and no request was sent. */
  cacheHit: boolean;
}

/**
 * Reads observation latency p50, p90, p95 and p99 per value of `dimension` (`providedModelName`
 * or `type`) from the metrics API v2, cached like `latencyP95ByModel`. Returns null when the
 * server has no such endpoint (404); other failures are thrown.
 */
export async function readLatencyPercentiles(
  client: JsonTransport,
  range: TimeRange,
  dimension: 'providedModelName' | 'type',
  options: DailyModelOptions,
): Promise<LatencyByDimension | null> {
  // A range that ends today keeps one entry per start and UTC day for the TTL, so loads whose
  // range ends at "now" share it and percentiles are at most one TTL old.
  const todayStartMs = Math.floor(options.nowMs / DAY_MS) * DAY_MS;
  const closed = range.toMs <= todayStartMs;
  const end = closed ? String(range.toMs) : `open:${Math.floor(range.toMs / DAY_MS)}`;
  const key = `latency:${dimension}:p50,p90,p95,p99:${range.fromMs}:${end}`;
  const cached = options.cache.get(key, options.nowMs);
  if (cached !== undefined) {
    return { percentiles: percentilesFromRows(cached, dimension), cacheHit: true };
  }

  const rows = await queryMetrics(
    client,
    {
      view: 'observations',
      dimensions: [{ field: dimension }],
      metrics: PERCENTILES.map((aggregation) => ({ measure: 'latency', aggregation })),
      fromTimestamp: new Date(range.fromMs).toISOString(),
      toTimestamp: new Date(range.toMs).toISOString(),
      config: { row_limit: 1000 },
    },
    options.signal,
  );
  options.cache.countRequest(options.nowMs);
  if (rows === null) {
    return null;
  }
  options.cache.set(key, rows, options.nowMs, closed);
  return { percentiles: percentilesFromRows(rows, dimension), cacheHit: false };
}

const PERCENTILES = ['p50', 'p90', 'p95', 'p99'] as const;

/** Group key of observations without a value of the dimension, such as a missing model. */
function percentilesFromRows(
  rows: readonly Record<string, unknown>[],
  dimension: string,
  missingKey = NO_MODEL,
): Record<string, LatencyPercentiles> {
  const result: Record<string, LatencyPercentiles> = {};
  for (const row of rows) {
    const value = row[dimension];
    const key = typeof value === 'string' && value !== '' ? value : missingKey;
    const seconds = PERCENTILES.map((name) => {
      const milliseconds = row[`${name}_latency`];
      return milliseconds === null || milliseconds === undefined
        ? NaN
        : Number(milliseconds) / 1000;
    });
    if (seconds.some((item) => !Number.isFinite(item))) {
      continue;
    }
    const [p50, p90, p95, p99] = seconds.map((item) => Math.max(0, item)) as [
      number,
      number,
      number,
      number,
    ];
    result[key] = { p50, p90, p95, p99 };
  }
  return result;
}
