/**
 * Formats epoch milliseconds as `Date.prototype.toISOString` does, for years 1970 to 9999, but
 * several times faster: the date part is computed once per day and cached.
 */
const DAY_MS = 86_400_000;

let cachedDay = Number.NaN;
let cachedPrefix = '';

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function threeDigits(value: number): string {
  if (value < 10) {
    return `00${value}`;
  }
  return value < 100 ? `0${value}` : String(value);
}

export function isoTime(timeMs: number): string {
  const day = Math.floor(timeMs / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }

  let rest = timeMs - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const milliseconds = rest - seconds * 1000;

  const clock = `${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}`;
  return `${cachedPrefix}${clock}.${threeDigits(milliseconds)}Z`;
}
