import { parseAlertsConfig, type GroupBy, type Scope } from '../../alerts';
import type { AlertRuleSet } from '../../alerts/settingsRules';

/** One item of `traceInsight.budgets`, in the config file's `budgets` format. */
export interface BudgetItem {
  limitUsd: number;
  /** `day`, `week`, `month` or a rolling duration such as `24h`. */
  window: string;
  scope?: Scope;
  groupBy?: GroupBy;
  /** Warning share such as `80%`; default `traceInsight.budget.warningThresholdPercent`. */
  warnAt?: string | number;
  name?: string;
  id?: string;
}

/** Where a budget's setting lives: the daily budget setting or an item of the budgets list. */
export type BudgetLocation = { setting: 'daily' } | { setting: 'budgets'; index: number };

/** Finds the setting that defines a rule; undefined for rules of `traceInsight.alerts`. */
export function locateBudget(ruleSet: AlertRuleSet, ruleId: string): BudgetLocation | undefined {
  if (ruleSet.dailyBudgetId === ruleId) {
    return { setting: 'daily' };
  }
  const index = ruleSet.budgetItemIds.indexOf(ruleId);
  return index >= 0 ? { setting: 'budgets', index } : undefined;
}

/** Returns the problem with a budget item in the words of the config check, or undefined. */
export function validateBudgetItem(item: unknown): string | undefined {
  try {
    parseAlertsConfig({ budgets: [item] });
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^budgets\[0\]\.?/, '');
  }
}

/** Reads a limit typed by the user: `100`, `$100` or `12.50`; undefined when invalid. */
export function parseLimitUsd(text: string): number | undefined {
  const match = /^\s*\$?\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  const value = match ? Number(match[1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
