import type { TimeRange } from '../langfuse/types';
import { zonedDate, zonedTimeToUtcMs } from '../time/zone';

/** The named time ranges a user can pick. All end now except last month. */
export const TIME_RANGE_PRESETS = [
  'lastHour',
  'today',
  'last24Hours',
  'last7Days',
  'last30Days',
  'last90Days',
  'thisMonth',
  'lastMonth',
] as const;

export type NamedTimeRangePreset = (typeof TIME_RANGE_PRESETS)[number];

/** A named range, or `custom`: from and to that the user entered. */
export type TimeRangePreset = NamedTimeRangePreset | 'custom';

export const TIME_RANGE_LABELS: Record<TimeRangePreset, string> = {
  lastHour: 'Last hour',
  today: 'Today',
  last24Hours: 'Last 24 hours',
  last7Days: 'Last 7 days',
  last30Days: 'Last 30 days',
  last90Days: 'Last 90 days',
  thisMonth: 'This month',
  lastMonth: 'Last month',
  custom: 'Custom range',
};

const HOUR_MS = 3_600_000;

export function isTimeRangePreset(value: unknown): value is NamedTimeRangePreset {
  return typeof value === 'string' && (TIME_RANGE_PRESETS as readonly string[]).includes(value);
}

/**
 * Resolves a preset to a half-open range ending at `nowMs`. The day presets start at midnight
 * in `timeZone`, so "Last 7 days" is today plus the six calendar days before it, and every day
 * bucket of the range is complete except today.
 */
export function resolveTimeRange(
  preset: TimeRangePreset,
  nowMs: number,
  timeZone: string,
  customRange?: TimeRange,
): TimeRange {
  const toMs = nowMs;
  switch (preset) {
    case 'custom':
      return customRange ?? { fromMs: startOfDayMs(nowMs, timeZone, 6), toMs };
    case 'lastHour':
      return { fromMs: nowMs - HOUR_MS, toMs };
    case 'thisMonth':
      return { fromMs: startOfMonthMs(nowMs, timeZone, 0), toMs };
    case 'lastMonth':
      return {
        fromMs: startOfMonthMs(nowMs, timeZone, 1),
        toMs: startOfMonthMs(nowMs, timeZone, 0),
      };
    case 'last24Hours':
      return { fromMs: nowMs - 24 * HOUR_MS, toMs };
    case 'today':
      return { fromMs: startOfDayMs(nowMs, timeZone, 0), toMs };
    case 'last7Days':
      return { fromMs: startOfDayMs(nowMs, timeZone, 6), toMs };
    case 'last30Days':
      return { fromMs: startOfDayMs(nowMs, timeZone, 29), toMs };
    case 'last90Days':
      return { fromMs: startOfDayMs(nowMs, timeZone, 89), toMs };
  }
}

/**
 * Returns the epoch milliseconds of midnight in `timeZone` on the day `daysBack` calendar days
 * before the day of `epochMs`. Where a daylight-saving change skips midnight, this is the first
 * instant after the gap.
 */
export function startOfDayMs(epochMs: number, timeZone: string, daysBack = 0): number {
  const [year = 1970, month = 1, day = 1] = zonedDate(timeZone, epochMs).split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1, day - daysBack));
  return zonedTimeToUtcMs(timeZone, {
    year: target.getUTCFullYear(),
    month: target.getUTCMonth() + 1,
    day: target.getUTCDate(),
  });
}

/** Returns midnight in `timeZone` on the first day of the month `monthsBack` before `epochMs`'s. */
export function startOfMonthMs(epochMs: number, timeZone: string, monthsBack = 0): number {
  const [year = 1970, month = 1] = zonedDate(timeZone, epochMs).split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 - monthsBack, 1));
  return zonedTimeToUtcMs(timeZone, {
    year: target.getUTCFullYear(),
    month: target.getUTCMonth() + 1,
    day: 1,
  });
}

/** Labels a custom range with its dates in the zone, `to` being exclusive. */
export function customRangeLabel(range: TimeRange, timeZone: string): string {
  return `${zonedDate(timeZone, range.fromMs)} to ${zonedDate(timeZone, range.toMs - 1)}`;
}
