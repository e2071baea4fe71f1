import type { TimeRange } from '../langfuse/types';
import type { AlertEvent } from './firing';
import type { AlertLevel, Scope } from './types';

/** One stored event, small enough to keep hundreds per workspace. */
export interface AlertHistoryEntry {
  atMs: number;
  kind: AlertEvent['kind'];
  ruleId: string;
  ruleName: string;
  group?: string;
  level: AlertLevel;
  previousLevel: AlertLevel;
  value: number | null;
  message: string;
  /** The range and filter to open the dashboard on. */
  range: TimeRange;
  scope: Scope;
}

export const DEFAULT_HISTORY_LIMIT = 200;

/** The alert history of a workspace, newest first, capped at `limit` entries. */
export class AlertHistory {
  private entries: AlertHistoryEntry[];

  constructor(
    entries: readonly AlertHistoryEntry[] = [],
    private readonly limit = DEFAULT_HISTORY_LIMIT,
  ) {
    this.entries = [...entries].sort((a, b) => b.atMs - a.atMs).slice(0, limit);
  }

  /** Reads the stored JSON form; entries that are not objects with a time and a rule are dropped. */
  static fromJSON(value: unknown, limit = DEFAULT_HISTORY_LIMIT): AlertHistory {
    if (!Array.isArray(value)) {
      return new AlertHistory([], limit);
    }
    const entries = value.filter(
      (item): item is AlertHistoryEntry =>
        item !== null &&
        typeof item === 'object' &&
        typeof (item as AlertHistoryEntry).atMs === 'number' &&
        typeof (item as AlertHistoryEntry).ruleId === 'string',
    );
    return new AlertHistory(entries, limit);
  }

  /** Adds the events; the oldest entries past the limit are dropped. */
  record(events: readonly AlertEvent[]): void {
    if (events.length === 0) {
      return;
    }
    const added = events.map(toEntry);
    this.entries = [...added, ...this.entries].sort((a, b) => b.atMs - a.atMs).slice(0, this.limit);
  }

  /** Entries newest first, optionally only those of one rule. */
  list(ruleId?: string): readonly AlertHistoryEntry[] {
    return ruleId === undefined
      ? this.entries
      : this.entries.filter((entry) => entry.ruleId === ruleId);
  }

  clear(): void {
    this.entries = [];
  }

  toJSON(): AlertHistoryEntry[] {
    return [...this.entries];
  }
}

function toEntry(event: AlertEvent): AlertHistoryEntry {
  return {
    atMs: event.atMs,
    kind: event.kind,
    ruleId: event.ruleId,
    ruleName: event.ruleName,
    ...(event.group === undefined ? {} : { group: event.group }),
    level: event.level,
    previousLevel: event.previousLevel,
    value: event.value,
    message: event.message,
    range: event.result.cause.range,
    scope: event.result.cause.scope,
  };
}
