import type { TimeRange } from '../langfuse/types';
import type { LatencyPercentiles, Report } from './types';

export interface ReportOptions {
  /** The half-open range [fromMs, toMs) that selects observations by `startTimeMs`. */
  range: TimeRange;
  /** The IANA time zone whose dates name the days, for example `Europe/Berlin`. */
  timeZone: string;
  /** The instant that decides which day is today, in epoch milliseconds. Defaults to now. */
  nowMs?: number;
}

/** Metrics of one group of observations: one model, one trace name or one user. */
export interface GroupStats {
  key: string;
  observations: number;
  traces: number;
  costUsd: number;
  tokens: { input: number; output: number; total: number };
  /** Observation latency for a model, trace latency for a trace name or user. */
  latency: LatencyPercentiles | null;
  errorTraces: number;
  /** errorTraces over traces, 0 when there are none. */
  errorRate: number;
  unpricedObservations: number;
}

/** Metrics of one calendar day in the report's time zone. */
export interface DayPoint {
  /** `YYYY-MM-DD` in the report's time zone. */
  day: string;
  costUsd: number;
  costByModel: Record<string, number>;
  inputTokens: number;
  outputTokens: number;
  /** Traces whose earliest observation in the range starts on this day. */
  traces: number;
  errorTraces: number;
  errorRate: number;
  observations: number;
}

/** The report plus the series and groups the dashboard and the tree draw. */
export interface Analytics {
  report: Report;
  /** Every day of the range in the zone, including empty ones, ascending. */
  days: DayPoint[];
  /** Groups sorted by cost descending, then by key. */
  byModel: GroupStats[];
  byTraceName: GroupStats[];
  byUser: GroupStats[];
  latencyByType: Record<string, LatencyPercentiles>;
  /** The day that contains `nowMs`, when the range includes that day. */
  today?: DayPoint;
  /** Observations that ended before they started, whose latency was counted as 0. */
  negativeLatencyObservations: number;
}

/** Group key of traces without a name. */
export const UNNAMED_TRACE_KEY = '(unnamed)';

/** Group key of traces without a user. */
export const NO_USER_KEY = '(no user)';
