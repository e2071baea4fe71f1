import type { Observation } from '../langfuse/types';
import { DayState, ModelGroup, ObservationTotals } from './accumulators';
import type { Analytics, ReportOptions } from './analyticsTypes';
import { CompensatedSum } from './compensatedSum';
import { LatencyDistribution } from './latencyDistribution';
import { assembleAnalytics } from './assembleAnalytics';
import {
  isUnpriced,
  observationCostUsd,
  readTokenCounts,
  type TokenCounts,
} from './observationValues';
import { NO_MODEL_KEY, type Report } from './types';
import { TraceTable } from './traceTable';
import { ZoneDays } from './zoneDays';

/** The maximum range a report covers in days, so that the list of days stays small. */
const MAX_RANGE_DAYS = 36_600;

/**
 * Accumulates observations, page by page, into a Report and the dashboard's Analytics. Memory
 * grows with the distinct traces, models, types, users, sessions and days seen, never with the
 * number of observations.
 */
export class ReportBuilder {
  readonly options: ReportOptions;
  private readonly fromMs: number;
  private readonly toMs: number;
  private readonly zoneDays: ZoneDays;

  private observations = 0;
  private readonly totalCostUsd = new CompensatedSum();
  private readonly tokens: TokenCounts = { input: 0, output: 0, total: 0 };
  private unpricedObservations = 0;
  private negativeLatencyObservations = 0;

  private readonly traces = new TraceTable();
  private readonly models: ModelGroup[] = [];
  private readonly modelIndexByKey = new Map<string, number>();
  private readonly days = new Map<string, DayState>();
  private readonly latencyByType = new Map<string, LatencyDistribution>();
  private readonly users = new Set<string>();
  private readonly sessions = new Set<string>();

  private readonly scratchTokens: TokenCounts = { input: 0, output: 0, total: 0 };
  private lastTraceRow = -1;
  private lastTraceId = '';
  private lastModel: ModelGroup | null = null;
  private lastDay: DayState | null = null;
  private lastDayLabel = '';
  private analytics: Analytics | null = null;

  /** Throws a RangeError for an invalid IANA time zone or an invalid range. */
  constructor(options: ReportOptions) {
    this.options = options;
    this.fromMs = options.range.fromMs;
    this.toMs = options.range.toMs;
    validateRange(this.fromMs, this.toMs);
    this.zoneDays = new ZoneDays(options.timeZone);
  }

  /** Adds one observation, or ignores it when it starts outside the range. */
  add(observation: Observation): void {
    if (this.analytics !== null) {
      throw new Error('ReportBuilder.add was called after build; create a new ReportBuilder.');
    }

    const startMs = observation.startTimeMs;
    if (!(startMs >= this.fromMs && startMs < this.toMs)) {
      return;
    }

    // `observations` counts the observations whose startTimeMs is in [fromMs, toMs).
    this.observations++;
    const trace = this.traceRowOf(observation.traceId);
    const day = this.dayOf(startMs);
    // byModel keys are model names, and observations without a model go under NO_MODEL_KEY.
    const model = this.modelOf(observation.model ? observation.model : NO_MODEL_KEY);

    this.addTotals(observation, trace, day, model);
    this.addIdentity(observation, trace, model);
    this.addTiming(observation, trace, model, startMs);
  }

  /** Adds every observation of one page. */
  addPage(page: readonly Observation[]): void {
    for (let i = 0; i < page.length; i++) {
      this.add(page[i] as Observation);
    }
  }

  /** Returns the report. Later calls return the same result, and add() then throws. */
  build(): Report {
    return this.buildAnalytics().report;
  }

  /** Returns the report with the daily series and the groups. */
  buildAnalytics(): Analytics {
    if (this.analytics === null) {
      this.analytics = assembleAnalytics({
        options: this.options,
        zoneDays: this.zoneDays,
        observations: this.observations,
        totalCostUsd: this.totalCostUsd.value(),
        tokens: this.tokens,
        unpricedObservations: this.unpricedObservations,
        negativeLatencyObservations: this.negativeLatencyObservations,
        traces: this.traces,
        models: this.models,
        days: this.days,
        latencyByType: this.latencyByType,
        users: this.users.size,
        sessions: this.sessions.size,
      });
    }
    return this.analytics;
  }

  /** Adds cost, tokens and counts to the totals, the trace, the day and the model. */
  private addTotals(
    observation: Observation,
    trace: number,
    day: DayState,
    model: ModelGroup,
  ): void {
    const costUsd = observationCostUsd(observation);
    const unpriced = isUnpriced(observation) ? 1 : 0;
    const tokens = this.scratchTokens;
    readTokenCounts(observation, tokens);

    this.totalCostUsd.add(costUsd);
    this.tokens.input += tokens.input;
    this.tokens.output += tokens.output;
    this.tokens.total += tokens.total;
    this.unpricedObservations += unpriced;

    addToTotals(day, costUsd, tokens, unpriced);
    addToTotals(model, costUsd, tokens, unpriced);

    this.traces.addTotals(trace, costUsd, tokens, unpriced);

    let dayModelCost = day.costByModel.get(model.key);
    if (dayModelCost === undefined) {
      dayModelCost = new CompensatedSum();
      day.costByModel.set(model.key, dayModelCost);
    }
    dayModelCost.add(costUsd);
  }

