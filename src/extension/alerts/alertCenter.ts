import * as vscode from 'vscode';
import {
  AlertFiring,
  AlertHistory,
  type AlertEvent,
  type AlertHistoryEntry,
  type FiringStateJson,
  type RuleResult,
} from '../../alerts';
import type { Logger } from '../../langfuse/http';
import type { AlertCheck } from '../refresh/alertRefresh';
import type { AlertRuleSet } from '../../alerts/settingsRules';
import type { AlertNotifier } from './notifier';

const FIRING_KEY = 'traceInsight.alertFiring';
const HISTORY_KEY = 'traceInsight.alertHistory';

/** The state the status bar and the tree show: the rules, their last results and the snoozes. */
export interface AlertSnapshot {
  ruleSet: AlertRuleSet;
  /** Results of the last check, in the order of the rules; empty before the first check. */
  results: readonly RuleResult[];
  checkedAtMs: number | null;
  /** The end of each snoozed rule's snooze, epoch milliseconds. */
  snoozedUntilMs: Record<string, number>;
}

/**
 * Turns each check into notifications (once per crossing, with snooze and reminders) and
 * history entries, and keeps both in the workspace state so they survive a restart.
 */
export class AlertCenter implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<AlertSnapshot>();
  readonly onDidChange = this.changeEmitter.event;

  private firing: AlertFiring;
  private readonly history: AlertHistory;
  private ruleSet: AlertRuleSet = { rules: [], budgetItemIds: [], errors: [] };
  private results: readonly RuleResult[] = [];
  private checkedAtMs: number | null = null;
  private reNotifyMinutes: number;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly notifier: AlertNotifier,
    private readonly logger: Logger,
    reNotifyMinutes: number,
  ) {
    this.reNotifyMinutes = reNotifyMinutes;
    this.firing = this.createFiring(reNotifyMinutes, memento.get<FiringStateJson>(FIRING_KEY));
    this.history = AlertHistory.fromJSON(memento.get<unknown>(HISTORY_KEY));
  }

  get snapshot(): AlertSnapshot {
    const snoozedUntilMs: Record<string, number> = {};
    for (const rule of this.ruleSet.rules) {
      const untilMs = this.firing.snoozedUntil(rule.id);
      if (untilMs !== undefined) {
        snoozedUntilMs[rule.id] = untilMs;
      }
    }
    return {
      ruleSet: this.ruleSet,
      results: this.results,
      checkedAtMs: this.checkedAtMs,
      snoozedUntilMs,
    };
  }

  /** The alert history of the workspace, newest first. */
  get historyEntries(): readonly AlertHistoryEntry[] {
    return this.history.list();
  }

  /** Applies new rules; results of removed rules disappear at once. */
  setRuleSet(ruleSet: AlertRuleSet, reNotifyMinutes: number): void {
    this.ruleSet = ruleSet;
    const ids = new Set(ruleSet.rules.map((rule) => rule.id));
    this.results = this.results.filter((result) => ids.has(result.ruleId));
    this.reNotifyMinutes = reNotifyMinutes;
    this.firing = this.createFiring(reNotifyMinutes, this.firing.toJSON());
    this.changeEmitter.fire(this.snapshot);
  }

  /** Records a check's results and notifies each new crossing. */
  handleCheck(check: AlertCheck): void {
    const ids = new Set(this.ruleSet.rules.map((rule) => rule.id));
    this.results = check.results.filter((result) => ids.has(result.ruleId));
    this.checkedAtMs = check.atMs;

    const events = this.firing.update(this.results);
    this.record(events);
    this.notifier.notify(events);
    this.changeEmitter.fire(this.snapshot);
  }

  snooze(ruleId: string, minutes: number): void {
    this.firing.snooze(ruleId, minutes * 60_000);
    this.logger.info(`[alerts] ${ruleId} snoozed for ${minutes} min`);
    void this.memento.update(FIRING_KEY, this.firing.toJSON());
    this.changeEmitter.fire(this.snapshot);
  }

  /** Forgets the firing state, the history and the notifications shown, for tests. */
  async clear(): Promise<void> {
    this.firing = this.createFiring(this.reNotifyMinutes, undefined);
    this.history.clear();
    this.notifier.clearShown();
    this.results = [];
    this.checkedAtMs = null;
    await this.memento.update(FIRING_KEY, undefined);
    await this.memento.update(HISTORY_KEY, undefined);
    this.changeEmitter.fire(this.snapshot);
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }

  private record(events: readonly AlertEvent[]): void {
    for (const event of events) {
      this.logger.info(`[alerts] ${event.kind}: ${event.message}`);
    }
    this.history.record(events);
    void this.memento.update(FIRING_KEY, this.firing.toJSON());
    if (events.length > 0) {
      void this.memento.update(HISTORY_KEY, this.history.toJSON());
    }
  }

  private createFiring(reNotifyMinutes: number, state: FiringStateJson | undefined): AlertFiring {
    const usable = state?.version === 1 ? state : undefined;
    return new AlertFiring({ now: Date.now, reNotifyMs: reNotifyMinutes * 60_000, state: usable });
  }
}
