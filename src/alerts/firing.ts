import { describeCrossing } from './messages';
import type { RuleResult } from './result';
import { compareLevels, isCrossed, type AlertLevel } from './types';

type CrossedLevel = Extract<AlertLevel, 'warning' | 'alert'>;

/** A notification to show, or a recovery to record in the history. */
export interface AlertEvent {
  /** `crossing`: a level was newly reached; `reminder`: still crossed; `resolved`: back below. */
  kind: 'crossing' | 'reminder' | 'resolved';
  ruleId: string;
  ruleName: string;
  /** The group that crossed, for rules evaluated per user, model... */
  group?: string;
  level: AlertLevel;
  previousLevel: AlertLevel;
  value: number | null;
  atMs: number;
  message: string;
  /** The result that caused the event, with the range and filter for the dashboard. */
  result: RuleResult;
}

interface GroupFiringState {
  /** The highest level notified since the group was last below the warning level. */
  notifiedLevel: AlertLevel;
  lastNotifiedMs: number | null;
}

interface RuleFiringState {
  /** The label of the calendar window the state belongs to; a new window starts afresh. */
  windowLabel: string | null;
  groups: Record<string, GroupFiringState>;
}

/** The JSON form of the firing state, to keep it across restarts. */
export interface FiringStateJson {
  version: 1;
  rules: Record<string, RuleFiringState>;
  snoozedUntilMs: Record<string, number>;
}

export interface AlertFiringOptions {
  now: () => number;
  /** Reminders while a rule stays crossed; 0 turns them off. */
  reNotifyMs: number;
  state?: FiringStateJson;
}

const SINGLE_GROUP = '';

/**
 * Decides which results become notifications. A rule (or a group of it) is notified when it
 * reaches a level it has not reached since it was last below the warning level. While it stays
 * there, a reminder follows every `reNotifyMs`, and nothing is sent while the rule is snoozed. A level reached
 * during a snooze is notified when the snooze ends. A calendar window that ends clears the
 * state, so tomorrow's crossing of a daily budget is notified again.
 */
export class AlertFiring {
  private readonly now: () => number;
  private readonly reNotifyMs: number;
  private readonly rules: Record<string, RuleFiringState>;
  private readonly snoozedUntilMs: Record<string, number>;

  constructor(options: AlertFiringOptions) {
    this.now = options.now;
    this.reNotifyMs = options.reNotifyMs;
    this.rules = structuredClone(options.state?.rules ?? {});
    this.snoozedUntilMs = { ...(options.state?.snoozedUntilMs ?? {}) };
  }

  /** Silences a rule for `durationMs` from now. */
  snooze(ruleId: string, durationMs: number): void {
    this.snoozedUntilMs[ruleId] = this.now() + durationMs;
  }

  unsnooze(ruleId: string): void {
    delete this.snoozedUntilMs[ruleId];
  }

  /** Returns the end of the rule's snooze, or undefined when it is not snoozed. */
  snoozedUntil(ruleId: string): number | undefined {
    const untilMs = this.snoozedUntilMs[ruleId];
    return untilMs !== undefined && untilMs > this.now() ? untilMs : undefined;
  }

  /** Updates the state with new results and returns the events, crossings first. */
  update(results: readonly RuleResult[]): AlertEvent[] {
    const nowMs = this.now();
    const events: AlertEvent[] = [];
    for (const result of results) {
      events.push(...this.updateRule(result, nowMs));
    }
    return events.sort((a, b) => eventOrder(a) - eventOrder(b));
  }

  toJSON(): FiringStateJson {
    const nowMs = this.now();
    const snoozedUntilMs: Record<string, number> = {};
    for (const [ruleId, untilMs] of Object.entries(this.snoozedUntilMs)) {
      if (untilMs > nowMs) {
        snoozedUntilMs[ruleId] = untilMs;
      }
    }
    return { version: 1, rules: structuredClone(this.rules), snoozedUntilMs };
  }

