import type { TimeRange } from '../langfuse/types';
import { zonedDate, zonedTimeToUtcMs, zoneOffsetMinutes } from '../time/zone';

/** A calendar window in the chosen zone (ISO weeks start on Monday) or a rolling duration. */
export type WindowSpec =
  { kind: 'day' | 'week' | 'month' } | { kind: 'rolling'; durationMs: number };

/** One concrete window: the half-open range [fromMs, toMs) and a readable label. */
export interface AlertWindow extends TimeRange {
  label: string;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const DURATION = /^(\d+(?:\.\d+)?)\s*(m|min|h|d)$/i;
const UNIT_MS: Record<string, number> = { m: MINUTE_MS, min: MINUTE_MS, h: HOUR_MS, d: DAY_MS };

const CALENDAR_NAMES: Record<string, 'day' | 'week' | 'month'> = {
  day: 'day',
  daily: 'day',
  week: 'week',
  weekly: 'week',
  month: 'month',
  monthly: 'month',
};

/**
 * Parses a window: `day`, `week`, `month` (or `daily`, `weekly`, `monthly`) for calendar
 * windows, or a rolling duration such as `24h`, `90m` or `7d`. Returns undefined when the text
 * is neither.
 */
export function parseWindowSpec(text: string): WindowSpec | undefined {
  const trimmed = text.trim().toLowerCase();
  const calendar = CALENDAR_NAMES[trimmed];
  if (calendar) {
    return { kind: calendar };
  }

  const duration = DURATION.exec(trimmed);
  if (!duration) {
    return undefined;
  }
  const durationMs = Number(duration[1]) * (UNIT_MS[(duration[2] ?? '').toLowerCase()] ?? NaN);
  if (!Number.isFinite(durationMs) || durationMs < MINUTE_MS) {
    return undefined;
  }
  return { kind: 'rolling', durationMs: Math.round(durationMs) };
}

/** Returns the text `parseWindowSpec` reads back into the same window. */
export function formatWindowSpec(spec: WindowSpec): string {
  if (spec.kind !== 'rolling') {
    return spec.kind;
  }
  if (spec.durationMs % DAY_MS === 0 && spec.durationMs > DAY_MS) {
    return `${spec.durationMs / DAY_MS}d`;
  }
  if (spec.durationMs % HOUR_MS === 0) {
    return `${spec.durationMs / HOUR_MS}h`;
  }
  return `${Math.round(spec.durationMs / MINUTE_MS)}m`;
}

/**
 * Returns the window that contains the instant `atMs`. Calendar windows start at local midnight
 * in `timeZone`, so a day is 23 or 25 hours long on daylight-saving changes. A rolling window
 * ends at `atMs`.
 */
export function windowContaining(spec: WindowSpec, atMs: number, timeZone: string): AlertWindow {
  if (spec.kind === 'rolling') {
    return {
      fromMs: atMs - spec.durationMs,
      toMs: atMs,
      label: `last ${formatWindowSpec(spec)}`,
    };
  }

  const today = parseDate(zonedDate(timeZone, atMs));
  if (spec.kind === 'day') {
    return calendarWindow(timeZone, today, addDays(today, 1), formatDate(today));
  }

  if (spec.kind === 'week') {
    const monday = addDays(today, -isoWeekdayIndex(today));
    return calendarWindow(timeZone, monday, addDays(monday, 7), isoWeekLabel(monday));
  }

  const first = { year: today.year, month: today.month, day: 1 };
  const next =
    first.month === 12
      ? { year: first.year + 1, month: 1, day: 1 }
      : { year: first.year, month: first.month + 1, day: 1 };
  return calendarWindow(timeZone, first, next, formatDate(first).slice(0, 7));
}

/** Returns the window just before `window`: the previous calendar window, or the same duration. */
export function previousWindow(
  spec: WindowSpec,
  window: AlertWindow,
  timeZone: string,
): AlertWindow {
  if (spec.kind === 'rolling') {
    return windowContaining(spec, window.fromMs, timeZone);
  }
  return windowContaining(spec, window.fromMs - 1, timeZone);
}

/**
 * Returns the instant that shows the same wall-clock time `days` days later in `timeZone`
 * (negative for earlier), so "the same hour yesterday" stays at that hour across a
 * daylight-saving change. Seconds and milliseconds are kept.
 */
export function shiftDays(timeZone: string, ms: number, days: number): number {
  const local = new Date(wallClockUtc(timeZone, ms));
  const date = addDays(
    { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() },
    days,
  );
  const shifted = zonedTimeToUtcMs(timeZone, {
    ...date,
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  });
  return shifted + local.getUTCSeconds() * 1000 + local.getUTCMilliseconds();
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function calendarWindow(
  timeZone: string,
  first: CalendarDate,
  next: CalendarDate,
  label: string,
): AlertWindow {
  return {
    fromMs: zonedTimeToUtcMs(timeZone, first),
    toMs: zonedTimeToUtcMs(timeZone, next),
    label,
  };
}

/** Returns the wall-clock time in the zone at `ms`, written as if it were a UTC instant. */
function wallClockUtc(timeZone: string, ms: number): number {
  return ms + zoneOffsetMinutes(timeZone, ms) * 60_000;
}

function parseDate(text: string): CalendarDate {
  return {
    year: Number(text.slice(0, 4)),
    month: Number(text.slice(5, 7)),
    day: Number(text.slice(8, 10)),
  };
}

function addDays(date: CalendarDate, days: number): CalendarDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

function formatDate(date: CalendarDate): string {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).toISOString().slice(0, 10);
}

/** 0 for Monday through 6 for Sunday. */
function isoWeekdayIndex(date: CalendarDate): number {
  const sundayBased = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return (sundayBased + 6) % 7;
}

/** Returns the ISO 8601 week label, such as `2026-W10`; a week is in the year of its Thursday. */
function isoWeekLabel(monday: CalendarDate): string {
  const thursday = addDays(monday, 3);
  const dayOfYear =
    (Date.UTC(thursday.year, thursday.month - 1, thursday.day) - Date.UTC(thursday.year, 0, 1)) /
      DAY_MS +
    1;
  const week = Math.floor((dayOfYear - 1) / 7) + 1;
  return `${thursday.year}-W${String(week).padStart(2, '0')}`;
}
