/**
 * A generated Langfuse project that never keeps all its observations in memory.
 *
 * The constructor draws a compact index: per trace its start time (sorted), its feature and
 * its observation count, plus prefix sums of the counts. Observations and scores are rebuilt
 * from per-trace PRNG streams when asked for, with a small cache for neighbouring pages.
 *
 * In-process use (no HTTP):
 *
 *   const endMs = Date.UTC(2026, 0, 1);
 *   const dataset = new Dataset({ seed: 42, observations: 100_000, days: 14, endMs });
 *   for (const observation of dataset.observationsV2(fromMs, toMs)) { ... }
 *
 * `observationsV2` yields raw v2 API objects with every field group, `tracesV1` raw v1
 * TraceWithDetails objects, and `scoresV3` raw v3 scores with every field group, in the same
 * order as the HTTP endpoints page through them: by trace start time, then within the trace.
 * The same options always produce the same objects.
 */
import { FEATURES } from './catalog';
import { Random, streamSeed } from './random';
import { drawTraceStartTimes } from './timeline';
import {
  BuildContext,
  buildScores,
  buildTrace,
  buildTraceHeader,
  BuiltTrace,
  MAX_OBSERVATION_OFFSET_MS,
  MAX_SCORE_OFFSET_MS,
  RawObject,
  ScoreDraft,
  TraceHeader,
  traceIndexOf,
  TraceSlot,
} from './traceBuilder';

export interface DatasetOptions {
  seed: number;
  /** Total observations over all traces, at least 1. */
  observations: number;
  /** Length of the period in days; the traces start within it. */
  days: number;
  /** End of the period, epoch milliseconds (exclusive). */
  endMs: number;
  /** IANA zone whose working hours get more traffic; default UTC. */
  timeZone?: string;
}

/** A place in the stream of items: the trace, then the item's position within that trace. */
export interface ScanPosition {
  traceIndex: number;
  itemIndex: number;
}

export interface Page<T> {
  items: T[];
  /** Start of the next page, or null when this is the last page. */
  next: ScanPosition | null;
}

/** Selects items of a trace; `traceMatches` runs on the cheap header before any item is built. */
export interface ItemQuery<T> {
  fromMs: number | null;
  toMs: number | null;
  traceMatches?: (header: TraceHeader) => boolean;
  itemMatches?: (item: T) => boolean;
  /** Restricts the scan to these trace indexes, e.g. from a traceId filter. */
  traceIndexes?: number[];
}

const MAX_CACHED_TRACES = 64;

export class Dataset {
  readonly seed: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly traceCount: number;
  readonly observationCount: number;

  private readonly starts: Float64Array;
  private readonly featureIndexes: Uint8Array;
  private readonly observationCounts: Uint8Array;
  /** Observations in the traces before each index, with one extra entry for the total. */
  private readonly firstOrdinals: Float64Array;
  private readonly context: BuildContext;
  private readonly traceCache = new Map<number, BuiltTrace>();

  constructor(options: DatasetOptions) {
    validateOptions(options);
    this.seed = options.seed;
    this.endMs = options.endMs;
    this.startMs = options.endMs - options.days * 86_400_000;
    this.observationCount = options.observations;

    const random = new Random(streamSeed(options.seed, 0xdada));
    const drawn = drawTraceShapes(options.observations, random);
    this.traceCount = drawn.count;
    this.featureIndexes = drawn.featureIndexes;
    this.observationCounts = drawn.observationCounts;

    this.firstOrdinals = new Float64Array(this.traceCount + 1);
    for (let index = 0; index < this.traceCount; index++) {
      this.firstOrdinals[index + 1] =
        (this.firstOrdinals[index] ?? 0) + (this.observationCounts[index] ?? 0);
    }

    this.starts = drawTraceStartTimes(
      this.traceCount,
      this.startMs,
      this.endMs,
      options.timeZone ?? 'UTC',
      random,
    );
    this.context = {
      seed: options.seed,
      traceCount: this.traceCount,
      endMs: this.endMs,
      userCount: Math.max(20, Math.round(this.traceCount / 40)),
    };
  }

  traceStartMs(index: number): number {
    return this.starts[index] ?? Number.NaN;
  }

  slot(index: number): TraceSlot {
    const feature = FEATURES[this.featureIndexes[index] ?? 0];
    if (index < 0 || index >= this.traceCount || !feature) {
      throw new RangeError(`Trace index ${index} is outside 0..${this.traceCount - 1}.`);
    }
    return {
      index,
      startMs: this.traceStartMs(index),
      feature,
      observationCount: this.observationCounts[index] ?? 0,
      firstObservationOrdinal: this.firstOrdinals[index] ?? 0,
    };
  }

