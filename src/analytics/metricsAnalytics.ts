import type { TimeRange } from '../langfuse/types';
import type { Analytics, DayPoint, GroupStats } from '../metrics/analyticsTypes';
import type { LatencyPercentiles, Report } from '../metrics/types';
import type { DailyModelFigure } from './dailyModelFigures';

const DAY_MS = 86_400_000;

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT']);

/**
 * Builds the dashboard's analytics from metrics API figures. Days are UTC days, because the API
 * buckets by UTC. Figures the API cannot compute (traces, error traces, users, sessions, trace
 * latency, unpriced observations) are 0 or null here, and `MetricsApiSummary.unavailable` lists
 * them for the views to mark.
 *
 * NOTE: the tree view shows these 0s as measured figures; only the dashboard marks them n/a.
 */
export function analyticsFromMetrics(
  figures: readonly DailyModelFigure[],
  latencyByModel: Record<string, LatencyPercentiles>,
  latencyByType: Record<string, LatencyPercentiles>,
  range: TimeRange,
  timeZone: string,
  nowMs: number,
): Analytics {
  const days = emptyDays(range);
  const dayIndex = new Map(days.map((point, index) => [point.day, index]));
  const models = new Map<string, GroupStats>();
  const tokens = { input: 0, output: 0, total: 0 };
  let observations = 0;
  let costUsd = 0;

  for (const figure of figures) {
    const point = days[dayIndex.get(figure.day) ?? -1];
    if (point !== undefined) {
      point.costUsd += figure.costUsd;
      point.costByModel[figure.model] = (point.costByModel[figure.model] ?? 0) + figure.costUsd;
      point.inputTokens += figure.inputTokens;
      point.outputTokens += figure.outputTokens;
      point.observations += figure.observations;
    }

    const group = groupOf(models, figure.model);
    group.observations += figure.observations;
    group.costUsd += figure.costUsd;
    group.tokens.input += figure.inputTokens;
    group.tokens.output += figure.outputTokens;
    group.tokens.total += figure.totalTokens;

    observations += figure.observations;
    costUsd += figure.costUsd;
    tokens.input += figure.inputTokens;
    tokens.output += figure.outputTokens;
    tokens.total += figure.totalTokens;
  }

  for (const [model, latency] of Object.entries(latencyByModel)) {
    groupOf(models, model).latency = latency;
  }

  const byModel = [...models.values()].sort(
    (left, right) => right.costUsd - left.costUsd || left.key.localeCompare(right.key),
  );
  const report: Report = {
    range: {
      from: new Date(range.fromMs).toISOString(),
      to: new Date(range.toMs).toISOString(),
      timeZone,
    },
    traces: 0,
    observations,
    cost: {
      total: costUsd,
      byModel: Object.fromEntries(byModel.map((group) => [group.key, group.costUsd])),
      byDay: Object.fromEntries(days.map((point) => [point.day, point.costUsd])),
      unpricedObservations: 0,
    },
    tokens,
    latency: { traces: null, byType: latencyByType },
    errors: { traces: 0, rate: 0 },
    users: 0,
    sessions: 0,
  };

  // A UTC day is not the zone's today, which daily budgets compare against, so other zones get none.
  const today = UTC_ZONES.has(timeZone) ? new Date(nowMs).toISOString().slice(0, 10) : null;
  return {
    report,
    days,
    byModel,
    byTraceName: [],
    byUser: [],
    latencyByType,
    today: days.find((point) => point.day === today),
    negativeLatencyObservations: 0,
  };
}

/** Creates an empty point for every UTC day that overlaps the half-open range, ascending. */
function emptyDays(range: TimeRange): DayPoint[] {
  const days: DayPoint[] = [];
  if (!(range.fromMs < range.toMs)) {
    return days;
  }
  const lastDayMs = Math.floor((range.toMs - 1) / DAY_MS) * DAY_MS;
  for (
    let dayMs = Math.floor(range.fromMs / DAY_MS) * DAY_MS;
    dayMs <= lastDayMs;
    dayMs += DAY_MS
  ) {
    days.push({
      day: new Date(dayMs).toISOString().slice(0, 10),
      costUsd: 0,
      costByModel: {},
      inputTokens: 0,
      outputTokens: 0,
      traces: 0,
      errorTraces: 0,
      errorRate: 0,
      observations: 0,
    });
  }
  return days;
}

function groupOf(groups: Map<string, GroupStats>, key: string): GroupStats {
  let group = groups.get(key);
  if (group === undefined) {
    group = {
      key,
      observations: 0,
      traces: 0,
      costUsd: 0,
      tokens: { input: 0, output: 0, total: 0 },
      latency: null,
      errorTraces: 0,
      errorRate: 0,
      unpricedObservations: 0,
    };
    groups.set(key, group);
  }
  return group;
}
