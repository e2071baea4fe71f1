/**
 * The observation shape the metrics core consumes. The client normalises both the v2 and the
 * v1 API responses into it, and the sample-data source produces it directly, so nothing past
 * this point knows which endpoint the data came from.
 */
export interface Observation {
  id: string;
  traceId: string;
  /** GENERATION, SPAN, EVENT, AGENT, TOOL, ... as Langfuse sends it. */
  type: string;
  name: string | null;
  /** Epoch milliseconds. */
  startTimeMs: number;
  /** Epoch milliseconds, or null while the observation has not ended. */
  endTimeMs: number | null;
  level: ObservationLevel;
  /** The model name the application sent (`providedModelName` in v2, `model` in v1). */
  model: string | null;
  /** Usage units by key, for example `input`, `output`, `total`, `cache_read_input_tokens`. */
  usageDetails: Record<string, number>;
  /** Cost in USD by key, as Langfuse recorded it. */
  costDetails: Record<string, number>;
  /** The cost Langfuse recorded in USD, or null when it recorded none. */
  totalCostUsd: number | null;
  userId: string | null;
  sessionId: string | null;
  environment: string | null;
  traceName: string | null;
  tags: string[];
  release: string | null;
  version: string | null;
  promptName: string | null;
  promptVersion: number | null;
  /**
   * The observation's metadata, present only when the `metadata` field group was requested
   * (the analytics request it when a metadata key is asked for).
   */
  metadata?: Record<string, unknown> | null;
}

export type ObservationLevel = 'DEBUG' | 'DEFAULT' | 'WARNING' | 'ERROR';

/** A half-open time range [fromMs, toMs) in epoch milliseconds. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** A score as read from `/api/public/v3/scores`, with its value parsed. */
export interface Score {
  id: string;
  name: string;
  dataType: 'NUMERIC' | 'BOOLEAN' | 'CATEGORICAL' | 'TEXT' | 'CORRECTION' | string;
  value: number | boolean | string | null;
  timestampMs: number;
  traceId: string | null;
  observationId: string | null;
  source: string;
  environment: string | null;
}

/**
 * Anything that can stream observations for a time range page by page: the HTTP client and
 * the in-process sample-data source both implement it.
 */
export interface ObservationSource {
  observationPages(range: TimeRange, signal?: AbortSignal): AsyncIterable<Observation[]>;
}
