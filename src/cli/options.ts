import { isValidTimeZone, systemTimeZone, zonedTimeToUtcMs, zoneOffsetMinutes } from '../time/zone';
import { isNamedRange, NAMED_RANGES, resolveNamedRange } from '../analytics/namedRanges';
import type { TimeRange } from '../langfuse/types';

/** A mistake in how the command was called; the CLI exits with status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_RANGE_DAYS = 7;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

export function resolveTimeZone(value: string | undefined): string {
  if (value === undefined) {
    return systemTimeZone();
  }
  if (!isValidTimeZone(value)) {
    throw new UsageError(
      `--time-zone ${JSON.stringify(value)} is not an IANA time zone; ` +
        'use a name such as Europe/Berlin, America/New_York or UTC.',
    );
  }
  // Intl accepts any letter case; report the canonical spelling (america/new_york -> America/New_York).
  return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
}

/**
 * Parses an ISO 8601 instant for --from or --to. A bare date (2026-12-01) means midnight in the
 * report's time zone, and a date-time without an offset is read as wall-clock time there.
 */
export function parseInstant(option: string, value: string, timeZone: string): number {
  const trimmed = value.trim();

  const dateOnly = DATE_ONLY.exec(trimmed);
  if (dateOnly) {
    const [year, month, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    if (!isRealDate(year, month, day)) {
      throw invalidInstant(option, value);
    }
    return zonedTimeToUtcMs(timeZone, { year, month, day });
  }

  if (!DATE_TIME.test(trimmed)) {
    throw invalidInstant(option, value);
  }
  const datePart = DATE_ONLY.exec(trimmed.slice(0, 10));
  if (!datePart || !isRealDate(Number(datePart[1]), Number(datePart[2]), Number(datePart[3]))) {
    throw invalidInstant(option, value);
  }

  if (HAS_OFFSET.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (Number.isNaN(ms)) {
      throw invalidInstant(option, value);
    }
    return ms;
  }

  const asUtcMs = Date.parse(`${trimmed}Z`);
  if (Number.isNaN(asUtcMs)) {
    throw invalidInstant(option, value);
  }
  const wall = new Date(asUtcMs);
  const ms =
    zonedTimeToUtcMs(timeZone, {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
    }) +
    wall.getUTCSeconds() * 1000 +
    wall.getUTCMilliseconds();

  // A wall-clock time inside a spring-forward gap never occurs in the zone, so reject it
  // rather than move it silently.
  if (ms + zoneOffsetMinutes(timeZone, ms) * 60_000 !== asUtcMs) {
    throw new UsageError(
      `${option} ${JSON.stringify(value)} does not exist in ${timeZone}: the clocks skip it ` +
        'for daylight saving time. Use a time after the change, or an explicit UTC offset.',
    );
  }
  return ms;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function invalidInstant(option: string, value: string): UsageError {
  return new UsageError(
    `${option} ${JSON.stringify(value)} is not an ISO 8601 date or date-time; ` +
      'use for example 2026-12-01 or 2026-12-01T09:30:00Z.',
  );
}

/** Resolves --from and --to (half-open) with the default of the last 7 days. */
export function resolveRange(
  from: string | undefined,
  to: string | undefined,
  timeZone: string,
  nowMs = Date.now(),
): TimeRange {
  const toMs = to === undefined ? nowMs : parseInstant('--to', to, timeZone);
  const fromMs =
    from === undefined
      ? toMs - DEFAULT_RANGE_DAYS * DAY_MS
      : parseInstant('--from', from, timeZone);

  if (fromMs >= toMs) {
    throw new UsageError(
      `--from ${new Date(fromMs).toISOString()} is not before --to ${new Date(toMs).toISOString()}; ` +
        'the range is half-open [from, to), so "from" must come first.',
    );
  }
  return { fromMs, toMs };
}

/** Resolves --range (a named range) or --from/--to, which exclude each other. */
export function resolveRangeOptions(
  options: { range?: string; from?: string; to?: string },
  timeZone: string,
): TimeRange {
  if (options.range === undefined) {
    return resolveRange(options.from, options.to, timeZone);
  }
  if (options.from !== undefined || options.to !== undefined) {
    throw new UsageError('--range cannot be combined with --from or --to; pass one or the other.');
  }
  if (!isNamedRange(options.range)) {
    throw new UsageError(
      `--range ${options.range} is invalid; use one of ${NAMED_RANGES.join(', ')}.`,
    );
  }
  return resolveNamedRange(options.range, Date.now(), timeZone);
}
