import type { TimeRange } from '../langfuse/types';
import { zonedDate, zonedTimeToUtcMs } from '../time/zone';

export const NAMED_RANGES = [
  'lastHour',
  'last24Hours',
  'last7Days',
  'last30Days',
  'last90Days',
  'thisMonth',
  'lastMonth',
] as const;

export type NamedRange = (typeof NAMED_RANGES)[number];

const HOUR_MS = 3_600_000;

export function isNamedRange(value: string): value is NamedRange {
  return (NAMED_RANGES as readonly string[]).includes(value);
}

/**
 * Resolves a named range in the zone, as a half-open range. `lastHour` and `last24Hours` end
 * now. `lastNDays` starts at local midnight N - 1 days before today and ends now, so its day
 * buckets are complete except today. `thisMonth` runs from the first of this month to now and
 * `lastMonth` covers the whole previous calendar month, both from local midnight.
 */
export function resolveNamedRange(name: NamedRange, nowMs: number, timeZone: string): TimeRange {
  const [year = 1970, month = 1, day = 1] = zonedDate(timeZone, nowMs).split('-').map(Number);
  const midnight = (y: number, m: number, d: number): number => {
    const date = new Date(Date.UTC(y, m - 1, d));
    return zonedTimeToUtcMs(timeZone, {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
    });
  };

  switch (name) {
    case 'lastHour':
      return { fromMs: nowMs - HOUR_MS, toMs: nowMs };
    case 'last24Hours':
      return { fromMs: nowMs - 24 * HOUR_MS, toMs: nowMs };
    case 'last7Days':
      return { fromMs: midnight(year, month, day - 6), toMs: nowMs };
    case 'last30Days':
      return { fromMs: midnight(year, month, day - 29), toMs: nowMs };
    case 'last90Days':
      return { fromMs: midnight(year, month, day - 89), toMs: nowMs };
    case 'thisMonth':
      return { fromMs: midnight(year, month, 1), toMs: nowMs };
    case 'lastMonth':
      return { fromMs: midnight(year, month - 1, 1), toMs: midnight(year, month, 1) };
  }
}