  header(index: number): TraceHeader {
    return buildTraceHeader(this.context, this.slot(index));
  }

  trace(index: number): BuiltTrace {
    const cached = this.traceCache.get(index);
    if (cached) {
      return cached;
    }

    const built = buildTrace(this.context, this.slot(index));
    if (this.traceCache.size >= MAX_CACHED_TRACES) {
      const oldest = this.traceCache.keys().next().value;
      if (oldest !== undefined) {
        this.traceCache.delete(oldest);
      }
    }
    this.traceCache.set(index, built);
    return built;
  }

  scores(index: number): ScoreDraft[] {
    return buildScores(this.context, this.header(index));
  }

  /** Returns the index of a generated trace id, or -1 when no trace of this dataset has it. */
  traceIndexOfId(id: string): number {
    const index = traceIndexOf(id);
    if (index < 0 || index >= this.traceCount) {
      return -1;
    }
    return this.header(index).id === id ? index : -1;
  }

  /** Returns the first trace index that starts at or after `timeMs`, or traceCount if none does. */
  firstTraceAtOrAfter(timeMs: number): number {
    let low = 0;
    let high = this.traceCount;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.starts[middle] ?? 0) < timeMs) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  *observationsV2(fromMs: number, toMs: number): Iterable<RawObject> {
    const query = { fromMs, toMs };
    const [first, end] = this.traceRange(query, MAX_OBSERVATION_OFFSET_MS);
    for (let index = first; index < end; index++) {
      const trace = buildTrace(this.context, this.slot(index));
      for (let position = 0; position < trace.observations.length; position++) {
        if (inRange(trace.observationStartMs[position] ?? Number.NaN, fromMs, toMs)) {
          yield trace.observations[position] as RawObject;
        }
      }
    }
  }

  *scoresV3(fromMs: number, toMs: number): Iterable<RawObject> {
    const [first, end] = this.traceRange({ fromMs, toMs }, MAX_SCORE_OFFSET_MS);
    for (let index = first; index < end; index++) {
      for (const score of this.scores(index)) {
        if (inRange(score.timestampMs, fromMs, toMs)) {
          yield score.object;
        }
      }
    }
  }

  *tracesV1(fromMs: number, toMs: number): Iterable<RawObject> {
    const end = this.firstTraceAtOrAfter(toMs);
    for (let index = this.firstTraceAtOrAfter(fromMs); index < end; index++) {
      yield this.traceV1(index);
    }
  }

  /** Builds the v1 TraceWithDetails object of one trace. */
  traceV1(index: number): RawObject {
    const trace = this.trace(index);
    const header = trace.header;
    const root = trace.observations[0];
    const latencySeconds = trace.endMs === null ? null : (trace.endMs - header.startMs) / 1000;

    return {
      id: header.id,
      timestamp: new Date(header.startMs).toISOString(),
      name: header.feature.name,
      input: { query: `${header.feature.name} request` },
      output: root?.endTime === null ? null : { answer: `${header.feature.name} response` },
      sessionId: header.sessionId,
      release: header.release,
      version: header.version,
      userId: header.userId,
      metadata: { feature: header.feature.name, region: 'eu-west-1' },
      tags: header.tags,
      public: false,
      environment: header.environment,
      htmlPath: `/project/${String(root?.projectId ?? '')}/traces/${header.id}`,
      latency: latencySeconds,
      totalCost: trace.totalCostUsd,
      observations: trace.observations.map((observation) => observation.id as string),
      scores: this.scores(index).map((score) => score.object.id as string),
    };
  }

  /**
   * Returns up to `limit` matching observations from `start` on, and where the next page
   * starts. The scan looks one match past the page, so a full last page has no next position.
   */
  observationPage(
    query: ItemQuery<RawObject>,
    start: ScanPosition | null,
    limit: number,
  ): Page<RawObject> {
    return this.page(query, start, limit, MAX_OBSERVATION_OFFSET_MS, (index) => {
      const trace = this.trace(index);
      return { items: trace.observations, timesMs: trace.observationStartMs };
    });
  }

  scorePage(
    query: ItemQuery<ScoreDraft>,
    start: ScanPosition | null,
    limit: number,
  ): Page<ScoreDraft> {
    return this.page(query, start, limit, MAX_SCORE_OFFSET_MS, (index) => {
      const scores = this.scores(index);
      return { items: scores, timesMs: scores.map((score) => score.timestampMs) };
    });
  }

  /** Counts the matching observations; without item or trace filters the index does most of it. */
  countObservations(query: ItemQuery<RawObject>): number {
    if (query.traceMatches || query.itemMatches || query.traceIndexes) {
      return this.countByScan(query);
    }

    const fromMs = query.fromMs ?? Number.NEGATIVE_INFINITY;
    const toMs = query.toMs ?? Number.POSITIVE_INFINITY;
    const [first, end] = this.traceRange(query, MAX_OBSERVATION_OFFSET_MS);

    // Traces that start in [from, to - max offset) have every observation in range.
    const interiorFirst = Math.max(first, this.firstTraceAtOrAfter(fromMs));
    const interiorEnd = Math.max(
      interiorFirst,
      Math.min(end, this.firstTraceAtOrAfter(toMs - MAX_OBSERVATION_OFFSET_MS)),
    );

    let count = (this.firstOrdinals[interiorEnd] ?? 0) - (this.firstOrdinals[interiorFirst] ?? 0);
    for (let index = first; index < end; index++) {
      if (index === interiorFirst && interiorEnd > interiorFirst) {
        index = interiorEnd - 1;
        continue;
      }
      count += this.countInTrace(index, query);
    }
    return count;
  }

  /**
   * Finds the position of the `offset`-th matching observation (0-based), or null when there
   * are no more than `offset` matches. Without filters it jumps over whole traces by the index.
   */
  locateObservation(query: ItemQuery<RawObject>, offset: number): ScanPosition | null {
    const [first, end] = this.traceRange(query, MAX_OBSERVATION_OFFSET_MS);
    const unfiltered = !query.traceMatches && !query.itemMatches && !query.traceIndexes;
    const fromMs = query.fromMs ?? Number.NEGATIVE_INFINITY;
    const toMs = query.toMs ?? Number.POSITIVE_INFINITY;
    const interiorFirst = Math.max(first, this.firstTraceAtOrAfter(fromMs));
    const interiorEnd = Math.max(
      interiorFirst,
      Math.min(end, this.firstTraceAtOrAfter(toMs - MAX_OBSERVATION_OFFSET_MS)),
    );

    let remaining = offset;
    for (let index = first; index < end; index++) {
      if (unfiltered && index === interiorFirst && interiorEnd > interiorFirst) {
        const interiorCount =
          (this.firstOrdinals[interiorEnd] ?? 0) - (this.firstOrdinals[interiorFirst] ?? 0);
        if (remaining < interiorCount) {
          const ordinal = (this.firstOrdinals[interiorFirst] ?? 0) + remaining;
          const traceIndex = this.traceOfOrdinal(ordinal);
          return { traceIndex, itemIndex: ordinal - (this.firstOrdinals[traceIndex] ?? 0) };
        }
        remaining -= interiorCount;
        index = interiorEnd - 1;
        continue;
      }

      if (query.traceIndexes && !query.traceIndexes.includes(index)) {
        continue;
      }
      if (query.traceMatches && !query.traceMatches(this.header(index))) {
        continue;
      }

      const trace = this.trace(index);
      for (let itemIndex = 0; itemIndex < trace.observations.length; itemIndex++) {
        if (!observationMatches(trace, itemIndex, query)) {
          continue;
        }
        if (remaining === 0) {
          return { traceIndex: index, itemIndex };
        }
        remaining--;
      }
    }
    return null;
  }

  private countInTrace(index: number, query: ItemQuery<RawObject>): number {
    if (query.traceIndexes && !query.traceIndexes.includes(index)) {
      return 0;
    }
    if (query.traceMatches && !query.traceMatches(this.header(index))) {
      return 0;
    }
    const trace = this.trace(index);
    let count = 0;
    for (let position = 0; position < trace.observations.length; position++) {
      if (observationMatches(trace, position, query)) {
        count++;
      }
    }
    return count;
  }

  private countByScan(query: ItemQuery<RawObject>): number {
    const [first, end] = this.traceRange(query, MAX_OBSERVATION_OFFSET_MS);
    let count = 0;
    for (const index of this.candidateTraces(query, first, end)) {
      count += this.countInTrace(index, query);
    }
    return count;
  }

  private traceOfOrdinal(ordinal: number): number {
    let low = 0;
    let high = this.traceCount - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.firstOrdinals[middle] ?? 0) <= ordinal) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  /**
   * The trace indexes [first, end) that can hold items in [fromMs, toMs) when every item
   * starts within `maxOffsetMs` after its trace: a trace that starts before `fromMs` can still
   * have items after it.
   */
  private traceRange(
    query: { fromMs: number | null; toMs: number | null },
    maxOffsetMs: number,
  ): [number, number] {
    const first = query.fromMs === null ? 0 : this.firstTraceAtOrAfter(query.fromMs - maxOffsetMs);
    const end = query.toMs === null ? this.traceCount : this.firstTraceAtOrAfter(query.toMs);
    return [first, end];
  }

  private *candidateTraces(
    query: { traceIndexes?: number[] },
    first: number,
    end: number,
  ): Iterable<number> {
    if (query.traceIndexes) {
      for (const index of [...query.traceIndexes].sort((a, b) => a - b)) {
        if (index >= first && index < end) {
          yield index;
        }
      }
      return;
    }
    for (let index = first; index < end; index++) {
      yield index;
    }
  }

  private page<T>(
    query: ItemQuery<T>,
    start: ScanPosition | null,
    limit: number,
    maxOffsetMs: number,
    itemsOf: (traceIndex: number) => { items: T[]; timesMs: number[] },
  ): Page<T> {
    const [first, end] = this.traceRange(query, maxOffsetMs);
    const fromMs = query.fromMs ?? Number.NEGATIVE_INFINITY;
    const toMs = query.toMs ?? Number.POSITIVE_INFINITY;
    const items: T[] = [];
    const startTrace = Math.max(first, start?.traceIndex ?? first);

    for (const index of this.candidateTraces(query, startTrace, end)) {
      if (query.traceMatches && !query.traceMatches(this.header(index))) {
        continue;
      }

      const traceItems = itemsOf(index);
      const firstItem = start && index === start.traceIndex ? start.itemIndex : 0;
      for (let itemIndex = firstItem; itemIndex < traceItems.items.length; itemIndex++) {
        const item = traceItems.items[itemIndex] as T;
        if (!inRange(traceItems.timesMs[itemIndex] ?? Number.NaN, fromMs, toMs)) {
          continue;
        }
        if (query.itemMatches && !query.itemMatches(item)) {
          continue;
        }
        if (items.length === limit) {
          return { items, next: { traceIndex: index, itemIndex } };
        }
        items.push(item);
      }
    }
    return { items, next: null };
  }
}

