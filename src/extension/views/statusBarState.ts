import { formatPercent, formatUsd } from '../format';

export type BudgetLevel = 'none' | 'normal' | 'warning' | 'over';

export interface StatusBarInput {
  /** Today's cost in the configured time zone, or null before the first load. */
  todayCostUsd: number | null;
  /** The daily budget, or null when none is set. */
  budgetDailyUsd: number | null;
  /** The share of the budget, in percent, from which the item shows a warning. */
  warningThresholdPercent: number;
  /** Today's cost by model, for the tooltip. */
  todayCostByModel: Record<string, number>;
  todayKey: string;
  timeZone: string;
}

export interface StatusBarState {
  text: string;
  level: BudgetLevel;
  /** Today's cost over the budget, or null without a budget. */
  budgetShare: number | null;
  /** Plain-text lines of the tooltip; model names in them come from traces and need escaping. */
  tooltipLines: string[];
}

const MAX_TOOLTIP_MODELS = 8;

/**
 * Computes what the status bar item shows: today's spend, against the daily budget when one is
 * set, with a warning from the threshold share and an error level at 100% and above.
 */
export function computeStatusBarState(input: StatusBarInput): StatusBarState {
  if (input.todayCostUsd === null) {
    return {
      text: '$(graph) Trace Insight',
      level: 'none',
      budgetShare: null,
      tooltipLines: ['No cost data loaded yet. Click to open the dashboard.'],
    };
  }

  const spent = formatUsd(input.todayCostUsd);
  const breakdown = breakdownLines(input.todayCostByModel);
  const heading = `Today's spend (${input.todayKey}, ${input.timeZone}): ${spent}`;

  const budget = input.budgetDailyUsd;
  if (budget === null || !(budget > 0)) {
    return {
      text: `$(graph) ${spent} today`,
      level: 'none',
      budgetShare: null,
      tooltipLines: [heading, 'No daily budget set (traceInsight.budget.daily).', ...breakdown],
    };
  }

  const share = input.todayCostUsd / budget;
  const level = budgetLevel(share, input.warningThresholdPercent);
  return {
    text: `$(graph) ${spent} / ${formatUsd(budget)}`,
    level,
    budgetShare: share,
    tooltipLines: [
      heading,
      `Daily budget: ${formatUsd(budget)} (${formatPercent(share)} used, ` +
        `warning from ${input.warningThresholdPercent}%)`,
      ...breakdown,
    ],
  };
}

export function budgetLevel(share: number, warningThresholdPercent: number): BudgetLevel {
  if (share >= 1) {
    return 'over';
  }
  if (share >= warningThresholdPercent / 100) {
    return 'warning';
  }
  return 'normal';
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
