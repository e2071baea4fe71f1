import type { AnalyticsReport } from '../../analytics/assembleReport';
import { DIMENSION_NAMES } from '../../analytics/dimensions';
import { observationQueryOf, parseFilter } from '../../analytics/filters';
import type { Breakdown } from '../../analytics/types';
import type { AnalyticsView, BreakdownRow, InsightsModel } from '../../shared/protocol';

/** Reduces the analytics report to what the dashboard's analytics sections draw. */
export function buildInsightsModel(
  insights: AnalyticsReport,
  view: AnalyticsView,
  viewErrors: readonly string[],
  fromLangfuse: boolean,
): InsightsModel {
  const breakdown = breakdownFor(insights, view.dimension);
  const usersAndSessions = insights.usersAndSessions;
  const modelBreakdown = insights.breakdowns.find((candidate) => candidate.dimension === 'model');

  return {
    scope: scopeLine(insights),
    view,
    viewErrors: [...viewErrors],
    filters: insights.filters.map((text) => ({
      text,
      pushedDown: fromLangfuse && isPushedDown(text),
    })),
    dimensions: dimensionChoices(view.dimension),
    breakdown: breakdown
      ? {
          dimension: breakdown.dimension,
          level: breakdown.level,
          totalGroups: breakdown.totalGroups,
          rows: breakdown.groups.map((group) => toRow(group, fromLangfuse)),
        }
      : null,
    series: {
      labels: insights.timeSeries.map((point) => point.label),
      costUsd: insights.timeSeries.map((point) => point.costUsd),
      traces: insights.timeSeries.map((point) => point.traces),
      inputTokens: insights.timeSeries.map((point) => point.inputTokens),
      outputTokens: insights.timeSeries.map((point) => point.outputTokens),
    },
    heatmap: {
      traces: insights.heatmap.map((cell) => cell.traces),
      costUsd: insights.heatmap.map((cell) => cell.costUsd),
    },
    users: {
      users: usersAndSessions.users,
      sessions: usersAndSessions.sessions,
      costPerUserUsd: usersAndSessions.costPerUserUsd,
      costPerSessionUsd: usersAndSessions.costPerSessionUsd,
      days: usersAndSessions.perDay.map((day) => day.day),
      activeUsers: usersAndSessions.perDay.map((day) => day.activeUsers),
      newUsers: usersAndSessions.perDay.map((day) => day.newUsers),
      returningUsers: usersAndSessions.perDay.map((day) => day.returningUsers),
      sessionsPerDay: usersAndSessions.perDay.map((day) => day.sessions),
      topUsers: usersAndSessions.topUsers,
      topSessions: usersAndSessions.topSessions,
    },
    scores: insights.scores,
    costPerQuality: insights.costPerQuality,
    comparison: insights.comparison,
    dimensionValues: Object.fromEntries(
      insights.breakdowns.map((candidate) => [
        candidate.dimension,
        candidate.groups.map((group) => group.key).filter((key) => key !== '(other)'),
      ]),
    ),
    correlations: insights.correlations,
    whatIf: insights.whatIf[0] ?? null,
    models: (modelBreakdown?.groups ?? [])
      .map((group) => group.key)
      .filter((key) => !key.startsWith('(')),
    pricing: insights.pricing,
  };
}

/** Finds the breakdown of a dimension as the view writes it (`metadata:<key>` included). */
export function breakdownFor(insights: AnalyticsReport, dimension: string): Breakdown | undefined {
  const wanted = dimension.replace(/^metadata\./i, 'metadata:');
  return (
    insights.breakdowns.find((candidate) => candidate.dimension === wanted) ??
    insights.breakdowns.find(
      (candidate) => candidate.dimension.toLowerCase() === wanted.toLowerCase(),
    )
  );
}

function dimensionChoices(current: string): string[] {
  const names: string[] = DIMENSION_NAMES.filter((name) => name !== 'metadata');
  if (current.toLowerCase().startsWith('metadata') && !names.includes(current)) {
    names.push(current);
  }
  return names;
}

function toRow(group: Breakdown['groups'][number], canOpenTraces: boolean): BreakdownRow {
  return {
    key: group.key,
    costUsd: group.costUsd,
    estimatedCostUsd: group.estimatedCostUsd,
    totalTokens: group.tokens.total,
    p50Seconds: group.latency?.p50 ?? null,
    p95Seconds: group.latency?.p95 ?? null,
    errorRate: group.errorRate,
    traces: group.traces,
    observations: group.observations,
    unpricedObservations: group.unpricedObservations,
    canOpenTrace: canOpenTraces && group.drillDown.topTraceId !== null,
  };
}

function isPushedDown(text: string): boolean {
  try {
    return Object.keys(observationQueryOf([parseFilter(text)])).length > 0;
  } catch {
    return false;
  }
}

/** For example `2026-11-27 00:00 to 2026-12-04 16:40 (Europe/Berlin) · day buckets · 1 filter`. */
export function scopeLine(insights: AnalyticsReport): string {
  const { from, to, timeZone } = insights.range;
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const local = (iso: string) => format.format(new Date(iso)).replace(',', '');
  const filters = insights.filters.length;
  const filterText = filters === 0 ? 'no filters' : `${filters} filter${filters === 1 ? '' : 's'}`;
  return `${local(from)} to ${local(to)} (${timeZone}) · ${insights.granularity} buckets · ${filterText}`;
}
