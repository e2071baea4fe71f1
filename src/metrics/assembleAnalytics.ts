import { ObservationTotals, type DayState, type ModelGroup } from './accumulators';
import {
  NO_USER_KEY,
  UNNAMED_TRACE_KEY,
  type Analytics,
  type DayPoint,
  type GroupStats,
  type ReportOptions,
} from './analyticsTypes';
import { roundCostUsd } from './compensatedSum';
import { LatencyDistribution } from './latencyDistribution';
import type { TokenCounts } from './observationValues';
import type { LatencyPercentiles, Report } from './types';
import type { TraceTable } from './traceTable';
import { ZoneDays } from './zoneDays';
import { setOwn } from '../util/records';

/** The state a ReportBuilder has accumulated, handed over once to be turned into output. */
export interface AccumulatedState {
  options: ReportOptions;
  zoneDays: ZoneDays;
  observations: number;
  totalCostUsd: number;
  tokens: TokenCounts;
  unpricedObservations: number;
  negativeLatencyObservations: number;
  traces: TraceTable;
  models: readonly ModelGroup[];
  days: Map<string, DayState>;
  latencyByType: Map<string, LatencyDistribution>;
  users: number;
  sessions: number;
}

/** A trace-level group (trace name or user), summed from the totals of its traces. */
class TraceGroup extends ObservationTotals {
  readonly latency = new LatencyDistribution();
  traces = 0;
  errorTraces = 0;

  constructor(readonly key: string) {
    super();
  }

  addTrace(traces: TraceTable, row: number, latencySeconds: number | null): void {
    this.traces++;
    if (traces.hasError[row] === 1) {
      this.errorTraces++;
    }
    if (latencySeconds !== null) {
      this.latency.add(latencySeconds);
    }

    this.observations += traces.observations[row] as number;
    this.costUsd.add(traces.totalCostUsd(row));
    this.inputTokens += traces.inputTokens[row] as number;
    this.outputTokens += traces.outputTokens[row] as number;
    this.totalTokens += traces.totalTokens[row] as number;
    this.unpricedObservations += traces.unpricedObservations[row] as number;
  }
}

/** Turns the accumulated state into the Report and the Analytics, once per builder. */
export function assembleAnalytics(state: AccumulatedState): Analytics {
  const traceLatency = new LatencyDistribution();
  const byTraceName = new Map<string, TraceGroup>();
  const byUser = new Map<string, TraceGroup>();
  let errorTraces = 0;

  const traces = state.traces;
  for (let row = 0; row < traces.size; row++) {
    const latencySeconds = traces.latencySeconds(row);
    if (latencySeconds !== null) {
      traceLatency.add(latencySeconds);
    }
    if (traces.hasError[row] === 1) {
      errorTraces++;
    }

    const name = traces.names[row] ?? UNNAMED_TRACE_KEY;
    groupOf(byTraceName, name).addTrace(traces, row, latencySeconds);
    groupOf(byUser, traces.userIds[row] ?? NO_USER_KEY).addTrace(traces, row, latencySeconds);
    countTraceOnItsDay(state, row);
  }

  const latencyByType = percentilesByKey(state.latencyByType);
  const byModel = sortGroups(state.models.map(modelGroupStats));
  const report = assembleReport(state, {
    byModel,
    traceLatency: traceLatency.percentiles(),
    latencyByType,
    errorTraces,
  });
  const days = assembleDays(state);
  const todayLabel = state.zoneDays.label(state.options.nowMs ?? Date.now());

  const analytics: Analytics = {
    report,
    days,
    byModel,
    byTraceName: sortGroups([...byTraceName.values()].map(traceGroupStats)),
    byUser: sortGroups([...byUser.values()].map(traceGroupStats)),
    latencyByType,
    negativeLatencyObservations: state.negativeLatencyObservations,
  };

  const today = days.find((point) => point.day === todayLabel);
  if (today !== undefined) {
    analytics.today = today;
  }
  return analytics;
}

/** The parts of the report that are computed from the groups. */
interface ReportParts {
  byModel: GroupStats[];
  traceLatency: LatencyPercentiles | null;
  latencyByType: Record<string, LatencyPercentiles>;
  errorTraces: number;
}

function assembleReport(state: AccumulatedState, parts: ReportParts): Report {
  const { range, timeZone } = state.options;
  // `traces` counts the distinct trace ids among the observations in the range.
  const traces = state.traces.size;

  const byModel: Record<string, number> = {};
  for (const model of parts.byModel) {
    setOwn(byModel, model.key, model.costUsd);
  }

  // Only days with observations, ascending. Analytics.days lists the empty days too.
  const byDay: Record<string, number> = {};
  for (const label of [...state.days.keys()].sort()) {
    setOwn(byDay, label, roundCostUsd((state.days.get(label) as DayState).costUsd.value()));
  }

  return {
    range: {
      from: new Date(range.fromMs).toISOString(),
      to: new Date(range.toMs).toISOString(),
      timeZone,
    },
    traces,
    observations: state.observations,
    cost: {
      total: roundCostUsd(state.totalCostUsd),
      byModel,
      byDay,
      unpricedObservations: state.unpricedObservations,
    },
    tokens: { input: state.tokens.input, output: state.tokens.output, total: state.tokens.total },
    latency: { traces: parts.traceLatency, byType: parts.latencyByType },
    errors: { traces: parts.errorTraces, rate: rate(parts.errorTraces, traces) },
    users: state.users,
    sessions: state.sessions,
  };
}

