import * as vscode from 'vscode';
import type { AlertCenter, AlertSnapshot } from '../alerts/alertCenter';
import type { TraceInsightConfig } from '../config';
import type { AnalyticsService, DataState, LoadedAnalytics } from '../data/analyticsService';
import type { DayPoint } from '../../metrics/analyticsTypes';
import { zonedDate } from '../../time/zone';
import { startOfDayMs } from '../timeRange';
import { computeStatusBarState, type StatusBarState } from './statusBarState';

const BACKGROUNDS: Record<StatusBarState['level'], vscode.ThemeColor | undefined> = {
  none: undefined,
  normal: undefined,
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  over: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

/** The status bar item with the most urgent budget, or today's spend without budgets. */
export class BudgetStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;
  private stateValue: StatusBarState;
  private lastToday: { sourceLabel: string; today: DayPoint } | null = null;

  constructor(
    private readonly service: AnalyticsService,
    private config: TraceInsightConfig,
    private readonly alerts: AlertCenter,
  ) {
    this.item = vscode.window.createStatusBarItem(
      'traceInsight.budget',
      vscode.StatusBarAlignment.Right,
      100,
    );
    this.item.name = 'Trace Insight Budget';
    this.item.command = 'traceInsight.openDashboard';
    this.subscription = vscode.Disposable.from(
      service.onDidChangeState((state) => this.update(state)),
      alerts.onDidChange(() => this.update(service.currentState)),
    );
    this.stateValue = this.update(service.currentState);
  }

  /** The item's current content, for tests. */
  get state(): StatusBarState & { backgroundColorId: string | null } {
    const background = BACKGROUNDS[this.stateValue.level];
    return { ...this.stateValue, backgroundColorId: background?.id ?? null };
  }

  setConfig(config: TraceInsightConfig): void {
    this.config = config;
    this.update(this.service.currentState);
  }

  private todaySpend(data: LoadedAnalytics | null): DayPoint | undefined {
    const nowMs = Date.now();
    const fresh = todayOf(data, nowMs);
    if (fresh && data) {
      this.lastToday = { sourceLabel: data.sourceLabel, today: fresh };
      return fresh;
    }
    const day = zonedDate(data?.timeZone ?? this.config.timeZone, nowMs);
    const kept = this.lastToday;
    return kept && kept.sourceLabel === data?.sourceLabel && kept.today.day === day
      ? kept.today
      : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private update(state: DataState): StatusBarState {
    const data = loadedData(state);
    if (state.kind === 'signedOut' && !data) {
      this.item.hide();
    } else {
      this.item.show();
    }

    const today = this.todaySpend(data);
    const alerts: AlertSnapshot = this.alerts.snapshot;
    const computed = computeStatusBarState({
      todayCostUsd: data && today ? today.costUsd : null,
      todayCostByModel: today?.costByModel ?? {},
      todayKey: today?.day ?? zonedDate(this.config.timeZone, Date.now()),
      timeZone: data?.timeZone ?? this.config.timeZone,
      ruleCount: alerts.ruleSet.rules.length,
      results: alerts.results,
      snoozedUntilMs: alerts.snoozedUntilMs,
      settingErrors: alerts.ruleSet.errors,
    });

    this.item.text = computed.text;
    this.item.backgroundColor = BACKGROUNDS[computed.level];
    this.item.tooltip = tooltipFor(computed, data);
    this.item.accessibilityInformation = { label: computed.tooltipLines[0] ?? computed.text };
    this.stateValue = computed;
    return computed;
  }
}

/**
 * Today's figures from a load that covers all of today, unfiltered and streamed: a shorter
 * range (last hour), an earlier one (last month), filters or UTC-day Metrics API buckets would
 * show something else as "today". Otherwise the last such figures of the same day and source.
 */
function todayOf(data: LoadedAnalytics | null, nowMs: number): DayPoint | undefined {
  if (!data?.analytics.today) {
    return undefined;
  }
  const startOfToday = startOfDayMs(nowMs, data.timeZone);
  const coversToday = data.range.fromMs <= startOfToday && data.range.toMs > startOfToday;
  const unfiltered = (data.view?.filters.length ?? 0) === 0 && data.metricsApi === undefined;
  return coversToday && unfiltered ? data.analytics.today : undefined;
}

function loadedData(state: DataState): LoadedAnalytics | null {
  switch (state.kind) {
    case 'ready':
      return state.data;
    case 'loading':
    case 'error':
      return state.previous;
    default:
      return null;
  }
}

function tooltipFor(state: StatusBarState, data: LoadedAnalytics | null): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  // appendText escapes Markdown, because rule names and groups can come from traces.
  for (const line of state.tooltipLines) {
    tooltip.appendText(line);
    tooltip.appendMarkdown('\n\n');
  }
  if (data) {
    tooltip.appendText(`Source: ${data.sourceLabel}. Click to open the dashboard.`);
  }
  return tooltip;
}