  /**
   * Records the trace's name, user, session, models and error flag. `users` and `sessions`
   * count distinct non-empty ids. A trace is an error trace when at least one of its
   * observations is at level ERROR.
   */
  private addIdentity(observation: Observation, trace: number, model: ModelGroup): void {
    const traces = this.traces;
    const { traceName, userId, sessionId } = observation;
    if (traceName && traces.names[trace] === null) {
      traces.names[trace] = traceName;
    }

    // Most observations repeat their trace's user and session, which are already in the sets.
    if (userId && userId !== traces.userIds[trace]) {
      this.users.add(userId);
      traces.userIds[trace] ??= userId;
    }
    if (sessionId && sessionId !== traces.sessionIds[trace]) {
      this.sessions.add(sessionId);
      traces.sessionIds[trace] ??= sessionId;
    }

    if (traces.addModel(trace, model.index)) {
      model.traces++;
    }

    if (observation.level !== 'ERROR') {
      return;
    }
    traces.hasError[trace] = 1;
    if (traces.addErroredModel(trace, model.index)) {
      model.errorTraces++;
    }
  }

  /**
   * Records observation latency (endTimeMs - startTimeMs, in seconds) by type and by model,
   * and the span the trace latency is measured over. Observations that have not ended count
   * for neither. A negative latency (end before start in bad data) is counted and taken as 0.
   */
  private addTiming(
    observation: Observation,
    trace: number,
    model: ModelGroup,
    startMs: number,
  ): void {
    const traces = this.traces;
    if (startMs < (traces.minStartMs[trace] as number)) {
      traces.minStartMs[trace] = startMs;
    }

    const endMs = observation.endTimeMs;
    if (endMs === null || !Number.isFinite(endMs)) {
      return;
    }

    if (startMs < (traces.minEndedStartMs[trace] as number)) {
      traces.minEndedStartMs[trace] = startMs;
    }
    if (endMs > (traces.maxEndMs[trace] as number)) {
      traces.maxEndMs[trace] = endMs;
    }

    let latencySeconds = (endMs - startMs) / 1000;
    if (latencySeconds < 0) {
      this.negativeLatencyObservations++;
      latencySeconds = 0;
    }

    model.latency.add(latencySeconds);
    let byType = this.latencyByType.get(observation.type);
    if (byType === undefined) {
      byType = new LatencyDistribution();
      this.latencyByType.set(observation.type, byType);
    }
    byType.add(latencySeconds);
  }

  private traceRowOf(traceId: string): number {
    // Pages list a trace's observations close together, so the last trace often repeats.
    if (traceId === this.lastTraceId && this.lastTraceRow !== -1) {
      return this.lastTraceRow;
    }

    const row = this.traces.rowOf(traceId);
    this.lastTraceId = traceId;
    this.lastTraceRow = row;
    return row;
  }

  /** Returns the day of `startMs`: its `YYYY-MM-DD` date in the report's time zone. */
  private dayOf(startMs: number): DayState {
    const label = this.zoneDays.label(startMs);
    if (label === this.lastDayLabel && this.lastDay !== null) {
      return this.lastDay;
    }

    let day = this.days.get(label);
    if (day === undefined) {
      day = new DayState(label);
      this.days.set(label, day);
    }
    this.lastDayLabel = label;
    this.lastDay = day;
    return day;
  }

  private modelOf(modelKey: string): ModelGroup {
    if (this.lastModel !== null && this.lastModel.key === modelKey) {
      return this.lastModel;
    }

    const index = this.modelIndexByKey.get(modelKey);
    let model: ModelGroup;
    if (index === undefined) {
      model = new ModelGroup(modelKey, this.models.length);
      this.models.push(model);
      this.modelIndexByKey.set(modelKey, model.index);
    } else {
      model = this.models[index] as ModelGroup;
    }
    this.lastModel = model;
    return model;
  }
}

function addToTotals(
  totals: ObservationTotals,
  costUsd: number,
  tokens: TokenCounts,
  unpriced: number,
): void {
  totals.observations++;
  totals.costUsd.add(costUsd);
  totals.inputTokens += tokens.input;
  totals.outputTokens += tokens.output;
  totals.totalTokens += tokens.total;
  totals.unpricedObservations += unpriced;
}

function validateRange(fromMs: number, toMs: number): void {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs > toMs) {
    throw new RangeError(
      `Invalid time range [${fromMs}, ${toMs}): fromMs and toMs must be finite epoch ` +
        'milliseconds with fromMs <= toMs.',
    );
  }

  const days = (toMs - fromMs) / 86_400_000;
  if (days > MAX_RANGE_DAYS) {
    throw new RangeError(
      `Invalid time range [${fromMs}, ${toMs}): it spans ${Math.ceil(days)} days, more than ` +
        `the ${MAX_RANGE_DAYS} a report covers; choose a shorter range.`,
    );
  }
}
