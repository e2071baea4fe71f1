import * as vscode from 'vscode';
import { parseFilter } from '../../analytics/filters';
import type { AnalyticsViewStore } from '../panels/analyticsView';
import { FilterCommandId } from './filterIds';
import * as notify from '../notifications';

const FILTER_EXAMPLES =
  'environment = production · tags all-of beta,eu · model in gpt-4o,gpt-4o-mini · helpfulness >= 0.8';

/**
 * Registers Add Filter…, Clear Filters and Remove Filter. A filter text argument skips the input
 * box, for scripts and tests. Filters apply to the tree, the dashboard and its tiles at once.
 */
export function registerFilterCommands(store: AnalyticsViewStore): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(FilterCommandId.AddFilter, async (text?: unknown) => {
      const filter =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({
              title: 'Trace Insight: Add Filter',
              prompt: `<field> <operator> <value>, for example ${FILTER_EXAMPLES}`,
              placeHolder: 'environment = production',
              validateInput: validateFilter,
            });
      if (filter === undefined || filter.trim() === '') {
        return;
      }
      const invalid = validateFilter(filter);
      if (invalid !== undefined) {
        void notify.showErrorMessage(invalid);
        return;
      }
      await store.addFilter(filter);
    }),
    vscode.commands.registerCommand(FilterCommandId.ClearFilters, () => store.clearFilters()),
    vscode.commands.registerCommand(FilterCommandId.RemoveFilter, async (text?: unknown) => {
      if (typeof text === 'string') {
        await store.removeFilter(text);
        return;
      }
      const picked = await vscode.window.showQuickPick(store.view.filters, {
        title: 'Trace Insight: Remove Filter',
      });
      if (picked !== undefined) {
        await store.removeFilter(picked);
      }
    }),
  );
}

function validateFilter(text: string): string | undefined {
  try {
    parseFilter(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
