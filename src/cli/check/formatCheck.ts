import {
  describeResult,
  formatValue,
  isCrossed,
  type AlertLevel,
  type RuleResult,
} from '../../alerts';
import type { TimeRange } from '../../langfuse/types';
import { printable } from '../format';

/** Exit statuses of `trace-insight check`. */
export const EXIT_WITHIN_LIMITS = 0;
export const EXIT_WARNING = 3;
export const EXIT_ALERT = 4;

export interface CheckSummary {
  atMs: number;
  timeZone: string;
  period: 'current' | 'previous';
  fetchRange: TimeRange | null;
  results: RuleResult[];
}

/** Returns the overall state: the most urgent level among the results, 'ok' when none crossed. */
export function overallLevel(results: readonly RuleResult[]): 'ok' | 'warning' | 'alert' {
  if (results.some((result) => result.level === 'alert')) {
    return 'alert';
  }
  return results.some((result) => result.level === 'warning') ? 'warning' : 'ok';
}

export function exitCodeOf(level: 'ok' | 'warning' | 'alert'): number {
  if (level === 'alert') {
    return EXIT_ALERT;
  }
  return level === 'warning' ? EXIT_WARNING : EXIT_WITHIN_LIMITS;
}

const LEVEL_LABEL: Record<AlertLevel, string> = {
  alert: 'ALERT',
  warning: 'WARNING',
  ok: 'ok',
  noData: 'no data',
};

/** Renders the readable table `check` prints without --json. */
export function formatCheckTable(summary: CheckSummary): string {
  const rows: string[][] = [['State', 'Rule', 'Window', 'Value', 'Detail']];
  for (const result of summary.results) {
    rows.push([
      LEVEL_LABEL[result.level],
      printable(result.ruleName),
      result.window.label,
      result.value === null ? '-' : formatValue(result.value, result.unit),
      printable(describeResult(result)),
    ]);
    for (const group of result.crossedGroups ?? []) {
      if (isCrossed(group.level) && group.key !== result.group) {
        rows.push([
          '',
          `  ${printable(group.key)}`,
          '',
          formatValue(group.value, result.unit),
          LEVEL_LABEL[group.level],
        ]);
      }
    }
  }

  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const lines = rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );

  const counts = countLevels(summary.results);
  const level = overallLevel(summary.results);
  const header =
    `Trace Insight check at ${formatInstant(summary.atMs)}, ` +
    `${summary.period} windows in ${summary.timeZone}`;
  const footer =
    `${counts.alert} alert, ${counts.warning} warning, ${counts.ok} ok, ${counts.noData} no data; ` +
    `exit ${exitCodeOf(level)}`;
  return [header, '', ...lines, '', footer, ''].join('\n');
}

/** Builds the JSON document of `check --json`: instants as ISO 8601 strings, values in units. */
export function checkJson(summary: CheckSummary): unknown {
  const level = overallLevel(summary.results);
  return {
    at: iso(summary.atMs),
    timeZone: summary.timeZone,
    period: summary.period,
    status: level,
    exitCode: exitCodeOf(level),
    fetched: summary.fetchRange && {
      from: iso(summary.fetchRange.fromMs),
      to: iso(summary.fetchRange.toMs),
    },
    results: summary.results.map((result) => ({
      id: result.ruleId,
      name: result.ruleName,
      kind: result.kind,
      level: result.level,
      value: result.value,
      unit: result.unit,
      thresholds: result.thresholds,
      summary: describeResult(result),
      window: {
        label: result.window.label,
        from: iso(result.window.fromMs),
        to: iso(result.window.toMs),
        dataTo: iso(result.window.dataToMs),
        complete: result.window.complete,
        rolling: result.window.rolling,
      },
      ...(result.group === undefined ? {} : { group: result.group }),
      ...(result.crossedGroups === undefined
        ? {}
        : { crossedGroups: result.crossedGroups, groupCount: result.groupCount }),
      ...(result.budget === undefined ? {} : { budget: result.budget }),
      ...(result.forecast ? { forecast: result.forecast } : {}),
      ...(result.previous === undefined
        ? {}
        : {
            previous: {
              from: iso(result.previous.window.fromMs),
              to: iso(result.previous.window.toMs),
              value: result.previous.value,
            },
          }),
      ...(result.anomaly === undefined ? {} : { anomaly: result.anomaly }),
      cause: {
        from: iso(result.cause.range.fromMs),
        to: iso(result.cause.range.toMs),
        scope: result.cause.scope,
        ...(result.cause.observationType === undefined
          ? {}
          : { observationType: result.cause.observationType }),
      },
    })),
  };
}

function countLevels(results: readonly RuleResult[]): Record<AlertLevel, number> {
  const counts: Record<AlertLevel, number> = { alert: 0, warning: 0, ok: 0, noData: 0 };
  for (const result of results) {
    counts[result.level]++;
  }
  return counts;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function formatInstant(ms: number): string {
  return iso(ms)
    .replace('T', ' ')
    .replace(/:\d{2}\.\d{3}Z$/, ' UTC');
}
