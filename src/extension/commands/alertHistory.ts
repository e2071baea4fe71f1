import * as vscode from 'vscode';
import type { AlertHistoryEntry } from '../../alerts';
import type { AlertCenter } from '../alerts/alertCenter';
import { BudgetCommandId } from './budgetIds';
import * as notify from '../notifications';

const ICON_OF: Record<AlertHistoryEntry['kind'], string> = {
  crossing: '$(warning)',
  reminder: '$(bell)',
  resolved: '$(pass)',
};

/**
 * Registers Show Alert History: the workspace's crossings, reminders and recoveries, newest
 * first; picking one opens the dashboard on its cause.
 */
export function registerShowAlertHistory(
  alerts: AlertCenter,
  openEntry: (entry: AlertHistoryEntry) => Promise<void>,
): vscode.Disposable {
  return vscode.commands.registerCommand(BudgetCommandId.ShowAlertHistory, async () => {
    const entries = alerts.historyEntries;
    if (entries.length === 0) {
      void notify.showInformationMessage(
        'No alerts yet in this workspace: no budget or rule has crossed a level.',
      );
      return;
    }
    const picked = await vscode.window.showQuickPick(
      entries.map((entry) => ({
        label: `${entry.level === 'alert' ? '$(error)' : ICON_OF[entry.kind]} ${entry.ruleName}`,
        description: new Date(entry.atMs).toLocaleString(),
        detail: entry.message,
        entry,
      })),
      {
        title: 'Trace Insight: Alert History',
        placeHolder: 'Pick an entry to open the dashboard on its cause',
        matchOnDetail: true,
      },
    );
    if (picked) {
      await openEntry(picked.entry);
    }
  });
}
