import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../langfuse/regions';
import { parsePriceOverrides } from '../pricing/priceSettings';
import type { PriceOverrides } from '../pricing/priceTable';
import { METRICS_API_MODES, type MetricsApiMode } from '../analytics/metricsPath';
import { isValidTimeZone, systemTimeZone } from '../time/zone';
import { isTimeRangePreset, type TimeRangePreset } from './timeRange';

export const CONFIG_SECTION = 'traceInsight';

/** The whole `traceInsight` settings section, read and checked in one place. */
export interface TraceInsightConfig {
  baseUrl: string;
  publicKey: string;
  /** 0 turns automatic refresh off. */
  refreshIntervalMinutes: number;
  defaultTimeRange: TimeRangePreset;
  /** The configured IANA zone, or the machine's when the setting is empty or invalid. */
  timeZone: string;
  /** A time zone setting that Intl rejected, kept for the warning to the user. */
  invalidTimeZone: string | null;
  budgetDailyUsd: number | null;
  warningThresholdPercent: number;
  /** Share of each budget, in percent, from which it is at alert level (error background). */
  errorThresholdPercent: number;
  /** `traceInsight.budgets` as set; the alerts module validates it. */
  budgets: unknown;
  /** `traceInsight.alerts` as set; the alerts module validates it. */
  alerts: unknown;
  snoozeMinutes: number;
  /** Minutes between reminders while a rule stays crossed; 0 sends none. */
  reNotifyMinutes: number;
  /** Request budget of the background refresh. */
  requestsPerMinute: number;
  /** When loads read aggregates from Langfuse's Metrics API v2 instead of every observation. */
  metricsApi: MetricsApiMode;
  /** `traceInsight.prices`: user prices that override the project's and Langfuse's. */
  prices: PriceOverrides;
  /** One message per invalid `traceInsight.prices` entry, which is left out. */
  priceErrors: string[];
}

export function readConfig(): TraceInsightConfig {
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION);

  const configuredZone = section.get<string>('timeZone', '').trim();
  const zoneValid = configuredZone !== '' && isValidTimeZone(configuredZone);
  const range = section.get<string>('defaultTimeRange', 'last7Days');
  const budget = section.get<number | null>('budget.daily', null);
  const threshold = section.get<number>('budget.warningThresholdPercent', 80);
  const interval = section.get<number>('refreshIntervalMinutes', 5);
  const errorThreshold = section.get<number>('budget.errorThresholdPercent', 100);
  const snooze = section.get<number>('notifications.snoozeMinutes', 60);
  const reNotify = section.get<number>('notifications.reNotifyMinutes', 60);
  const requestsPerMinute = section.get<number>('requestsPerMinute', 30);
  const metricsApi = section.get<string>('metricsApi', 'auto');
  const prices = parsePriceOverrides(section.get<unknown>('prices', {}));

  return {
    baseUrl: section.get<string>('baseUrl', DEFAULT_BASE_URL).trim() || DEFAULT_BASE_URL,
    publicKey: section.get<string>('publicKey', '').trim(),
    refreshIntervalMinutes: Number.isFinite(interval) && interval > 0 ? interval : 0,
    defaultTimeRange: isTimeRangePreset(range) ? range : 'last7Days',
    timeZone: zoneValid ? configuredZone : systemTimeZone(),
    invalidTimeZone: configuredZone !== '' && !zoneValid ? configuredZone : null,
    budgetDailyUsd:
      typeof budget === 'number' && Number.isFinite(budget) && budget > 0 ? budget : null,
    warningThresholdPercent:
      Number.isFinite(threshold) && threshold > 0 && threshold <= 100 ? threshold : 80,
    errorThresholdPercent:
      Number.isFinite(errorThreshold) && errorThreshold > 0 ? errorThreshold : 100,
    budgets: section.get<unknown>('budgets', []),
    alerts: section.get<unknown>('alerts', {}),
    snoozeMinutes: Number.isFinite(snooze) && snooze > 0 ? snooze : 60,
    reNotifyMinutes: Number.isFinite(reNotify) && reNotify >= 0 ? reNotify : 60,
    requestsPerMinute:
      Number.isFinite(requestsPerMinute) && requestsPerMinute > 0 ? requestsPerMinute : 30,
    metricsApi: METRICS_API_MODES.find((mode) => mode === metricsApi) ?? 'auto',
    prices: prices.prices,
    priceErrors: prices.errors.map((message) => `traceInsight.${message}`),
  };
}

/**
 * Re-reads the section whenever a `traceInsight` setting changes and passes the new value on.
 */
export function watchConfig(
  onChange: (config: TraceInsightConfig, event: vscode.ConfigurationChangeEvent) => void,
): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(CONFIG_SECTION)) {
      onChange(readConfig(), event);
    }
  });
}
