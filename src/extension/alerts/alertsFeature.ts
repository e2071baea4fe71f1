import * as vscode from 'vscode';
import type { AlertCause, AlertHistoryEntry, RuleResult } from '../../alerts';
import { LangfuseClient } from '../../langfuse/client';
import type { Logger } from '../../langfuse/http';
import type { TraceInsightConfig } from '../config';
import type { AnalyticsService } from '../data/analyticsService';
import { describeError } from '../log';
import { AlertRefresh, type AlertCheck, type RefreshSourceHandle } from '../refresh/alertRefresh';
import { AlertCenter } from './alertCenter';
import { buildAlertRules } from '../../alerts/settingsRules';
import { AlertNotifier, type ShownNotification } from './notifier';

export interface AlertsFeatureOptions {
  memento: vscode.Memento;
  analytics: AnalyticsService;
  logger: Logger;
  config: TraceInsightConfig;
  openCause: (cause: AlertCause) => Promise<void>;
}

/** What the integration tests read and drive through the test API. */
export interface AlertTestHooks {
  results(): readonly RuleResult[];
  notifications(): readonly ShownNotification[];
  history(): readonly AlertHistoryEntry[];
  /** Runs a background refresh now and returns its check and the error message, if any. */
  check(): Promise<{ check: AlertCheck | null; error: string | null }>;
  /** Forgets the firing state, the history and the notifications shown. */
  clear(): Promise<void>;
}

/**
 * Budgets and alerts in the editor: builds the rules from the settings, refreshes their data in
 * the background, and passes each check to the AlertCenter for notifications and history.
 */
export class AlertsFeature implements vscode.Disposable {
  readonly center: AlertCenter;
  private readonly notifier: AlertNotifier;
  private readonly refresh: AlertRefresh;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly sampleIds = new WeakMap<object, number>();
  private nextSampleId = 1;
  private config: TraceInsightConfig;

  constructor(private readonly options: AlertsFeatureOptions) {
    const { logger, config } = options;
    this.config = config;
    this.notifier = new AlertNotifier({
      openCause: (event) => {
        void options.openCause(event.result.cause).catch((error: unknown) => {
          logger.error(`[alerts] opening the dashboard failed: ${describeError(error)}`);
        });
      },
      snooze: (ruleId) => this.center.snooze(ruleId, this.config.snoozeMinutes),
      snoozeLabel: () => `Snooze ${formatMinutes(this.config.snoozeMinutes)}`,
    });
    this.center = new AlertCenter(options.memento, this.notifier, logger, config.reNotifyMinutes);
    this.refresh = new AlertRefresh({
      openSource: () => this.openSource(),
      logger,
      onCheck: (check) => this.center.handleCheck(check),
      onError: (error) =>
        logger.warn(`[alerts] background refresh failed: ${describeError(error)}`),
    });

    this.refresh.setFocused(vscode.window.state.focused);
    this.subscriptions.push(
      vscode.window.onDidChangeWindowState((state) => this.refresh.setFocused(state.focused)),
      options.analytics.onDidChangeState((state) => {
        if (state.kind === 'ready' || state.kind === 'signedOut' || state.kind === 'needsSignIn') {
          void this.refresh.refreshNow();
        }
      }),
    );
    this.configure(config);
  }

  get testHooks(): AlertTestHooks {
    return {
      results: () => this.center.snapshot.results,
      notifications: () => this.notifier.shown,
      history: () => this.center.historyEntries,
      check: async () => {
        await this.refresh.refreshNow();
        const error = this.refresh.lastError;
        return {
          check: this.refresh.lastCheck,
          error: error === null ? null : describeError(error),
        };
      },
      clear: () => this.center.clear(),
    };
  }

  /** Rebuilds the rules from the settings and applies the refresh interval and request budget. */
  configure(config: TraceInsightConfig): void {
    this.config = config;
    const ruleSet = buildAlertRules({
      budgets: config.budgets,
      alerts: config.alerts,
      budgetDailyUsd: config.budgetDailyUsd,
      warningThresholdPercent: config.warningThresholdPercent,
      errorThresholdPercent: config.errorThresholdPercent,
    });
    for (const error of ruleSet.errors) {
      this.options.logger.warn(`[alerts] ${error}`);
    }
    this.options.logger.info(`[alerts] ${ruleSet.rules.length} budgets and rules`);

    this.center.setRuleSet(ruleSet, ruleSet.reNotifyMinutes ?? config.reNotifyMinutes);
    this.refresh.configure({
      rules: ruleSet.rules,
      timeZone: ruleSet.timeZone ?? config.timeZone,
      intervalMs: config.refreshIntervalMinutes * 60_000,
      requestsPerMinute: config.requestsPerMinute,
    });
  }

  /** Re-evaluates with what is new, for example after the budgets changed. */
  refreshNow(): Promise<void> {
    return this.refresh.refreshNow();
  }

  dispose(): void {
    this.refresh.dispose();
    this.center.dispose();
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
  }

  private async openSource(): Promise<RefreshSourceHandle | null> {
    const { analytics } = this.options;
    const opened = await analytics.openActiveSource();
    if (opened.kind !== 'ok') {
      return null;
    }

    const { source } = opened;
    const client = source instanceof LangfuseClient ? source : undefined;
    const identity = client ? this.config.publicKey : `#${this.sampleIdOf(source)}`;
    return {
      key: `${analytics.mode} ${opened.label} ${identity}`,
      source,
      requestCount: client ? () => client.requestCount : undefined,
      close: opened.close,
    };
  }

  // NOTE: budgets and rules also run on sample data, so the status bar can show a generated
  // overspend after "Explore Sample Data".
  /** Numbers sample sources, so a replaced one (another data set) is read from scratch. */
  private sampleIdOf(source: object): number {
    let id = this.sampleIds.get(source);
    if (id === undefined) {
      id = this.nextSampleId++;
      this.sampleIds.set(source, id);
    }
    return id;
  }
}

function formatMinutes(minutes: number): string {
  if (minutes % 60 === 0) {
    return minutes === 60 ? '1 Hour' : `${minutes / 60} Hours`;
  }
  return `${minutes} Minutes`;
}
