import type { LatencyPercentiles } from '../metrics/types';

/** Metrics of one group of a breakdown. */
export interface BreakdownGroup {
  key: string;
  observations: number;
  /** Distinct traces with at least one observation in the group. */
  traces: number;
  costUsd: number;
  /** Cost of unpriced observations priced from the price table, when that was requested. */
  estimatedCostUsd: number;
  tokens: { input: number; output: number; total: number };
  /**
   * Trace latency for trace dimensions, observation latency for observation dimensions. Null
   * for the `(other)` group of an observation dimension, whose distributions cannot be merged.
   */
  latency: LatencyPercentiles | null;
  errorTraces: number;
  errorRate: number;
  unpricedObservations: number;
  drillDown: DrillDown;
}

/** How to open a group's traces in Langfuse. */
export interface DrillDown {
  /** Filters, in the `--filter` syntax, that select exactly this group; null when none can. */
  filters: string[] | null;
  /** The most expensive trace of the group, to open first. */
  topTraceId: string | null;
  /** `<baseUrl>/project/<projectId>/traces/<topTraceId>`, or `<baseUrl>/trace/<id>` without a project id. */
  topTraceUrl: string | null;
}

export interface Breakdown {
  dimension: string;
  /** `trace` dimensions count each trace once per group; `observation` dimensions split traces. */
  level: 'trace' | 'observation';
  sortBy: SortKey;
  order: 'asc' | 'desc';
  /** Distinct groups before the top-N cut. */
  totalGroups: number;
  groups: BreakdownGroup[];
}

export const SORT_KEYS = [
  'cost',
  'observations',
  'traces',
  'tokens',
  'p95',
  'errorRate',
  'key',
] as const;

export type SortKey = (typeof SORT_KEYS)[number];

export interface TimeSeriesPoint {
  label: string;
  /** ISO 8601 UTC instants of the bucket's half-open interval. */
  start: string;
  end: string;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  observations: number;
  /** Traces whose first observation in the range starts in this bucket. */
  traces: number;
  errorTraces: number;
  errorRate: number;
  /** Trace latency of those traces. */
  latency: LatencyPercentiles | null;
}

export interface HeatmapCell {
  /** ISO day of the week, 1 Monday to 7 Sunday, in the report's zone. */
  isoWeekday: number;
  hour: number;
  observations: number;
  /** Traces whose first observation starts in this hour of the week. */
  traces: number;
  costUsd: number;
}

export interface UsersDay {
  day: string;
  activeUsers: number;
  /** Users whose first trace in the range starts on this day. */
  newUsers: number;
  returningUsers: number;
  sessions: number;
  costUsd: number;
}

export interface Spender {
  id: string;
  costUsd: number;
  traces: number;
}

export interface UsersAndSessions {
  users: number;
  sessions: number;
  perDay: UsersDay[];
  costPerUserUsd: number;
  costPerSessionUsd: number;
  topUsers: Spender[];
  topSessions: Spender[];
}

export interface ScoreSummary {
  key: string;
  count: number;
  /** Mean of numeric scores, or the share of true for boolean scores; null for categories. */
  mean: number | null;
  min: number | null;
  max: number | null;
  /** Count by category for categorical scores, by `true`/`false` for boolean ones. */
  categories: Record<string, number>;
}

export interface ScoreAnalysis {
  name: string;
  dataType: string;
  overall: ScoreSummary;
  byModel: ScoreSummary[];
  byTraceName: ScoreSummary[];
  byRelease: ScoreSummary[];
  byPrompt: ScoreSummary[];
}

export interface QualityGroup {
  key: string;
  traces: number;
  costUsd: number;
  scoredTraces: number;
  /** Mean over scored traces with a positive score of (trace cost / trace score). */
  meanCostPerScoreUsd: number | null;
  tracesMeetingThreshold: number;
  /** The group's cost divided by its traces that met the threshold. */
  costPerSuccessfulTraceUsd: number | null;
}

export interface CostPerQuality {
  score: string;
  threshold: string;
  byModel: QualityGroup[];
  byPrompt: QualityGroup[];
  byRelease: QualityGroup[];
}

export interface MetricComparison {
  metric: string;
  meanA: number | null;
  meanB: number | null;
  /** meanB - meanA. */
  difference: number | null;
  /** 95% percentile-bootstrap interval of the difference of means. */
  interval: [number, number] | null;
  /** Two-sided p-value of the Mann-Whitney U test (normal approximation with tie correction). */
  mannWhitneyP: number | null;
  /** True when the interval excludes 0. */
  significant: boolean;
}

export interface Comparison {
  dimension: string;
  a: string;
  b: string;
  tracesA: number;
  tracesB: number;
  /** Traces that carry both values and are left out. */
  tracesInBoth: number;
  latencyA: import('../metrics/types').LatencyPercentiles | null;
  latencyB: import('../metrics/types').LatencyPercentiles | null;
  metrics: MetricComparison[];
  seed: number;
  resamples: number;
}

export interface Correlation {
  key: string;
  traces: number;
  pearsonCost: number | null;
  spearmanCost: number | null;
  pearsonLatency: number | null;
  spearmanLatency: number | null;
  /** Up to 500 points [value, costUsd, latencySeconds], a seeded sample when there are more. */
  points: [number, number, number | null][];
}

export interface WhatIfGroup {
  traceName: string;
  observations: number;
  actualCostUsd: number;
  whatIfCostUsd: number;
  /** whatIfCostUsd - actualCostUsd: negative is a saving. */
  differenceUsd: number;
}

export interface WhatIf {
  fromModel: string;
  toModel: string;
  /** Where the price of toModel came from: `override`, `project` or `bundled`. */
  priceSource: string;
  observations: number;
  actualCostUsd: number;
  whatIfCostUsd: number;
  differenceUsd: number;
  /** Usage keys of the replaced observations that toModel's price has no price for. */
  unpricedUsageKeys: string[];
  byTraceName: WhatIfGroup[];
}

export interface PricingSummary {
  unpricedObservations: number;
  /** Unpriced observations that the price table could price. */
  estimatedObservations: number;
  estimatedCostUsd: number;
  /** Unpriced models with no entry in the price table. */
  modelsWithoutPrice: string[];
}
