import { roundCostUsd } from '../metrics/compensatedSum';
import { LatencyDistribution } from '../metrics/latencyDistribution';
import type { AnalyticsBuilder } from './analyticsBuilder';
import { assembleBreakdown, type BreakdownOptions } from './breakdown';
import { compareVariants } from './comparison';
import { correlateMetadata } from './correlation';
import { isTraceDimension, MISSING_KEYS, type Dimension } from './dimensions';
import { formatFilter } from './filters';
import { GroupAccumulator } from './groupAccumulator';
import { analyseScores, costPerQuality } from './quality';
import { bucketsOf, type Granularity } from './timeBuckets';
import type { TraceRecord } from './traceRecord';
import type {
  Breakdown,
  Comparison,
  CostPerQuality,
  Correlation,
  HeatmapCell,
  PricingSummary,
  ScoreAnalysis,
  TimeSeriesPoint,
  UsersAndSessions,
  WhatIf,
} from './types';
import { usersAndSessions } from './usersSessions';

/** The `analytics` key of `trace-insight report --json`. */
export interface AnalyticsReport {
  range: { from: string; to: string; timeZone: string };
  granularity: Granularity;
  /** The filters applied, in the `--filter` syntax. */
  filters: string[];
  /** Observations and traces that passed the filters. */
  observations: number;
  traces: number;
  filteredOutObservations: number;
  breakdowns: Breakdown[];
  timeSeries: TimeSeriesPoint[];
  heatmap: HeatmapCell[];
  usersAndSessions: UsersAndSessions;
  scores: ScoreAnalysis[];
  costPerQuality: CostPerQuality | null;
  comparison: Comparison | null;
  correlations: Correlation[];
  whatIf: WhatIf[];
  pricing: PricingSummary;
}

const DEFAULT_BREAKDOWN: BreakdownOptions = { topN: 10, sortBy: 'cost', order: 'desc' };

/** Turns a builder's accumulated state into the report, once. */
export function assembleAnalyticsReport(builder: AnalyticsBuilder): AnalyticsReport {
  const options = builder.options;
  const breakdownOptions = { ...DEFAULT_BREAKDOWN, ...options.breakdown };
  const traces = builder.traces;

  return {
    range: {
      from: new Date(options.range.fromMs).toISOString(),
      to: new Date(options.range.toMs).toISOString(),
      timeZone: options.timeZone,
    },
    granularity: builder.granularity,
    filters: builder.filters.map(formatFilter),
    observations: builder.observations,
    traces: traces.size,
    filteredOutObservations: builder.filteredOutObservations,
    breakdowns: builder.dimensions.map((dimension) =>
      breakdownOf(builder, dimension, breakdownOptions),
    ),
    timeSeries: timeSeries(builder),
    heatmap: heatmap(builder),
    usersAndSessions: usersAndSessions(traces.values(), options.timeZone, breakdownOptions.topN),
    scores: analyseScores(builder.scores, traces, builder.scoredObservations),
    costPerQuality: options.quality
      ? costPerQuality(options.quality, traces.values(), builder.scores)
      : null,
    comparison: options.compare
      ? compareVariants(options.compare, traces.values(), builder.scores)
      : null,
    correlations: correlateMetadata(options.roiKeys ?? [], traces.values()),
    whatIf: builder.whatIf.map((whatIf) => whatIf.build()),
    pricing: pricingSummary(builder),
  };
}

function breakdownOf(
  builder: AnalyticsBuilder,
  dimension: Dimension,
  options: BreakdownOptions,
): Breakdown {
  const observationGroups = builder.observationGroups.get(dimension);
  if (observationGroups) {
    return assembleBreakdown(dimension, observationGroups, options);
  }

  const groups = new Map<string, GroupAccumulator>();
  for (const trace of builder.traces.values()) {
    for (const key of traceKeys(trace, dimension)) {
      let group = groups.get(key);
      if (group === undefined) {
        group = new GroupAccumulator(key);
        groups.set(key, group);
      }
      group.addTrace(trace);
    }
  }

  // The other group's trace latency is measured again over its traces, each counted once.
  const otherLatency = (keys: ReadonlySet<string>): GroupAccumulator => {
    const other = new GroupAccumulator('(other)');
    for (const trace of builder.traces.values()) {
      if (traceKeys(trace, dimension).some((key) => keys.has(key))) {
        other.addTrace(trace);
      }
    }
    return other;
  };
  return assembleBreakdown(dimension, groups, options, otherLatency);
}

/** Group keys of a trace for a trace dimension. */
export function traceKeys(trace: TraceRecord, dimension: Dimension): string[] {
  if (!isTraceDimension(dimension)) {
    throw new Error(`${dimension.name} is not a trace dimension.`);
  }
  const missing = MISSING_KEYS[dimension.name];
  switch (dimension.name) {
    case 'tag':
      return trace.tags.length > 0 ? trace.tags : [missing];
    case 'traceName':
      return [trace.name ?? missing];
    case 'user':
      return [trace.userId ?? missing];
    case 'session':
      return [trace.sessionId ?? missing];
    case 'release':
      return [trace.release ?? missing];
    default:
      return [trace.environment ?? missing];
  }
}

function timeSeries(builder: AnalyticsBuilder): TimeSeriesPoint[] {
  const traceSums = new Map<
    string,
    { traces: number; errors: number; latency: LatencyDistribution }
  >();
  for (const trace of builder.traces.values()) {
    const label = builder.bucketAt(trace.firstStartMs).bucket.label;
    let sums = traceSums.get(label);
    if (sums === undefined) {
      sums = { traces: 0, errors: 0, latency: new LatencyDistribution() };
      traceSums.set(label, sums);
    }
    sums.traces++;
    sums.errors += trace.hasError ? 1 : 0;
    const latencySeconds = trace.latencySeconds();
    if (latencySeconds !== null) {
      sums.latency.add(latencySeconds);
    }
  }

  return bucketsOf(builder.clock, builder.options.range, builder.granularity).map((bucket) => {
    const sums = builder.buckets.get(bucket.label);
    const traces = traceSums.get(bucket.label);
    const traceCount = traces?.traces ?? 0;
    return {
      label: bucket.label,
      start: new Date(bucket.startMs).toISOString(),
      end: new Date(bucket.endMs).toISOString(),
      costUsd: roundCostUsd(sums?.costUsd ?? 0),
      inputTokens: sums?.inputTokens ?? 0,
      outputTokens: sums?.outputTokens ?? 0,
      observations: sums?.observations ?? 0,
      traces: traceCount,
      errorTraces: traces?.errors ?? 0,
      errorRate: traceCount === 0 ? 0 : (traces?.errors ?? 0) / traceCount,
      latency: traces?.latency.percentiles() ?? null,
    };
  });
}

function heatmap(builder: AnalyticsBuilder): HeatmapCell[] {
  for (const trace of builder.traces.values()) {
    builder.heatmapCell(trace.firstStartMs).traces++;
  }
  return builder.heatmap.map((cell, index) => ({
    isoWeekday: Math.floor(index / 24) + 1,
    hour: index % 24,
    observations: cell.observations,
    traces: cell.traces,
    costUsd: roundCostUsd(cell.costUsd),
  }));
}

function pricingSummary(builder: AnalyticsBuilder): PricingSummary {
  return {
    unpricedObservations: builder.unpricedObservations,
    estimatedObservations: builder.estimatedObservations,
    estimatedCostUsd: roundCostUsd(builder.estimatedCostUsd),
    modelsWithoutPrice: [...builder.modelsWithoutPrice].sort(),
  };
}
