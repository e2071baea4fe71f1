import type { AnalyticsReport } from '../../analytics/assembleReport';
import type { MetricsApiSummary } from '../../analytics/metricsPath';
import type { Analytics } from '../../metrics/analyticsTypes';
import type { DashboardModel, DashboardSeries, DashboardTile } from '../../shared/protocol';
import type { AnalyticsView } from '../../shared/protocol';
import { formatCount, formatPercent, formatSeconds, formatUsd } from '../format';
import { buildInsightsModel } from './insightsModel';

/** Models beyond this many are stacked into one "other models" series. */
export const MAX_MODEL_SERIES = 8;

export interface DashboardContext {
  rangeLabel: string;
  sourceLabel: string;
  timeZone: string;
  loadedAtMs: number;
  insights?: AnalyticsReport;
  view?: AnalyticsView;
  viewErrors?: string[];
  /** True when the data came from Langfuse, so traces can be opened in its web UI. */
  fromLangfuse?: boolean;
  /** Set when the Metrics API v2 served the figures; tiles it cannot compute show "n/a". */
  metricsApi?: MetricsApiSummary;
}

/** Reduces analytics to the aggregates the dashboard draws. */
export function buildDashboardModel(
  analytics: Analytics,
  context: DashboardContext,
): DashboardModel {
  const report = analytics.report;
  const days = analytics.days.map((point) => point.day);

  const model: DashboardModel = {
    rangeLabel: context.rangeLabel,
    sourceLabel: context.sourceLabel,
    timeZone: context.timeZone,
    loadedAt: new Date(context.loadedAtMs).toISOString(),
    tiles: [
      { id: 'cost', label: 'Cost', value: formatUsd(report.cost.total), ...costDetail(context) },
      { id: 'traces', label: 'Traces', value: formatCount(report.traces) },
      { id: 'observations', label: 'Observations', value: formatCount(report.observations) },
      {
        id: 'tokens',
        label: 'Tokens',
        value: formatCount(report.tokens.total),
        detail: `in ${formatCount(report.tokens.input)} · out ${formatCount(report.tokens.output)}`,
      },
      { id: 'p95', label: 'p95 trace latency', value: formatSeconds(report.latency.traces?.p95) },
      {
        id: 'errorRate',
        label: 'Error rate',
        value: formatPercent(report.errors.rate),
        detail: `${formatCount(report.errors.traces)} traces`,
      },
      { id: 'users', label: 'Users', value: formatCount(report.users) },
    ],
    days,
    costByModel: costSeries(analytics),
    inputTokensPerDay: analytics.days.map((point) => point.inputTokens),
    outputTokensPerDay: analytics.days.map((point) => point.outputTokens),
    tracesPerDay: analytics.days.map((point) => point.traces),
    errorRatePercentPerDay: analytics.days.map((point) => point.errorRate * 100),
    latencyByType: Object.entries(analytics.latencyByType)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([type, latency]) => ({ type, p50: latency.p50, p95: latency.p95, p99: latency.p99 })),
    insights:
      context.insights && context.view
        ? buildInsightsModel(
            context.insights,
            context.view,
            context.viewErrors ?? [],
            context.fromLangfuse ?? false,
          )
        : null,
  };
  return context.metricsApi ? withMetricsApiNote(model, context.timeZone) : model;
}

/** Tiles the metrics API cannot compute, with what they need instead. */
const NOT_FROM_METRICS_API: Partial<Record<DashboardTile['id'], string>> = {
  traces: 'needs every observation',
  p95: 'needs every observation',
  errorRate: 'needs every observation',
  users: 'needs every observation',
};

/**
 * Marks the tiles that the Metrics API v2 cannot compute as not available, and adds the note
 * that the API served the figures in UTC days.
 */
function withMetricsApiNote(model: DashboardModel, timeZone: string): DashboardModel {
  const zone = timeZone === 'UTC' || timeZone === 'Etc/UTC' ? '' : ` (not ${timeZone})`;
  return {
    ...model,
    tiles: model.tiles.map((tile) => {
      const reason = NOT_FROM_METRICS_API[tile.id];
      return reason ? { id: tile.id, label: tile.label, value: 'n/a', detail: reason } : tile;
    }),
    tracesPerDay: [],
    errorRatePercentPerDay: [],
    metricsNote:
      `served by Langfuse Metrics API v2, days in UTC${zone}; ` +
      'set traceInsight.metricsApi to "never" for traces, errors, users and breakdowns',
  };
}

function costSeries(analytics: Analytics): DashboardSeries[] {
  // byModel is sorted by cost, so the first models are the ones worth their own colour.
  const models = analytics.byModel.map((group) => group.key);
  const named = models.slice(0, MAX_MODEL_SERIES);
  const others = new Set(models.slice(MAX_MODEL_SERIES));

  const series: DashboardSeries[] = named.map((model) => ({
    name: model,
    values: analytics.days.map((point) => point.costByModel[model] ?? 0),
  }));

  if (others.size > 0) {
    series.push({
      name: `${others.size} other models`,
      values: analytics.days.map((point) => {
        let sum = 0;
        for (const [model, costUsd] of Object.entries(point.costByModel)) {
          if (others.has(model)) {
            sum += costUsd;
          }
        }
        return sum;
      }),
    });
  }
  return series;
}

/** Says how many observations Langfuse left unpriced, and their estimate when one was asked for. */
function costDetail(context: DashboardContext): { detail?: string } {
  const pricing = context.insights?.pricing;
  if (!pricing || pricing.unpricedObservations === 0) {
    return {};
  }
  const unpriced = `${formatCount(pricing.unpricedObservations)} unpriced`;
  if (!context.view?.estimateUnpriced) {
    return { detail: unpriced };
  }
  return { detail: `${unpriced} · estimate +${formatUsd(pricing.estimatedCostUsd)}` };
}
