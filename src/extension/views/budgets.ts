import { describeResult, formatValue, type AlertLevel, type RuleResult } from '../../alerts';
import type { AlertSnapshot } from '../alerts/alertCenter';
import { BudgetCommandId } from '../commands/budgetIds';
import type { TreeNode } from './treeModel';

/** The context value of budgets the edit and remove commands can change. */
export const EDITABLE_BUDGET_CONTEXT = 'traceInsight.editableBudget';

const ICON_OF: Record<AlertLevel, string> = {
  noData: 'circle-slash',
  ok: 'pass',
  warning: 'warning',
  alert: 'error',
};

/**
 * Builds the tree's Budgets group: one item per budget and rule with its state, an item per
 * invalid setting, and items to add a budget and to show the alert history.
 */
export function budgetNodes(snapshot: AlertSnapshot): TreeNode[] {
  const { ruleSet } = snapshot;
  const resultOf = new Map(snapshot.results.map((result) => [result.ruleId, result]));
  const editable = new Set([
    ...ruleSet.budgetItemIds.filter((id) => id !== undefined),
    ...(ruleSet.dailyBudgetId === undefined ? [] : [ruleSet.dailyBudgetId]),
  ]);

  const children: TreeNode[] = ruleSet.rules.map((rule) => {
    const result = resultOf.get(rule.id);
    const snoozedUntilMs = snapshot.snoozedUntilMs[rule.id];
    const node: TreeNode = {
      id: `budgets/${rule.id}`,
      label: rule.name,
      description: result ? shortState(result) : 'not checked yet',
      icon: result ? ICON_OF[result.level] : 'clock',
      tooltipTitle: rule.name,
      tooltipLines: [
        result ? `${result.window.label}: ${describeResult(result)}` : 'Not checked yet.',
        ...(snoozedUntilMs === undefined
          ? []
          : [`Notifications snoozed until ${new Date(snoozedUntilMs).toISOString()}.`]),
        ...(editable.has(rule.id)
          ? ['Edit or remove it from the context menu, or in the settings.']
          : ['Defined in traceInsight.alerts; edit it in the settings.']),
      ],
    };
    if (editable.has(rule.id)) {
      node.contextValue = EDITABLE_BUDGET_CONTEXT;
    }
    return node;
  });

  for (const [index, error] of ruleSet.errors.entries()) {
    children.push({
      id: `budgets/(error ${index})`,
      label: 'Invalid setting',
      description: error,
      icon: 'error',
      tooltipLines: [error],
      command: 'workbench.action.openSettings',
      commandArguments: ['traceInsight.budgets'],
    });
  }

  children.push(
    { id: 'budgets/(add)', label: 'Add Budget…', icon: 'add', command: BudgetCommandId.AddBudget },
    {
      id: 'budgets/(history)',
      label: 'Alert History',
      icon: 'history',
      command: BudgetCommandId.ShowAlertHistory,
    },
  );

  const crossed = snapshot.results.filter(
    (result) => result.level === 'warning' || result.level === 'alert',
  ).length;
  return [
    {
      id: 'budgets',
      label: 'Budgets',
      description:
        ruleSet.rules.length === 0
          ? 'none'
          : `${ruleSet.rules.length} · ${crossed === 0 ? 'all within limits' : `${crossed} crossed`}`,
      icon: 'law',
      expanded: crossed > 0 || ruleSet.errors.length > 0,
      children,
    },
  ];
}

function shortState(result: RuleResult): string {
  if (result.value === null) {
    return 'no data';
  }
  const value = formatValue(result.value, result.unit);
  const group = result.group === undefined ? '' : ` (${result.group})`;
  if (result.budget) {
    const share =
      result.budget.share === null ? '' : ` · ${(result.budget.share * 100).toFixed(0)}%`;
    return `${value}${group} of ${formatValue(result.budget.limitUsd, 'usd')}${share}`;
  }
  return `${value}${group} · alert at ${formatValue(result.thresholds.alert, result.unit)}`;
}
