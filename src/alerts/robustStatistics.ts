/** Median and MAD, the robust centre and spread used to score token-usage anomalies. */

/** Scales the MAD to the standard deviation of normally distributed data. */
export const MAD_TO_SIGMA = 1.4826;

/** Returns the median of the values, or NaN for none. The input is not changed. */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return NaN;
  }

  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) {
    return sorted[middle] as number;
  }
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Returns the median absolute deviation from the median, or NaN for no values. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const centre = median(values);
  return median(values.map((value) => Math.abs(value - centre)));
}

export interface RobustScore {
  median: number;
  mad: number;
  /** The spread the score divides by: 1.4826 * MAD, or the floor when that is smaller. */
  scale: number;
  /** (value - median) / scale; positive above the baseline. */
  score: number;
}

/**
 * Scores `value` against the baseline as a robust z-score. A baseline whose values are all
 * nearly equal has a MAD near 0, which would turn any change into an infinite score, so the
 * scale is at least 5% of the median and at least 1 unit.
 */
export function robustScore(value: number, baseline: readonly number[]): RobustScore {
  const centre = median(baseline);
  const mad = medianAbsoluteDeviation(baseline);
  const scale = Math.max(MAD_TO_SIGMA * mad, 0.05 * Math.abs(centre), 1);
  return { median: centre, mad, scale, score: (value - centre) / scale };
}
