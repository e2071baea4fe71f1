import * as vscode from 'vscode';
import type { GroupBy, Scope } from '../../alerts';
import type { AlertCenter } from '../alerts/alertCenter';
import {
  locateBudget,
  parseLimitUsd,
  validateBudgetItem,
  type BudgetItem,
} from '../alerts/budgetItems';
import { CONFIG_SECTION } from '../config';
import { BudgetCommandId } from './budgetIds';
import * as notify from '../notifications';

const BUDGETS_KEY = 'budgets';
const DAILY_KEY = 'budget.daily';

/**
 * Registers Add Budget…, Edit Budget… and Remove Budget. They write `traceInsight.budgets` (or
 * `traceInsight.budget.daily` for the daily budget) where it is set: the workspace when a folder
 * is open, else the user settings. Scripts and tests can pass the item or the rule id and skip
 * the prompts.
 */
export function registerBudgetCommands(alerts: AlertCenter): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(BudgetCommandId.AddBudget, async (input?: unknown) => {
      const item = isObject(input) ? (input as unknown as BudgetItem) : await promptNewBudget();
      if (!item) {
        return;
      }
      const problem = validateBudgetItem(item);
      if (problem !== undefined) {
        void notify.showErrorMessage(`The budget is invalid: ${problem}`);
        return;
      }
      const { items, target } = readBudgetItems();
      await section().update(BUDGETS_KEY, [...items, item], target);
    }),
    vscode.commands.registerCommand(
      BudgetCommandId.EditBudget,
      async (target?: unknown, changes?: unknown) => {
        const ruleId = ruleIdOf(target) ?? (await pickBudget(alerts, 'Edit Budget'));
        if (ruleId !== undefined) {
          await editBudget(
            alerts,
            ruleId,
            isObject(changes) ? (changes as EditChanges) : undefined,
          );
        }
      },
    ),
    vscode.commands.registerCommand(BudgetCommandId.RemoveBudget, async (target?: unknown) => {
      const passedRuleId = ruleIdOf(target);
      const ruleId = passedRuleId ?? (await pickBudget(alerts, 'Remove Budget'));
      if (ruleId === undefined) {
        return;
      }
      // A rule id passed as a string comes from a script; a tree item or a pick gets a confirmation.
      if (typeof target !== 'string' && !(await confirmRemoval(alerts, ruleId))) {
        return;
      }
      await removeBudget(alerts, ruleId);
    }),
  );
}

interface EditChanges {
  limitUsd?: number;
  warnAt?: string | number;
}

async function editBudget(
  alerts: AlertCenter,
  ruleId: string,
  changes: EditChanges | undefined,
): Promise<void> {
  const { ruleSet } = alerts.snapshot;
  const location = locateBudget(ruleSet, ruleId);
  const rule = ruleSet.rules.find((candidate) => candidate.id === ruleId);
  if (!location || !rule || rule.kind !== 'budget') {
    void notify.showErrorMessage(
      `The budget ${ruleId} is not in traceInsight.budgets or traceInsight.budget.daily; ` +
        'edit traceInsight.alerts in the settings.',
    );
    return;
  }

  const limitUsd = changes ? changes.limitUsd : await promptLimit(rule.limitUsd);
  if (limitUsd === undefined) {
    return;
  }
  if (location.setting === 'daily') {
    await section().update(DAILY_KEY, limitUsd, targetOf(DAILY_KEY));
    return;
  }

  const { items, target } = readBudgetItems();
  const current = items[location.index];
  if (!isObject(current)) {
    return;
  }
  const warnAt = changes?.warnAt === undefined ? {} : { warnAt: changes.warnAt };
  // A budget without an "id" derives it from the limit, so its firing state starts afresh.
  const updated = { ...current, limitUsd, ...warnAt };
  const problem = validateBudgetItem(updated);
  if (problem !== undefined) {
    void notify.showErrorMessage(`The budget is invalid: ${problem}`);
    return;
  }
  await section().update(
    BUDGETS_KEY,
    items.map((item, index) => (index === location.index ? updated : item)),
    target,
  );
}

async function removeBudget(alerts: AlertCenter, ruleId: string): Promise<void> {
  const location = locateBudget(alerts.snapshot.ruleSet, ruleId);
  if (!location) {
    void notify.showErrorMessage(
      `The budget ${ruleId} is not in traceInsight.budgets or traceInsight.budget.daily; ` +
        'remove it from traceInsight.alerts in the settings.',
    );
    return;
  }
  if (location.setting === 'daily') {
    await section().update(DAILY_KEY, undefined, targetOf(DAILY_KEY));
    return;
  }
  const { items, target } = readBudgetItems();
  await section().update(
    BUDGETS_KEY,
    items.filter((_item, index) => index !== location.index),
    target,
  );
}

