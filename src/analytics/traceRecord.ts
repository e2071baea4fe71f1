import type { Observation } from '../langfuse/types';
import { promptKey } from './dimensions';

/** Shared by every trace without models or prompts, so such traces allocate no array. */
const NO_KEYS: readonly string[] = Object.freeze([]);

/**
 * What the analytics keep per trace: its trace attributes, sums and the span its latency is
 * measured over. One record per trace, so memory grows with traces, not observations.
 */
export class TraceRecord {
  name: string | null = null;
  userId: string | null = null;
  sessionId: string | null = null;
  environment: string | null = null;
  release: string | null = null;
  tags: string[] = [];

  firstStartMs = Infinity;
  private endedStartMs = Infinity;
  private maxEndMs = -Infinity;

  observations = 0;
  costUsd = 0;
  estimatedCostUsd = 0;
  inputTokens = 0;
  outputTokens = 0;
  totalTokens = 0;
  unpricedObservations = 0;
  hasError = false;

  /**
   * Distinct models and `name@version` prompts of the trace's observations. Each addition
   * copies the list into an array of its exact length, because a trace has few of them and
   * `push` on an empty array reserves room for 17 elements in V8.
   */
  models: readonly string[] = NO_KEYS;
  prompts: readonly string[] = NO_KEYS;

  /** Bit 1: the trace carries comparison value A; bit 2: value B. */
  variants = 0;
  /** The first numeric value seen per ROI metadata key, NaN when none. */
  roiValues: number[] | null = null;

  constructor(readonly id: string) {}

  addIdentity(observation: Observation): void {
    this.name ??= observation.traceName;
    this.userId ??= observation.userId;
    this.sessionId ??= observation.sessionId;
    this.environment ??= observation.environment;
    this.release ??= observation.release;
    if (this.tags.length === 0 && observation.tags.length > 0) {
      this.tags = observation.tags;
    }

    if (observation.model && !this.models.includes(observation.model)) {
      this.models = this.models.concat(observation.model);
    }
    const prompt = promptKey(observation);
    if (prompt && !this.prompts.includes(prompt)) {
      this.prompts = this.prompts.concat(prompt);
    }
    if (observation.level === 'ERROR') {
      this.hasError = true;
    }
  }

  addTiming(startMs: number, endMs: number | null): void {
    if (startMs < this.firstStartMs) {
      this.firstStartMs = startMs;
    }
    if (endMs === null || !Number.isFinite(endMs)) {
      return;
    }
    if (startMs < this.endedStartMs) {
      this.endedStartMs = startMs;
    }
    if (endMs > this.maxEndMs) {
      this.maxEndMs = endMs;
    }
  }

  /**
   * Trace latency in seconds, as the metrics engine measures it: from the earliest start to the
   * latest end of the trace's ended observations, or null when none has ended.
   */
  latencySeconds(): number | null {
    if (this.maxEndMs === -Infinity) {
      return null;
    }
    return Math.max(0, (this.maxEndMs - this.endedStartMs) / 1000);
  }
}
