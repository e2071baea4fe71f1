import type { AlertEvent } from '../../alerts';
import * as notify from '../notifications';

/** One notification shown, as the test API reports it. */
export interface ShownNotification {
  kind: AlertEvent['kind'];
  ruleId: string;
  group?: string;
  level: AlertEvent['level'];
  message: string;
  atMs: number;
}

export interface NotifierActions {
  openCause(event: AlertEvent): void;
  snooze(ruleId: string): void;
  snoozeLabel(): string;
}

const OPEN_DASHBOARD = 'Open Dashboard';

/**
 * Shows a notification per crossing or reminder (a recovery goes to the history only) and keeps
 * a record of what it showed, because VS Code offers no API to read notifications back.
 */
export class AlertNotifier {
  private readonly shownValue: ShownNotification[] = [];

  constructor(private readonly actions: NotifierActions) {}

  get shown(): readonly ShownNotification[] {
    return this.shownValue;
  }

  clearShown(): void {
    this.shownValue.length = 0;
  }

  notify(events: readonly AlertEvent[]): void {
    for (const event of events) {
      if (event.kind !== 'resolved') {
        this.show(event);
      }
    }
  }

  private show(event: AlertEvent): void {
    this.shownValue.push({
      kind: event.kind,
      ruleId: event.ruleId,
      ...(event.group === undefined ? {} : { group: event.group }),
      level: event.level,
      message: event.message,
      atMs: event.atMs,
    });

    const snooze = this.actions.snoozeLabel();
    const text = `Trace Insight: ${event.message}`;
    const shown =
      event.level === 'alert'
        ? notify.showErrorMessage(text, OPEN_DASHBOARD, snooze)
        : notify.showWarningMessage(text, OPEN_DASHBOARD, snooze);
    void shown.then((choice) => {
      if (choice === OPEN_DASHBOARD) {
        this.actions.openCause(event);
      } else if (choice === snooze) {
        this.actions.snooze(event.ruleId);
      }
    });
  }
}
