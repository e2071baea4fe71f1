import type { Observation } from '../langfuse/types';
import {
  observationCostUsd,
  readTokenCounts,
  type TokenCounts,
} from '../metrics/observationValues';

/** One exported trace, derived from the observations of the range that belong to it. */
export interface TraceRow {
  traceId: string;
  traceName: string | null;
  userId: string | null;
  sessionId: string | null;
  /** ISO 8601, the earliest observation start. */
  startTime: string;
  /** ISO 8601, the latest end among ended observations, or null when none has ended. */
  endTime: string | null;
  latencySeconds: number | null;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  /** True when at least one observation of the trace is at level ERROR. */
  error: boolean;
  observations: number;
}

interface TraceState {
  traceName: string | null;
  userId: string | null;
  sessionId: string | null;
  minStartMs: number;
  maxEndMs: number | null;
  /** Earliest start among ended observations, for the latency. */
  minEndedStartMs: number | null;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  error: boolean;
  observations: number;
}

/**
 * Collects observations into per-trace rows. Memory grows with the number of traces, not
 * observations, because observations of one trace may arrive on different pages.
 */
export class TraceRowCollector {
  private readonly traces = new Map<string, TraceState>();
  private readonly tokens: TokenCounts = { input: 0, output: 0, total: 0 };

  get size(): number {
    return this.traces.size;
  }

  add(observation: Observation): void {
    let state = this.traces.get(observation.traceId);
    if (!state) {
      state = {
        traceName: null,
        userId: null,
        sessionId: null,
        minStartMs: observation.startTimeMs,
        maxEndMs: null,
        minEndedStartMs: null,
        costUsd: 0,
        inputTokens: 0,
        outputTokens: 0,
        error: false,
        observations: 0,
      };
      this.traces.set(observation.traceId, state);
    }

    state.traceName ||= observation.traceName;
    state.userId ||= observation.userId;
    state.sessionId ||= observation.sessionId;
    state.minStartMs = Math.min(state.minStartMs, observation.startTimeMs);
    if (observation.endTimeMs !== null) {
      state.maxEndMs = Math.max(state.maxEndMs ?? observation.endTimeMs, observation.endTimeMs);
      state.minEndedStartMs = Math.min(
        state.minEndedStartMs ?? observation.startTimeMs,
        observation.startTimeMs,
      );
    }
    state.costUsd += observationCostUsd(observation);
    readTokenCounts(observation, this.tokens);
    state.inputTokens += this.tokens.input;
    state.outputTokens += this.tokens.output;
    state.error ||= observation.level === 'ERROR';
    state.observations += 1;
  }

  /** Returns the rows ordered by start time, then trace id. */
  rows(): TraceRow[] {
    const rows: TraceRow[] = [];
    for (const [traceId, state] of this.traces) {
      const latencyMs =
        state.maxEndMs !== null && state.minEndedStartMs !== null
          ? Math.max(0, state.maxEndMs - state.minEndedStartMs)
          : null;
      rows.push({
        traceId,
        traceName: state.traceName,
        userId: state.userId,
        sessionId: state.sessionId,
        startTime: new Date(state.minStartMs).toISOString(),
        endTime: state.maxEndMs === null ? null : new Date(state.maxEndMs).toISOString(),
        latencySeconds: latencyMs === null ? null : latencyMs / 1000,
        costUsd: roundUsd(state.costUsd),
        inputTokens: state.inputTokens,
        outputTokens: state.outputTokens,
        error: state.error,
        observations: state.observations,
      });
    }
    return rows.sort(
      (a, b) => a.startTime.localeCompare(b.startTime) || compare(a.traceId, b.traceId),
    );
  }
}

function compare(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

/** Rounds away float noise from summing many small costs (12 decimals, as the report does). */
function roundUsd(costUsd: number): number {
  return Math.round(costUsd * 1e12) / 1e12;
}
