import type { Observation, Score, TimeRange } from '../langfuse/types';
import {
  isUnpriced,
  observationCostUsd,
  readTokenCounts,
  type TokenCounts,
} from '../metrics/observationValues';
import { PriceTable } from '../pricing/priceTable';
import { assembleAnalyticsReport, type AnalyticsReport } from './assembleReport';
import { type BreakdownOptions } from './breakdown';
import {
  DIMENSION_NAMES,
  dimensionKeys,
  isTraceDimension,
  promptKey,
  type Dimension,
} from './dimensions';
import { matchesFilters, type Filter } from './filters';
import { GroupAccumulator } from './groupAccumulator';
import { ScoreIndex } from './scoreIndex';
import { bucketOf, ZoneClock, type Granularity, type TimeBucket } from './timeBuckets';
import { TraceRecord } from './traceRecord';
import type { ComparisonOptions } from './comparison';
import type { QualityOptions } from './quality';
import { WhatIfAccumulator, type WhatIfOptions } from './whatIf';

export interface AnalyticsOptions {
  /** The half-open range that selects observations by start time. */
  range: TimeRange;
  timeZone: string;
  /** Default `day`. */
  granularity?: Granularity;
  /** Default: every dimension except metadata. */
  dimensions?: Dimension[];
  filters?: Filter[];
  /** Default: top 10 by cost, descending. */
  breakdown?: Partial<BreakdownOptions>;
  compare?: ComparisonOptions;
  /** Numeric metadata keys to correlate with cost and latency per trace. */
  roiKeys?: string[];
  quality?: QualityOptions;
  whatIf?: WhatIfOptions[];
  /** Default: the bundled Langfuse table without overrides. */
  priceTable?: PriceTable;
  /** Price unpriced observations with the price table, reported as estimates. */
  estimateUnpriced?: boolean;
}

/** Sums of one time bucket, filled observation by observation. */
export class BucketSums {
  costUsd = 0;
  inputTokens = 0;
  outputTokens = 0;
  observations = 0;
  constructor(readonly bucket: TimeBucket) {}
}

/** Sums of one hour of the week. */
export class HeatmapSums {
  observations = 0;
  traces = 0;
  costUsd = 0;
}

const SLOT_MS = 15 * 60_000;

/**
 * Accumulates observations, page by page, into the deeper analytics: breakdowns, time series,
 * heatmap, users and sessions, scores, comparison, correlation and what-if. Add
 * scores first (they decide score filters and score joins), then observations, then build once.
 * Memory grows with traces, groups and scores, not with observations.
 */
export class AnalyticsBuilder {
  readonly options: AnalyticsOptions;
  readonly dimensions: Dimension[];
  readonly filters: Filter[];
  readonly clock: ZoneClock;
  readonly granularity: Granularity;
  readonly priceTable: PriceTable;

  readonly traces = new Map<string, TraceRecord>();
  readonly observationGroups = new Map<Dimension, Map<string, GroupAccumulator>>();
  readonly buckets = new Map<string, BucketSums>();
  readonly heatmap: HeatmapSums[] = Array.from({ length: 7 * 24 }, () => new HeatmapSums());
  readonly scores = new ScoreIndex();
  /** Model and prompt of observations that carry a score. */
  readonly scoredObservations = new Map<string, { model: string | null; prompt: string | null }>();
  readonly whatIf: WhatIfAccumulator[];

  observations = 0;
  filteredOutObservations = 0;
  unpricedObservations = 0;
  estimatedObservations = 0;
  estimatedCostUsd = 0;
  readonly modelsWithoutPrice = new Set<string>();

  private readonly bucketBySlot = new Map<number, BucketSums>();
  private readonly tokens: TokenCounts = { input: 0, output: 0, total: 0 };
  private observationsAdded = false;
  private result: AnalyticsReport | null = null;

  constructor(options: AnalyticsOptions) {
    if (!(options.range.fromMs < options.range.toMs)) {
      throw new RangeError(
        `Invalid time range [${options.range.fromMs}, ${options.range.toMs}): from must be before to.`,
      );
    }
    this.options = options;
    this.clock = new ZoneClock(options.timeZone);
    this.granularity = options.granularity ?? 'day';
    this.filters = options.filters ?? [];
    this.priceTable = options.priceTable ?? new PriceTable();
    this.dimensions =
      options.dimensions ??
      DIMENSION_NAMES.filter((name) => name !== 'metadata').map((name) => ({ name }));
    for (const dimension of this.dimensions) {
      if (!isTraceDimension(dimension)) {
        this.observationGroups.set(dimension, new Map());
      }
    }
    this.whatIf = (options.whatIf ?? []).map(
      (whatIf) => new WhatIfAccumulator(whatIf, this.priceTable),
    );
  }

  /** Adds scores, which must all arrive before the first observation. */
  addScores(scores: readonly Score[]): void {
    if (this.observationsAdded) {
      throw new Error(
        'AnalyticsBuilder.addScores was called after observations; add scores first.',
      );
    }
    for (const score of scores) {
      this.scores.add(score);
    }
  }

  addPage(page: readonly Observation[]): void {
    for (const observation of page) {
      this.add(observation);
    }
  }

