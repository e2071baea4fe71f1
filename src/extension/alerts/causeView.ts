import type { AlertCause } from '../../alerts';
import type { TimeRange } from '../../langfuse/types';
import { resolveTimeRange, TIME_RANGE_PRESETS, type TimeRangePreset } from '../timeRange';

/** The dashboard's filters and range that show the cause of an alert. */
export interface CauseView {
  /** Filters in the syntax of Add Filter…, such as `model = gpt-4o`. */
  filters: string[];
  preset: TimeRangePreset;
}

/**
 * Turns an alert's cause into dashboard filters and the shortest preset range that contains the
 * cause's start. A cause older than 90 days gets the 90-day range, which shows only its end.
 */
export function causeView(cause: AlertCause, nowMs: number, timeZone: string): CauseView {
  const { scope } = cause;
  const filters: string[] = [];
  if (scope.model !== undefined) filters.push(`model = ${scope.model}`);
  if (scope.traceName !== undefined) filters.push(`traceName = ${scope.traceName}`);
  if (scope.userId !== undefined) filters.push(`user = ${scope.userId}`);
  if (scope.environment !== undefined) filters.push(`environment = ${scope.environment}`);
  // NOTE: the filter syntax splits tag lists at commas, so a tag containing a comma matches its parts.
  if (scope.tag !== undefined) filters.push(`tags any-of ${scope.tag}`);
  if (cause.observationType !== undefined) filters.push(`type = ${cause.observationType}`);

  return { filters, preset: presetCovering(cause.range, nowMs, timeZone) };
}

function presetCovering(range: TimeRange, nowMs: number, timeZone: string): TimeRangePreset {
  for (const preset of TIME_RANGE_PRESETS) {
    if (resolveTimeRange(preset, nowMs, timeZone).fromMs <= range.fromMs) {
      return preset;
    }
  }
  return 'last90Days';
}
