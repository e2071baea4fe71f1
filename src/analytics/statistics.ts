/** Small statistics for per-trace values: correlation, bootstrap interval and Mann-Whitney U. */

/** A seeded 32-bit generator (mulberry32) returning floats in [0, 1), for repeatable resampling. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  let sum = 0;
  for (const value of values) {
    sum += value;
  }
  return sum / values.length;
}

/** Pearson's r, or null with fewer than two pairs or when either side is constant. */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = Math.min(x.length, y.length);
  if (n < 2) {
    return null;
  }
  const meanX = mean(x.slice(0, n)) as number;
  const meanY = mean(y.slice(0, n)) as number;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - meanX;
    const dy = (y[i] as number) - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  if (varianceX === 0 || varianceY === 0) {
    return null;
  }
  return covariance / Math.sqrt(varianceX * varianceY);
}

/** Ranks from 1, with tied values sharing the mean of their ranks. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index }));
  order.sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (
      j + 1 < order.length &&
      (order[j + 1] as { value: number }).value === (order[i] as { value: number }).value
    ) {
      j++;
    }
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      result[(order[k] as { index: number }).index] = rank;
    }
    i = j + 1;
  }
  return result;
}

/** Spearman's rho: Pearson's r of the ranks, so ties are handled. */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  const n = Math.min(x.length, y.length);
  return pearson(ranks(x.slice(0, n)), ranks(y.slice(0, n)));
}

/**
 * Returns the 95% percentile-bootstrap interval of mean(b) - mean(a): `resamples` times, draw
 * each sample with replacement at its own size and take the difference of the means.
 */
export function bootstrapMeanDifference(
  a: readonly number[],
  b: readonly number[],
  resamples: number,
  seed: number,
): [number, number] | null {
  if (a.length === 0 || b.length === 0) {
    return null;
  }
  const random = seededRandom(seed);
  const differences = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    differences[r] = resampledMean(b, random) - resampledMean(a, random);
  }
  differences.sort();
  return [quantileOfSorted(differences, 0.025), quantileOfSorted(differences, 0.975)];
}

function resampledMean(values: readonly number[], random: () => number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[Math.floor(random() * values.length)] as number;
  }
  return sum / values.length;
}

/** Linear interpolation between the closest ranks (type 7, as R and NumPy default to). */
function quantileOfSorted(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  return low + (position - lower) * ((sorted[upper] as number) - low);
}

/**
 * Two-sided p-value of the Mann-Whitney U test with the normal approximation, a continuity
 * correction and the tie correction of the variance. Null when either sample is empty or all
 * values are tied.
 */
export function mannWhitneyP(a: readonly number[], b: readonly number[]): number | null {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) {
    return null;
  }

  const combined = [...a, ...b];
  const rank = ranks(combined);
  let rankSumA = 0;
  for (let i = 0; i < n1; i++) {
    rankSumA += rank[i] as number;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;

  const n = n1 + n2;
  const tieCounts = new Map<number, number>();
  for (const value of combined) {
    tieCounts.set(value, (tieCounts.get(value) ?? 0) + 1);
  }
  let tieTerm = 0;
  for (const t of tieCounts.values()) {
    tieTerm += t * t * t - t;
  }
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) {
    return null;
  }

  const z = (Math.abs(u - (n1 * n2) / 2) - 0.5) / Math.sqrt(variance);
  return Math.min(1, 2 * (1 - normalCdf(Math.max(0, z))));
}

/** The standard normal CDF through Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const polynomial =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - polynomial * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