  private updateRule(result: RuleResult, nowMs: number): AlertEvent[] {
    // "No data" neither notifies nor counts as recovered: the state waits for data.
    if (result.level === 'noData') {
      return [];
    }

    const state = this.ruleState(result);
    const snoozed = this.snoozedUntil(result.ruleId) !== undefined;
    const levels = currentLevels(result);
    const events: AlertEvent[] = [];

    for (const [group, groupState] of Object.entries(state.groups)) {
      if (!levels.has(group) && isCrossed(groupState.notifiedLevel)) {
        events.push(
          this.event('resolved', result, group, 'ok', groupState.notifiedLevel, null, nowMs),
        );
        delete state.groups[group];
      }
    }

    for (const [group, { level, value }] of levels) {
      const groupState = (state.groups[group] ??= { notifiedLevel: 'ok', lastNotifiedMs: null });
      if (!isCrossed(level)) {
        if (isCrossed(groupState.notifiedLevel)) {
          events.push(
            this.event('resolved', result, group, level, groupState.notifiedLevel, value, nowMs),
          );
        }
        delete state.groups[group];
        continue;
      }

      // A drop from alert to warning lowers the mark, so a new rise to alert is a new crossing.
      if (compareLevels(level, groupState.notifiedLevel) < 0) {
        groupState.notifiedLevel = level;
      }
      if (snoozed) {
        continue;
      }

      const crossing = compareLevels(level, groupState.notifiedLevel) > 0;
      const reminderDue =
        !crossing &&
        this.reNotifyMs > 0 &&
        groupState.lastNotifiedMs !== null &&
        nowMs - groupState.lastNotifiedMs >= this.reNotifyMs;
      if (!crossing && !reminderDue) {
        continue;
      }

      const previousLevel = groupState.notifiedLevel;
      groupState.notifiedLevel = level;
      groupState.lastNotifiedMs = nowMs;
      events.push(
        this.event(
          crossing ? 'crossing' : 'reminder',
          result,
          group,
          level,
          previousLevel,
          value,
          nowMs,
        ),
      );
    }
    return events;
  }

  private ruleState(result: RuleResult): RuleFiringState {
    const windowLabel = result.window.rolling ? null : result.window.label;
    let state = this.rules[result.ruleId];
    if (!state || state.windowLabel !== windowLabel) {
      state = { windowLabel, groups: {} };
      this.rules[result.ruleId] = state;
    }
    return state;
  }

  private event(
    kind: AlertEvent['kind'],
    result: RuleResult,
    group: string,
    level: AlertLevel,
    previousLevel: AlertLevel,
    value: number | null,
    atMs: number,
  ): AlertEvent {
    const groupName = group === SINGLE_GROUP ? undefined : group;
    const message =
      kind === 'resolved' || value === null || !isCrossed(level)
        ? `${result.ruleName}${groupName ? ` for ${groupName}` : ''} is back below its warning level`
        : describeCrossing(result, level as CrossedLevel, value, groupName);
    return {
      kind,
      ruleId: result.ruleId,
      ruleName: result.ruleName,
      ...(groupName === undefined ? {} : { group: groupName }),
      level,
      previousLevel,
      value,
      atMs,
      message: kind === 'reminder' ? `Still crossed: ${message}` : message,
      result,
    };
  }
}

/** Collects the level and value of each group in the result; a rule without groups has one. */
function currentLevels(
  result: RuleResult,
): Map<string, { level: AlertLevel; value: number | null }> {
  const levels = new Map<string, { level: AlertLevel; value: number | null }>();
  if (result.crossedGroups === undefined) {
    levels.set(SINGLE_GROUP, { level: result.level, value: result.value });
    return levels;
  }
  for (const group of result.crossedGroups) {
    levels.set(group.key, { level: group.level, value: group.value });
  }
  return levels;
}

const EVENT_ORDER: Record<AlertEvent['kind'], number> = { crossing: 0, reminder: 1, resolved: 2 };

function eventOrder(event: AlertEvent): number {
  return EVENT_ORDER[event.kind];
}