/** Lists every day of the range in the zone, with the days observations fell on. */
function assembleDays(state: AccumulatedState): DayPoint[] {
  const { fromMs, toMs } = state.options.range;
  const labels = new Set<string>();
  if (toMs > fromMs) {
    const first = state.zoneDays.label(fromMs);
    const last = state.zoneDays.label(toMs - 1);
    for (const label of ZoneDays.datesBetween(first, last)) {
      labels.add(label);
    }
  }

  // An instant late in the range can carry an earlier date when clocks go back over midnight.
  for (const label of state.days.keys()) {
    labels.add(label);
  }

  return [...labels].sort().map((label) => dayPoint(label, state.days.get(label)));
}

function dayPoint(label: string, day: DayState | undefined): DayPoint {
  if (day === undefined) {
    return {
      day: label,
      costUsd: 0,
      costByModel: {},
      inputTokens: 0,
      outputTokens: 0,
      traces: 0,
      errorTraces: 0,
      errorRate: 0,
      observations: 0,
    };
  }

  const costByModel: Record<string, number> = {};
  const models = [...day.costByModel.entries()]
    .map(([model, costUsd]) => ({ model, costUsd: roundCostUsd(costUsd.value()) }))
    .sort((a, b) => b.costUsd - a.costUsd || compareKeys(a.model, b.model));
  for (const { model, costUsd } of models) {
    setOwn(costByModel, model, costUsd);
  }

  return {
    day: label,
    costUsd: roundCostUsd(day.costUsd.value()),
    costByModel,
    inputTokens: day.inputTokens,
    outputTokens: day.outputTokens,
    traces: day.traces,
    errorTraces: day.errorTraces,
    errorRate: rate(day.errorTraces, day.traces),
    observations: day.observations,
  };
}

/** Counts a trace on the day of its earliest observation start in the range. */
function countTraceOnItsDay(state: AccumulatedState, row: number): void {
  const minStartMs = state.traces.minStartMs[row] as number;
  const day = state.days.get(state.zoneDays.label(minStartMs));
  if (day === undefined) {
    return;
  }
  day.traces++;
  if (state.traces.hasError[row] === 1) {
    day.errorTraces++;
  }
}

function groupOf(groups: Map<string, TraceGroup>, key: string): TraceGroup {
  let group = groups.get(key);
  if (group === undefined) {
    group = new TraceGroup(key);
    groups.set(key, group);
  }
  return group;
}

/**
 * Summarises one model. Its traces are the traces with an observation of that model. Its error
 * traces are those where an observation of that model is at level ERROR, so a failing tool span
 * does not count against a model that the same trace also called.
 */
function modelGroupStats(model: ModelGroup): GroupStats {
  return groupStats(model.key, model, model.traces, model.errorTraces, model.latency);
}

function traceGroupStats(group: TraceGroup): GroupStats {
  return groupStats(group.key, group, group.traces, group.errorTraces, group.latency);
}

function groupStats(
  key: string,
  totals: ObservationTotals,
  traces: number,
  errorTraces: number,
  latency: LatencyDistribution,
): GroupStats {
  return {
    key,
    observations: totals.observations,
    traces,
    costUsd: roundCostUsd(totals.costUsd.value()),
    tokens: { input: totals.inputTokens, output: totals.outputTokens, total: totals.totalTokens },
    latency: latency.percentiles(),
    errorTraces,
    errorRate: rate(errorTraces, traces),
    unpricedObservations: totals.unpricedObservations,
  };
}

function percentilesByKey(
  distributions: Map<string, LatencyDistribution>,
): Record<string, LatencyPercentiles> {
  const result: Record<string, LatencyPercentiles> = {};
  for (const key of [...distributions.keys()].sort(compareKeys)) {
    const percentiles = (distributions.get(key) as LatencyDistribution).percentiles();
    if (percentiles !== null) {
      setOwn(result, key, percentiles);
    }
  }
  return result;
}

function sortGroups(groups: GroupStats[]): GroupStats[] {
  return groups.sort((a, b) => b.costUsd - a.costUsd || compareKeys(a.key, b.key));
}

function compareKeys(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  if (a > b) {
    return 1;
  }
  return 0;
}

/** Returns the error rate: error traces over traces, or 0 when there are no traces. */
function rate(errorTraces: number, traces: number): number {
  return traces === 0 ? 0 : errorTraces / traces;
}
