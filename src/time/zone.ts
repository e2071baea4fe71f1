/** Time-zone helpers built on Intl, shared by the CLI and the extension. */

/** Returns the machine's IANA time zone, as Intl reports it. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Returns true when Intl accepts the zone name, for example `Europe/Berlin` or `UTC`. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Returns the zone's offset from UTC in minutes at the instant `ms` (positive east of Greenwich). */
export function zoneOffsetMinutes(timeZone: string, ms: number): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, formatter);
  }

  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  const wallClockAsUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return Math.round((wallClockAsUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local date and time. In a
 * daylight-saving overlap it is the earlier instant. In a gap the time moves forward by the
 * gap's length, so 02:30 on a spring-forward night becomes 03:30.
 */
export function zonedTimeToUtcMs(
  timeZone: string,
  local: { year: number; month: number; day: number; hour?: number; minute?: number },
): number {
  const asUtc = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour ?? 0,
    local.minute ?? 0,
  );

  // Zone offsets change at most once within a few hours, so the offsets 14 hours either side
  // are the only candidates.
  const offsetBefore = zoneOffsetMinutes(timeZone, asUtc - 14 * 3_600_000);
  const offsetAfter = zoneOffsetMinutes(timeZone, asUtc + 14 * 3_600_000);

  const valid: number[] = [];
  for (const offset of [offsetBefore, offsetAfter]) {
    const candidate = asUtc - offset * 60_000;
    if (zoneOffsetMinutes(timeZone, candidate) === offset) {
      valid.push(candidate);
    }
  }
  if (valid.length > 0) {
    return Math.min(...valid);
  }
  return asUtc - offsetBefore * 60_000;
}

/** Returns the `YYYY-MM-DD` date in the zone at instant `ms`. */
export function zonedDate(timeZone: string, ms: number): string {
  const shifted = new Date(ms + zoneOffsetMinutes(timeZone, ms) * 60_000);
  return shifted.toISOString().slice(0, 10);
}
