/** Latency percentiles in seconds. */
export interface LatencyPercentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

/**
 * The metrics report. Its JSON form is the stable interface of `trace-insight report --json`,
 * so fields are only ever added, never renamed or removed.
 */
export interface Report {
  range: { from: string; to: string; timeZone: string };
  traces: number;
  observations: number;
  cost: {
    total: number;
    byModel: Record<string, number>;
    byDay: Record<string, number>;
    unpricedObservations: number;
  };
  tokens: { input: number; output: number; total: number };
  latency: {
    /** Null when no trace in the range has an ended observation. */
    traces: LatencyPercentiles | null;
    byType: Record<string, LatencyPercentiles>;
  };
  errors: { traces: number; rate: number };
  users: number;
  sessions: number;
}

export const NO_MODEL_KEY = '(no model)';
