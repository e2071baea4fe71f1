/** Milliseconds in the 15-minute slot that the day-label cache is keyed by. */
const SLOT_MS = 15 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Maps instants to `YYYY-MM-DD` dates in one IANA time zone, daylight-saving days (23 and 25
 * hours) included. Intl.DateTimeFormat runs once per 15-minute slot and the label is cached,
 * because every zone offset in use today is a multiple of 15 minutes and changes at a slot
 * boundary, so all instants of a slot share one date.
 *
 * NOTE: local mean time offsets before about 1900 (for example +00:19:32 in Amsterdam) are not
 * multiples of 15 minutes, so a day boundary in such a year may be placed up to 14 minutes off.
 */
export class ZoneDays {
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat;
  private readonly labelBySlot = new Map<number, string>();
  private lastSlot = NaN;
  private lastLabel = '';

  /** Throws a RangeError naming the zone when `timeZone` is not a valid IANA zone. */
  constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.format = createDateFormat(timeZone);
  }

  /** Returns the date of `epochMs` in the zone as `YYYY-MM-DD`. */
  label(epochMs: number): string {
    const slot = Math.floor(epochMs / SLOT_MS);
    if (slot === this.lastSlot) {
      return this.lastLabel;
    }

    let label = this.labelBySlot.get(slot);
    if (label === undefined) {
      label = this.formatDate(slot * SLOT_MS);
      this.labelBySlot.set(slot, label);
    }

    this.lastSlot = slot;
    this.lastLabel = label;
    return label;
  }

  /** Lists every date in the zone from `first` to `last` (both `YYYY-MM-DD`), ascending. */
  static datesBetween(first: string, last: string): string[] {
    const dates: string[] = [];
    const lastMs = dateToUtcMs(last);
    for (let dayMs = dateToUtcMs(first); dayMs <= lastMs; dayMs += DAY_MS) {
      dates.push(new Date(dayMs).toISOString().slice(0, 10));
    }
    return dates;
  }

  private formatDate(epochMs: number): string {
    let year = '';
    let month = '';
    let day = '';
    for (const part of this.format.formatToParts(epochMs)) {
      if (part.type === 'year') {
        year = part.value;
      } else if (part.type === 'month') {
        month = part.value;
      } else if (part.type === 'day') {
        day = part.value;
      }
    }
    return `${year.padStart(4, '0')}-${month}-${day}`;
  }
}

function createDateFormat(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch (error) {
    if (error instanceof RangeError) {
      throw new RangeError(
        `Invalid time zone "${timeZone}": use an IANA zone name such as "UTC", ` +
          '"Europe/Berlin" or "America/New_York".',
      );
    }
    throw error;
  }
}

/** Returns midnight UTC of a `YYYY-MM-DD` date, for calendar arithmetic only. */
function dateToUtcMs(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  // setUTCFullYear, unlike Date.UTC, does not move years 0 to 99 into the 1900s.
  const midnight = new Date(0);
  midnight.setUTCFullYear(year as number, (month as number) - 1, day as number);
  return midnight.getTime();
}
