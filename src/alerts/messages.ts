import type { RuleResult } from './result';
import type { AlertLevel, ValueUnit } from './types';

/** Formats a rule's value in its unit: `$12.40`, `3.215 s`, `4.2%`, `+2.0 pts`, `z 4.10`. */
export function formatValue(value: number, unit: ValueUnit): string {
  switch (unit) {
    case 'usd':
      return formatUsd(value);
    case 'seconds':
      return `${value.toFixed(3)} s`;
    case 'share':
      return `${(value * 100).toFixed(1)}%`;
    case 'sharePoints':
      return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} pts`;
    case 'robustZ':
      return `z ${value.toFixed(2)}`;
  }
}

/** Formats USD with cents, and with four decimals below one cent so small spend is not $0.00. */
export function formatUsd(value: number): string {
  return `$${value.toFixed(Math.abs(value) < 0.01 && value !== 0 ? 4 : 2)}`;
}

/**
 * Describes the state in one line: the value, its thresholds, the budget share and the linear
 * forecast when there is one, for example
 * `$85.20 of $100.00 (85.2%), warning at $80.00; linear forecast $120.50 (120.5%)`.
 */
export function describeResult(result: RuleResult): string {
  if (result.value === null) {
    return noDataText(result);
  }

  const value = formatValue(result.value, result.unit);
  const warning = formatValue(result.thresholds.warning, result.unit);
  const alert = formatValue(result.thresholds.alert, result.unit);
  const groupText = result.group === undefined ? '' : ` (${result.group})`;

  if (result.budget) {
    const { budget } = result;
    const share = budget.share === null ? '' : ` (${percent(budget.share)})`;
    let text = `${value}${groupText} of ${formatUsd(budget.limitUsd)}${share}, warning at ${warning}`;
    if (budget.forecast) {
      const forecastShare = percent(budget.forecast.valueUsd / budget.limitUsd);
      text += `; linear forecast ${formatUsd(budget.forecast.valueUsd)} (${forecastShare})`;
    }
    return text;
  }

  let text = `${value}${groupText}, warning at ${warning}, alert at ${alert}`;
  if (result.forecast) {
    text += `; linear forecast ${formatUsd(result.forecast.valueUsd)}`;
  }
  if (result.previous && result.previous.value !== null) {
    text += `; previous window ${formatValue(result.previous.value, 'share')}`;
  }
  if (result.anomaly) {
    const { anomaly } = result;
    text +=
      `; ${Math.round(anomaly.tokens)} tokens against a median of ` +
      `${Math.round(anomaly.baselineMedian)} over ${anomaly.baselineDays} days`;
  }
  return text;
}

/**
 * Builds the notification text for a crossing: what crossed, which level, and by how much, for
 * example `daily budget $100 crossed its alert level: $112.40, $12.40 over $100.00 (2026-12-04)`.
 */
export function describeCrossing(
  result: RuleResult,
  level: Extract<AlertLevel, 'warning' | 'alert'>,
  value: number,
  group: string | undefined,
): string {
  const threshold = result.thresholds[level];
  const over = formatValue(
    Math.abs(value - threshold),
    result.unit === 'sharePoints' ? 'share' : result.unit,
  );
  const groupText = group === undefined ? '' : ` for ${group}`;
  const below = result.kind === 'tokenAnomaly' && value < 0;
  const levelText = level === 'alert' ? 'alert' : 'warning';
  return (
    `${result.ruleName}${groupText} crossed its ${levelText} level: ` +
    `${formatValue(value, result.unit)}, ${over} ${below ? 'beyond' : 'over'} ` +
    `${formatValue(below ? -threshold : threshold, result.unit)} (${result.window.label})`
  );
}

function noDataText(result: RuleResult): string {
  switch (result.kind) {
    case 'latency':
      return 'no data: no ended traces or observations in the window';
    case 'errorRateRise':
      return 'no data: the window or the previous window has no traces';
    case 'tokenAnomaly':
      return 'no data: too few baseline days with observations';
    default:
      return 'no data: no observations in the window';
  }
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
