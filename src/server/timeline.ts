/**
 * Trace start times over the generated period: more traffic in working hours and on weekdays,
 * in the local time of a configurable IANA time zone.
 */
import { Random } from './random';

const HOUR_MS = 3_600_000;

/** Relative traffic by local hour of day, 0 to 23. */
const HOURLY_WEIGHT = [
  0.12, 0.08, 0.06, 0.06, 0.08, 0.14, 0.3, 0.55, 0.85, 1, 1, 0.95, 0.85, 0.92, 1, 1, 0.95, 0.8, 0.6,
  0.45, 0.35, 0.28, 0.22, 0.16,
];

const WEEKEND_FACTOR = 0.45;

/** Throws a RangeError naming the zone when the runtime does not know it. */
export function localClock(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      hour: 'numeric',
      hourCycle: 'h23',
      weekday: 'short',
    });
  } catch {
    throw new RangeError(
      `Invalid time zone "${timeZone}": use an IANA name such as Europe/Berlin.`,
    );
  }
}

function trafficWeight(clock: Intl.DateTimeFormat, timeMs: number): number {
  let hour = 0;
  let weekend = false;
  for (const part of clock.formatToParts(timeMs)) {
    if (part.type === 'hour') {
      hour = Number(part.value);
    } else if (part.type === 'weekday') {
      weekend = part.value === 'Sat' || part.value === 'Sun';
    }
  }
  const hourly = HOURLY_WEIGHT[hour] ?? 1;
  return weekend ? hourly * WEEKEND_FACTOR : hourly;
}

/**
 * Draws `count` whole-millisecond start times in [startMs, endMs), sorted ascending. Each hour
 * of the period gets a share of the traces proportional to its traffic weight.
 */
export function drawTraceStartTimes(
  count: number,
  startMs: number,
  endMs: number,
  timeZone: string,
  random: Random,
): Float64Array {
  const clock = localClock(timeZone);
  const bucketCount = Math.max(1, Math.ceil((endMs - startMs) / HOUR_MS));

  const weights = new Float64Array(bucketCount);
  let totalWeight = 0;
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const weight = trafficWeight(clock, startMs + bucket * HOUR_MS + HOUR_MS / 2);
    weights[bucket] = weight;
    totalWeight += weight;
  }

  const starts = new Float64Array(count);
  let written = 0;
  let cumulativeWeight = 0;
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    cumulativeWeight += weights[bucket] ?? 0;
    const target =
      bucket === bucketCount - 1 ? count : Math.round((count * cumulativeWeight) / totalWeight);
    const bucketStart = startMs + bucket * HOUR_MS;
    const bucketEnd = Math.min(endMs, bucketStart + HOUR_MS);

    const first = written;
    while (written < target) {
      starts[written] = bucketStart + Math.floor(random.next() * (bucketEnd - bucketStart));
      written++;
    }
    starts.subarray(first, written).sort();
  }

  return starts;
}