  add(observation: Observation): void {
    if (this.result !== null) {
      throw new Error('AnalyticsBuilder.add was called after build; create a new builder.');
    }
    this.observationsAdded = true;

    const startMs = observation.startTimeMs;
    const { fromMs, toMs } = this.options.range;
    if (!(startMs >= fromMs && startMs < toMs)) {
      return;
    }
    if (!matchesFilters(observation, this.filters, (id) => this.scores.byTrace.get(id))) {
      this.filteredOutObservations++;
      return;
    }
    this.observations++;

    const costUsd = observationCostUsd(observation);
    const unpriced = isUnpriced(observation);
    const estimatedCostUsd = unpriced ? this.estimate(observation) : 0;
    const tokens = this.tokens;
    readTokenCounts(observation, tokens);
    const endMs = observation.endTimeMs;
    const latencySeconds =
      endMs === null || !Number.isFinite(endMs) ? null : Math.max(0, (endMs - startMs) / 1000);

    const trace = this.traceOf(observation.traceId);
    trace.addIdentity(observation);
    trace.addTiming(startMs, endMs);
    trace.observations++;
    trace.costUsd += costUsd;
    trace.estimatedCostUsd += estimatedCostUsd;
    trace.inputTokens += tokens.input;
    trace.outputTokens += tokens.output;
    trace.totalTokens += tokens.total;
    trace.unpricedObservations += unpriced ? 1 : 0;

    for (const [dimension, groups] of this.observationGroups) {
      for (const key of dimensionKeys(observation, dimension)) {
        let group = groups.get(key);
        if (group === undefined) {
          group = new GroupAccumulator(key);
          groups.set(key, group);
        }
        group.addObservation(
          observation.traceId,
          costUsd,
          estimatedCostUsd,
          tokens,
          unpriced,
          observation.level === 'ERROR',
          latencySeconds,
        );
      }
    }

    const bucket = this.bucketAt(startMs);
    bucket.costUsd += costUsd;
    bucket.inputTokens += tokens.input;
    bucket.outputTokens += tokens.output;
    bucket.observations++;

    const cell = this.heatmapCell(startMs);
    cell.observations++;
    cell.costUsd += costUsd;

    this.addExtras(observation, trace, costUsd + estimatedCostUsd);
  }

  build(): AnalyticsReport {
    this.result ??= assembleAnalyticsReport(this);
    return this.result;
  }

  heatmapCell(epochMs: number): HeatmapSums {
    const local = this.clock.localTime(epochMs);
    return this.heatmap[(local.isoWeekday - 1) * 24 + local.hour] as HeatmapSums;
  }

  bucketAt(epochMs: number): BucketSums {
    const slot = Math.floor(epochMs / SLOT_MS);
    const cached = this.bucketBySlot.get(slot);
    if (cached !== undefined) {
      return cached;
    }

    const bucket = bucketOf(this.clock, epochMs, this.granularity);
    let sums = this.buckets.get(bucket.label);
    if (sums === undefined) {
      sums = new BucketSums(bucket);
      this.buckets.set(bucket.label, sums);
    }
    this.bucketBySlot.set(slot, sums);
    return sums;
  }

  /** Records comparison variants, ROI metadata, scored observations and what-if sums. */
  private addExtras(observation: Observation, trace: TraceRecord, costUsd: number): void {
    const compare = this.options.compare;
    if (compare) {
      const keys = dimensionKeys(observation, compare.dimension);
      if (keys.includes(compare.a)) {
        trace.variants |= 1;
      }
      if (keys.includes(compare.b)) {
        trace.variants |= 2;
      }
    }

    const roiKeys = this.options.roiKeys;
    if (roiKeys && roiKeys.length > 0 && observation.metadata) {
      trace.roiValues ??= roiKeys.map(() => NaN);
      for (let i = 0; i < roiKeys.length; i++) {
        if (Number.isNaN(trace.roiValues[i])) {
          trace.roiValues[i] = numericValue(observation.metadata[roiKeys[i] as string]);
        }
      }
    }

    if (this.scores.scoredObservationIds.has(observation.id)) {
      this.scoredObservations.set(observation.id, {
        model: observation.model,
        prompt: promptKey(observation),
      });
    }

    for (const whatIf of this.whatIf) {
      whatIf.add(observation, costUsd);
    }
  }

  private estimate(observation: Observation): number {
    this.unpricedObservations++;
    if (!this.options.estimateUnpriced) {
      return 0;
    }
    const costUsd = this.priceTable.costOf(observation);
    if (costUsd === undefined) {
      this.modelsWithoutPrice.add(observation.model ?? '');
      return 0;
    }
    this.estimatedObservations++;
    this.estimatedCostUsd += costUsd;
    return costUsd;
  }

  private traceOf(traceId: string): TraceRecord {
    let trace = this.traces.get(traceId);
    if (trace === undefined) {
      trace = new TraceRecord(traceId);
      this.traces.set(traceId, trace);
    }
    return trace;
  }
}

/** Reads a number or a numeric string, and returns NaN for anything else. */
function numericValue(value: unknown): number {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : NaN;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : NaN;
  }
  return NaN;
}
