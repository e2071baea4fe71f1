import {
  compareLevels,
  describeResult,
  describeScope,
  formatValue,
  mostUrgent,
  type AlertLevel,
  type RuleResult,
} from '../../alerts';
import { formatUsd } from '../format';

export type BudgetLevel = 'none' | 'normal' | 'warning' | 'over';

export interface StatusBarInput {
  /** Today's cost in the configured time zone, or null before the first load. */
  todayCostUsd: number | null;
  /** Today's cost by model, for the tooltip. */
  todayCostByModel: Record<string, number>;
  todayKey: string;
  timeZone: string;
  /** Budgets and rules configured; with none the item shows today's spend alone. */
  ruleCount: number;
  /** Results of the last check, in the order of the rules; empty before the first check. */
  results: readonly RuleResult[];
  /** The end of each snoozed rule's snooze, epoch milliseconds. */
  snoozedUntilMs: Record<string, number>;
  /** Invalid budget and rule settings, listed in the tooltip. */
  settingErrors: readonly string[];
}

export interface StatusBarState {
  text: string;
  level: BudgetLevel;
  /** The shown budget's spend over its limit, or null when no budget is shown. */
  budgetShare: number | null;
  /** The id of the rule the item shows, or null. */
  ruleId: string | null;
  /** Plain-text lines of the tooltip; names in them come from traces and need escaping. */
  tooltipLines: string[];
}

const MAX_TOOLTIP_MODELS = 8;

const LEVEL_OF: Record<AlertLevel, BudgetLevel> = {
  noData: 'normal',
  ok: 'normal',
  warning: 'warning',
  alert: 'over',
};

const LEVEL_LABEL: Record<AlertLevel, string> = {
  noData: 'no data',
  ok: 'ok',
  warning: 'WARNING',
  alert: 'ALERT',
};

/**
 * Computes what the status bar item shows: the most urgent budget (spend against its limit,
 * with the share and the linear forecast in the tooltip), or a rule when one is at a higher
 * level than every budget. Without budgets and rules it shows today's spend.
 */
export function computeStatusBarState(input: StatusBarInput): StatusBarState {
  if (input.todayCostUsd === null && input.results.length === 0) {
    return {
      text: '$(graph) Trace Insight',
      level: 'none',
      budgetShare: null,
      ruleId: null,
      tooltipLines: [
        input.ruleCount > 0
          ? 'Checking budgets and rules…'
          : 'No cost data loaded yet. Click to open the dashboard.',
        ...errorLines(input.settingErrors),
      ],
    };
  }

  const todayLines = todaySpendLines(input);
  const shown = chooseShown(input.results);
  if (!shown) {
    const spent = formatUsd(input.todayCostUsd ?? 0);
    return {
      text: `$(graph) ${spent} today`,
      level: 'none',
      budgetShare: null,
      ruleId: null,
      tooltipLines: [
        todayLines[0] ?? '',
        input.ruleCount > 0
          ? 'Checking budgets and rules…'
          : 'No budget set (traceInsight.budgets or traceInsight.budget.daily).',
        ...errorLines(input.settingErrors),
        ...todayLines.slice(1),
      ],
    };
  }

  return {
    text: `$(graph) ${shortText(shown)}`,
    level: LEVEL_OF[shown.level],
    budgetShare: shown.budget ? (shown.budget.share ?? 0) : null,
    ruleId: shown.ruleId,
    tooltipLines: [
      `${shown.ruleName} (${shown.window.label}): ${describeResult(shown)}`,
      '',
      'Budgets and rules:',
      ...input.results.map((result) => ruleLine(result, input.snoozedUntilMs[result.ruleId])),
      ...errorLines(input.settingErrors),
      '',
      ...todayLines,
    ],
  };
}

/** The most urgent budget, or the most urgent rule when it is at a higher level. */
export function chooseShown(results: readonly RuleResult[]): RuleResult | undefined {
  const budget = mostUrgent(results.filter((result) => result.kind === 'budget'));
  const rule = mostUrgent(results.filter((result) => result.kind !== 'budget'));
  if (!budget) {
    return rule;
  }
  return rule && compareLevels(rule.level, budget.level) > 0 ? rule : budget;
}

/**
 * `$2.00 / $4.00 (50%, forecast $4.00)` for the project-wide daily budget; other budgets add
 * their window and scope. The forecast is linear (the tooltip names the method) and shown only while
 * a calendar window runs.
 */
function shortText(result: RuleResult): string {
  if (result.budget) {
    const amounts = `${formatUsd(result.value ?? 0)} / ${formatUsd(result.budget.limitUsd)}`;
    const details = [`${Math.round((result.budget.share ?? 0) * 100)}%`];
    if (result.budget.forecast) {
      details.push(`forecast ${formatUsd(result.budget.forecast.valueUsd)}`);
    }
    const scope = describeScope(result.cause.scope);
    const window = windowName(result);
    if (window !== 'daily' || scope !== '') {
      details.push(escapeIcons(scope === '' ? window : `${window}, ${scope}`));
    }
    return `${amounts} (${details.join(', ')})`;
  }
  const value = result.value === null ? 'no data' : formatValue(result.value, result.unit);
  return `${escapeIcons(result.ruleName)}: ${value}`;
}

/** `daily`, `weekly`, `monthly` from the calendar window's label, or the rolling duration. */
function windowName(result: RuleResult): string {
  const { label } = result.window;
  if (result.window.rolling) {
    return label.replace(/^last /, '');
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(label)) {
    return 'daily';
  }
  return /W\d{2}$/.test(label) ? 'weekly' : 'monthly';
}

function ruleLine(result: RuleResult, snoozedUntilMs: number | undefined): string {
  const snoozed =
    snoozedUntilMs === undefined
      ? ''
      : ` (snoozed until ${new Date(snoozedUntilMs).toISOString().slice(11, 16)} UTC)`;
  return `${LEVEL_LABEL[result.level]}: ${result.ruleName}: ${describeResult(result)}${snoozed}`;
}

function errorLines(errors: readonly string[]): string[] {
  return errors.length === 0 ? [] : ['Invalid settings:', ...errors];
}

function todaySpendLines(input: StatusBarInput): string[] {
  if (input.todayCostUsd === null) {
    return [];
  }
  const heading = `Today's spend (${input.todayKey}, ${input.timeZone}): ${formatUsd(input.todayCostUsd)}`;
  return [heading, ...breakdownLines(input.todayCostByModel)];
}

function breakdownLines(costByModel: Record<string, number>): string[] {
  const entries = Object.entries(costByModel)
    .filter(([, costUsd]) => costUsd > 0)
    .sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) {
    return [];
  }

  const shown = entries.slice(0, MAX_TOOLTIP_MODELS);
  const result = [
    'By model:',
    ...shown.map(([model, costUsd]) => `${model}: ${formatUsd(costUsd)}`),
  ];
  const rest = entries.length - shown.length;
  if (rest > 0) {
    result.push(`and ${rest} more`);
  }
  return result;
}

/**
 * Escapes `$(name)` icon references, so a user or model name from a trace shows as text in
 * the status bar instead of as an icon.
 */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
