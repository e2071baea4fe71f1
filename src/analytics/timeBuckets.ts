import type { TimeRange } from '../langfuse/types';
import { zoneOffsetMinutes, zonedTimeToUtcMs } from '../time/zone';

export const GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;

export type Granularity = (typeof GRANULARITIES)[number];

/** One bucket of a time series: a half-open interval of wall-clock time in the zone. */
export interface TimeBucket {
  /**
   * `2026-03-29T02:00+02:00` for an hour (the offset tells the two 01:00 hours of a
   * fall-back night apart), `2026-03-29` for a day, `2026-W13` for an ISO week, `2026-03` for a
   * month.
   */
  label: string;
  startMs: number;
  endMs: number;
}

const HOUR_MS = 3_600_000;
const SLOT_MS = 15 * 60_000;

/** Wall-clock fields of an instant in a zone. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  /** ISO day of the week: 1 is Monday, 7 is Sunday. */
  isoWeekday: number;
  offsetMinutes: number;
}

/**
 * Reads wall-clock fields of instants in one zone. Results are cached per 15-minute slot,
 * because every zone offset in use today is a multiple of 15 minutes and changes at a slot
 * boundary.
 */
export class ZoneClock {
  private readonly bySlot = new Map<number, LocalTime>();

  constructor(readonly timeZone: string) {
    // Fails early with Intl's RangeError for an unknown zone.
    zoneOffsetMinutes(timeZone, 0);
  }

  localTime(epochMs: number): LocalTime {
    const slot = Math.floor(epochMs / SLOT_MS);
    let local = this.bySlot.get(slot);
    if (local === undefined) {
      local = computeLocalTime(this.timeZone, slot * SLOT_MS);
      if (this.bySlot.size > 100_000) {
        this.bySlot.clear();
      }
      this.bySlot.set(slot, local);
    }
    return local;
  }
}

function computeLocalTime(timeZone: string, epochMs: number): LocalTime {
  const offsetMinutes = zoneOffsetMinutes(timeZone, epochMs);
  const shifted = new Date(epochMs + offsetMinutes * 60_000);
  const weekday = shifted.getUTCDay();
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    isoWeekday: weekday === 0 ? 7 : weekday,
    offsetMinutes,
  };
}

/**
 * Returns the bucket that contains `epochMs`. Days, weeks and months start at local midnight
 * (weeks on Monday, as ISO 8601 has it), so a bucket that contains a daylight-saving change is
 * an hour shorter or longer than usual. Hours are real hours.
 */
export function bucketOf(clock: ZoneClock, epochMs: number, granularity: Granularity): TimeBucket {
  const local = clock.localTime(epochMs);
  const zone = clock.timeZone;

  if (granularity === 'hour') {
    // Zones such as Asia/Kolkata (+05:30) start their hours at half past in UTC.
    const localMs = epochMs + local.offsetMinutes * 60_000;
    const start = epochMs - (((localMs % HOUR_MS) + HOUR_MS) % HOUR_MS);
    return { label: hourLabel(clock.localTime(start)), startMs: start, endMs: start + HOUR_MS };
  }

  if (granularity === 'day') {
    const startMs = midnight(zone, local.year, local.month, local.day);
    const next = addDays(local.year, local.month, local.day, 1);
    return {
      label: dateLabel(local.year, local.month, local.day),
      startMs,
      endMs: midnight(zone, next.year, next.month, next.day),
    };
  }

  if (granularity === 'week') {
    const monday = addDays(local.year, local.month, local.day, 1 - local.isoWeekday);
    const nextMonday = addDays(monday.year, monday.month, monday.day, 7);
    return {
      label: isoWeekLabel(monday.year, monday.month, monday.day),
      startMs: midnight(zone, monday.year, monday.month, monday.day),
      endMs: midnight(zone, nextMonday.year, nextMonday.month, nextMonday.day),
    };
  }

  const nextYear = local.month === 12 ? local.year + 1 : local.year;
  const nextMonth = local.month === 12 ? 1 : local.month + 1;
  return {
    label: `${pad(local.year, 4)}-${pad(local.month, 2)}`,
    startMs: midnight(zone, local.year, local.month, 1),
    endMs: midnight(zone, nextYear, nextMonth, 1),
  };
}

/** Lists every bucket that overlaps the range, ascending, including empty ones. */
export function bucketsOf(
  clock: ZoneClock,
  range: TimeRange,
  granularity: Granularity,
  maxBuckets = 10_000,
): TimeBucket[] {
  const buckets: TimeBucket[] = [];
  let cursor = range.fromMs;
  while (cursor < range.toMs) {
    const bucket = bucketOf(clock, cursor, granularity);
    buckets.push(bucket);
    if (buckets.length > maxBuckets) {
      throw new RangeError(
        `The range holds more than ${maxBuckets} ${granularity} buckets; choose a coarser ` +
          'granularity or a shorter range.',
      );
    }
    cursor = bucket.endMs;
  }
  return buckets;
}

function midnight(timeZone: string, year: number, month: number, day: number): number {
  return zonedTimeToUtcMs(timeZone, { year, month, day });
}

function addDays(
  year: number,
  month: number,
  day: number,
  days: number,
): { year: number; month: number; day: number } {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function hourLabel(local: LocalTime): string {
  const sign = local.offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(local.offsetMinutes);
  return (
    `${dateLabel(local.year, local.month, local.day)}T${pad(local.hour, 2)}:00` +
    `${sign}${pad(Math.floor(offset / 60), 2)}:${pad(offset % 60, 2)}`
  );
}

function dateLabel(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Returns `YYYY-Www` for the ISO week that starts on the given Monday. */
export function isoWeekLabel(year: number, month: number, day: number): string {
  // The ISO week-year is the year of the week's Thursday.
  const thursday = addDays(year, month, day, 3);
  const firstOfYear = Date.UTC(thursday.year, 0, 1);
  const dayOfYear =
    (Date.UTC(thursday.year, thursday.month - 1, thursday.day) - firstOfYear) / 86_400_000;
  const week = Math.floor(dayOfYear / 7) + 1;
  return `${pad(thursday.year, 4)}-W${pad(week, 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
