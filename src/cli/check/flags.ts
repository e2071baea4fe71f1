import { createBudgetRule, readShare, type BudgetRule } from '../../alerts';
import { AlertConfigError } from '../../alerts/configValues';
import { UsageError } from '../options';

const BUDGET_FLAG = /^(daily|weekly|monthly)=\$?(\d+(?:\.\d+)?)$/i;
const WINDOW_OF: Record<string, 'day' | 'week' | 'month'> = {
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
};

/** Reads `--warn-at`: `80%` or `0.8`. */
export function parseWarnAt(value: string | undefined): number {
  if (value === undefined) {
    return 0.8;
  }
  const trimmed = value.trim();
  try {
    return readShare(/^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed, []);
  } catch (error) {
    if (error instanceof AlertConfigError) {
      throw new UsageError(
        `--warn-at ${JSON.stringify(value)} is not a share; write a percentage such as 80% or a number such as 0.8.`,
      );
    }
    throw error;
  }
}

/** Builds the budget rules of `--budget daily=100` flags (USD, project-wide). */
export function parseBudgetFlags(values: readonly string[], warnAtShare: number): BudgetRule[] {
  return values.map((value) => {
    const match = BUDGET_FLAG.exec(value.trim());
    const limitUsd = match ? Number(match[2]) : NaN;
    if (!match || !(limitUsd > 0)) {
      throw new UsageError(
        `--budget ${JSON.stringify(value)} is invalid; write daily=AMOUNT, weekly=AMOUNT or ` +
          'monthly=AMOUNT with a positive amount in USD, for example --budget daily=100.',
      );
    }
    const window = WINDOW_OF[(match[1] ?? '').toLowerCase()] ?? 'day';
    return createBudgetRule({ limitUsd, window: { kind: window }, warnAtShare });
  });
}