function observationMatches(
  trace: BuiltTrace,
  position: number,
  query: ItemQuery<RawObject>,
): boolean {
  const startMs = trace.observationStartMs[position] ?? Number.NaN;
  const fromMs = query.fromMs ?? Number.NEGATIVE_INFINITY;
  const toMs = query.toMs ?? Number.POSITIVE_INFINITY;
  if (!inRange(startMs, fromMs, toMs)) {
    return false;
  }
  return !query.itemMatches || query.itemMatches(trace.observations[position] as RawObject);
}

function inRange(timeMs: number, fromMs: number, toMs: number): boolean {
  return timeMs >= fromMs && timeMs < toMs;
}

function validateOptions(options: DatasetOptions): void {
  if (!Number.isInteger(options.seed)) {
    throw new RangeError(`Invalid seed ${options.seed}: use an integer.`);
  }
  if (!Number.isInteger(options.observations) || options.observations < 1) {
    throw new RangeError(
      `Invalid observations ${options.observations}: use an integer of at least 1.`,
    );
  }
  if (!(options.days > 0)) {
    throw new RangeError(`Invalid days ${options.days}: use a number greater than 0.`);
  }
  if (!Number.isFinite(options.endMs)) {
    throw new RangeError(`Invalid endMs ${options.endMs}: use epoch milliseconds.`);
  }
}

/** Draws each trace's feature and observation count until the counts add up to the total. */
function drawTraceShapes(totalObservations: number, random: Random) {
  const featureIndexes = new Uint8Array(totalObservations);
  const observationCounts = new Uint8Array(totalObservations);
  const weightedFeatures = FEATURES.map((feature, index) => ({
    weight: feature.weight,
    value: index,
  }));

  let count = 0;
  let remaining = totalObservations;
  while (remaining > 0) {
    const featureIndex = random.weighted(weightedFeatures);
    const feature = FEATURES[featureIndex];
    if (!feature) {
      throw new Error(`Feature index ${featureIndex} is out of range.`);
    }
    const drawn = random.int(feature.minObservations, feature.maxObservations);
    const observations = Math.min(drawn, remaining);

    featureIndexes[count] = featureIndex;
    observationCounts[count] = observations;
    remaining -= observations;
    count++;
  }

  return {
    count,
    featureIndexes: featureIndexes.slice(0, count),
    observationCounts: observationCounts.slice(0, count),
  };
}