async function pickBudget(alerts: AlertCenter, title: string): Promise<string | undefined> {
  const { ruleSet } = alerts.snapshot;
  const picks = ruleSet.rules
    .filter((rule) => locateBudget(ruleSet, rule.id) !== undefined)
    .map((rule) => ({ label: rule.name, description: rule.id, ruleId: rule.id }));
  if (picks.length === 0) {
    void notify.showInformationMessage(
      'No budget to change: add one with Trace Insight: Add Budget…',
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(picks, { title: `Trace Insight: ${title}` });
  return picked?.ruleId;
}

async function confirmRemoval(alerts: AlertCenter, ruleId: string): Promise<boolean> {
  const name = alerts.snapshot.ruleSet.rules.find((rule) => rule.id === ruleId)?.name ?? ruleId;
  const choice = await notify.showWarningMessage(
    `Remove the budget "${name}"?`,
    { modal: true },
    'Remove',
  );
  return choice === 'Remove';
}

async function promptNewBudget(): Promise<BudgetItem | undefined> {
  const title = 'Trace Insight: Add Budget';
  const windowPick = await vscode.window.showQuickPick(
    [
      { label: 'Daily', description: 'calendar day in traceInsight.timeZone', window: 'day' },
      { label: 'Weekly', description: 'ISO week, Monday to Sunday', window: 'week' },
      { label: 'Monthly', description: 'calendar month', window: 'month' },
      { label: 'Rolling…', description: 'the last N minutes, hours or days', window: '' },
    ],
    { title, placeHolder: 'Window of the budget' },
  );
  if (!windowPick) {
    return undefined;
  }
  const window =
    windowPick.window ||
    (await vscode.window.showInputBox({
      title,
      prompt: 'Rolling window: a duration such as 90m, 24h or 7d',
      value: '24h',
      validateInput: (text) =>
        validateBudgetItem({ limitUsd: 1, window: text }) === undefined
          ? undefined
          : 'Write a duration of at least one minute, such as 90m, 24h or 7d.',
    }));
  if (!window) {
    return undefined;
  }

  const limitUsd = await promptLimit(undefined);
  if (limitUsd === undefined) {
    return undefined;
  }
  const scoped = await promptScope(title);
  return scoped ? { limitUsd, window, ...scoped } : undefined;
}

async function promptLimit(current: number | undefined): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Trace Insight: Budget',
    prompt: 'Limit in USD',
    value: current === undefined ? '' : String(current),
    placeHolder: '100',
    validateInput: (value) =>
      parseLimitUsd(value) === undefined
        ? 'Write a positive amount in USD, such as 100.'
        : undefined,
  });
  return text === undefined ? undefined : parseLimitUsd(text);
}

const SCOPE_CHOICES: ReadonlyArray<{ label: string; key?: keyof Scope; groupBy?: GroupBy }> = [
  { label: 'Whole project' },
  { label: 'One model…', key: 'model' },
  { label: 'One trace name…', key: 'traceName' },
  { label: 'One user…', key: 'userId' },
  { label: 'One tag…', key: 'tag' },
  { label: 'One environment…', key: 'environment' },
  { label: 'Each user', groupBy: 'user' },
  { label: 'Each model', groupBy: 'model' },
  { label: 'Each trace name', groupBy: 'traceName' },
];

async function promptScope(
  title: string,
): Promise<{ scope?: Scope; groupBy?: GroupBy } | undefined> {
  const choice = await vscode.window.showQuickPick(SCOPE_CHOICES, {
    title,
    placeHolder: 'What the budget counts: the whole project, one value, or each value apart',
  });
  if (!choice) {
    return undefined;
  }
  if (choice.groupBy) {
    return { groupBy: choice.groupBy };
  }
  if (!choice.key) {
    return {};
  }
  const value = await vscode.window.showInputBox({
    title,
    prompt: `${choice.label.replace(/^One |…$/g, '')} to count, exactly as in the traces`,
  });
  return value?.trim() ? { scope: { [choice.key]: value.trim() } } : undefined;
}

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(CONFIG_SECTION);
}

/** The budgets list where it is set, and where to write it back. */
function readBudgetItems(): { items: unknown[]; target: vscode.ConfigurationTarget } {
  const inspected = section().inspect<unknown>(BUDGETS_KEY);
  const target = targetOf(BUDGETS_KEY);
  const value =
    target === vscode.ConfigurationTarget.Workspace
      ? inspected?.workspaceValue
      : inspected?.globalValue;
  return { items: Array.isArray(value) ? value : [], target };
}

function targetOf(key: string): vscode.ConfigurationTarget {
  const inspected = section().inspect<unknown>(key);
  if (inspected?.workspaceValue !== undefined) {
    return vscode.ConfigurationTarget.Workspace;
  }
  if (inspected?.globalValue !== undefined) {
    return vscode.ConfigurationTarget.Global;
  }
  return vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
}

/** Reads a rule id from a string argument or a Budgets tree item (`budgets/<rule id>`). */
function ruleIdOf(target: unknown): string | undefined {
  if (typeof target === 'string') {
    return target;
  }
  const id = isObject(target) ? (target as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.startsWith('budgets/')
    ? id.slice('budgets/'.length)
    : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
