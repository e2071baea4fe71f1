import { lostBits } from './compensatedSum';
import type { TokenCounts } from './observationValues';

const INITIAL_CAPACITY = 1024;

/** Models with an index below this are kept as bits of one Int32 per trace. */
const MASK_MODELS = 32;

/**
 * Per-trace state, one row per distinct trace id, kept in typed arrays instead of one object
 * per trace: at a few hundred thousand traces, per-trace objects cost more in garbage
 * collection than all the arithmetic of add().
 */
export class TraceTable {
  private readonly rowById = new Map<string, number>();
  size = 0;

  observations = new Float64Array(INITIAL_CAPACITY);
  costUsd = new Float64Array(INITIAL_CAPACITY);
  costCompensationUsd = new Float64Array(INITIAL_CAPACITY);
  inputTokens = new Float64Array(INITIAL_CAPACITY);
  outputTokens = new Float64Array(INITIAL_CAPACITY);
  totalTokens = new Float64Array(INITIAL_CAPACITY);
  unpricedObservations = new Float64Array(INITIAL_CAPACITY);
  /** Earliest start among all the trace's observations in the range; decides its day. */
  minStartMs = new Float64Array(INITIAL_CAPACITY);
  /** Earliest start and latest end among the trace's observations that have ended. */
  minEndedStartMs = new Float64Array(INITIAL_CAPACITY);
  maxEndMs = new Float64Array(INITIAL_CAPACITY);
  hasError = new Uint8Array(INITIAL_CAPACITY);
  /** The models the trace used, bit i for model index i below MASK_MODELS. */
  modelMask = new Int32Array(INITIAL_CAPACITY);
  /** The models with an observation at level ERROR in the trace, as bits. */
  erroredModelMask = new Int32Array(INITIAL_CAPACITY);
  /** The first non-empty trace name, user and session seen on the trace's observations. */
  readonly names: (string | null)[] = [];
  readonly userIds: (string | null)[] = [];
  readonly sessionIds: (string | null)[] = [];
  /** Models from index MASK_MODELS on, for the rare report with that many models. */
  readonly otherModels = new Map<number, number[]>();
  readonly otherErroredModels = new Map<number, number[]>();

  /** Returns the row of `traceId`, adding an empty row for a new trace. */
  rowOf(traceId: string): number {
    const existing = this.rowById.get(traceId);
    if (existing !== undefined) {
      return existing;
    }

    const row = this.size;
    if (row === this.observations.length) {
      this.grow();
    }
    this.size++;
    this.rowById.set(traceId, row);

    this.minStartMs[row] = Infinity;
    this.minEndedStartMs[row] = Infinity;
    this.maxEndMs[row] = -Infinity;
    this.names.push(null);
    this.userIds.push(null);
    this.sessionIds.push(null);
    return row;
  }

  /** Adds one observation's cost, tokens and unpriced flag (0 or 1) to the trace's sums. */
  addTotals(row: number, costUsd: number, tokens: TokenCounts, unpriced: number): void {
    this.observations[row] = (this.observations[row] as number) + 1;

    const sum = this.costUsd[row] as number;
    const next = sum + costUsd;
    const compensation = this.costCompensationUsd[row] as number;
    this.costCompensationUsd[row] = compensation + lostBits(sum, costUsd, next);
    this.costUsd[row] = next;

    this.inputTokens[row] = (this.inputTokens[row] as number) + tokens.input;
    this.outputTokens[row] = (this.outputTokens[row] as number) + tokens.output;
    this.totalTokens[row] = (this.totalTokens[row] as number) + tokens.total;
    this.unpricedObservations[row] = (this.unpricedObservations[row] as number) + unpriced;
  }

  totalCostUsd(row: number): number {
    return (this.costUsd[row] as number) + (this.costCompensationUsd[row] as number);
  }

  /** Records that the trace used a model, and returns true when it had not used it yet. */
  addModel(row: number, model: number): boolean {
    return addToSet(this.modelMask, this.otherModels, row, model);
  }

  /** Records an ERROR observation of a model, and returns true the first time per model. */
  addErroredModel(row: number, model: number): boolean {
    return addToSet(this.erroredModelMask, this.otherErroredModels, row, model);
  }

  /**
   * Returns the trace latency in seconds: the latest end minus the earliest start among the
   * trace's observations in the range that have ended, or null when none has ended. A negative
   * span (end before start in bad data) counts as 0.
   */
  latencySeconds(row: number): number | null {
    const maxEndMs = this.maxEndMs[row] as number;
    if (maxEndMs === -Infinity) {
      return null;
    }
    return Math.max(0, maxEndMs - (this.minEndedStartMs[row] as number)) / 1000;
  }

  private grow(): void {
    const capacity = this.observations.length * 2;
    this.observations = grown(this.observations, capacity);
    this.costUsd = grown(this.costUsd, capacity);
    this.costCompensationUsd = grown(this.costCompensationUsd, capacity);
    this.inputTokens = grown(this.inputTokens, capacity);
    this.outputTokens = grown(this.outputTokens, capacity);
    this.totalTokens = grown(this.totalTokens, capacity);
    this.unpricedObservations = grown(this.unpricedObservations, capacity);
    this.minStartMs = grown(this.minStartMs, capacity);
    this.minEndedStartMs = grown(this.minEndedStartMs, capacity);
    this.maxEndMs = grown(this.maxEndMs, capacity);
    this.hasError = grown(this.hasError, capacity);
    this.modelMask = grown(this.modelMask, capacity);
    this.erroredModelMask = grown(this.erroredModelMask, capacity);
  }
}

/** Adds `model` to the row's set of models, and returns true when it was not in it yet. */
function addToSet(
  masks: Int32Array,
  others: Map<number, number[]>,
  row: number,
  model: number,
): boolean {
  if (model < MASK_MODELS) {
    const mask = masks[row] as number;
    const bit = 1 << model;
    if ((mask & bit) !== 0) {
      return false;
    }
    masks[row] = mask | bit;
    return true;
  }

  const rest = others.get(row);
  if (rest === undefined) {
    others.set(row, [model]);
    return true;
  }
  if (rest.includes(model)) {
    return false;
  }
  rest.push(model);
  return true;
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array);
  return next;
}
