import * as assert from 'node:assert/strict';
import { LatencyDistribution } from '../../src/metrics/latencyDistribution';

const QUANTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;

/** Returns a deterministic pseudo-random generator of numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function exactQuantile(sorted: number[], quantile: number): number {
  return sorted[Math.floor(quantile * (sorted.length - 1))] as number;
}

describe('LatencyDistribution', () => {
  it('percentiles null when empty', () => {
    assert.equal(new LatencyDistribution().percentiles(), null);
  });

  it('percentiles exact for ten values', () => {
    const distribution = new LatencyDistribution();
    for (const seconds of [7, 3, 10, 1, 5, 9, 2, 8, 6, 4]) {
      distribution.add(seconds);
    }

    // Ranks floor(q * 9): p50 -> 4, p90 -> 8, p95 -> 8, p99 -> 8 in 1..10.
    assert.deepEqual(distribution.percentiles(), { p50: 5, p90: 9, p95: 9, p99: 9 });
  });

  it('percentiles exact for one value', () => {
    const distribution = new LatencyDistribution();
    distribution.add(1.234);

    assert.deepEqual(distribution.percentiles(), {
      p50: 1.234,
      p90: 1.234,
      p95: 1.234,
      p99: 1.234,
    });
  });

  const shapes: Array<{ name: string; sample: (next: () => number) => number }> = [
    // Milliseconds to minutes, spread over five orders of magnitude.
    { name: 'log-uniform', sample: (next) => 0.001 * Math.pow(10, 5 * next()) },
    { name: 'uniform', sample: (next) => 0.5 + 4 * next() },
    // A few zeros from clamped negative latencies among heavy-tailed values.
    { name: 'with zeros', sample: (next) => (next() < 0.03 ? 0 : 1 / (1 - next())) },
  ];

  for (const { name, sample } of shapes) {
    it(`sketch within 1% of exact, ${name}`, () => {
      const next = random(name.length * 7919);
      const distribution = new LatencyDistribution();
      const values: number[] = [];
      for (let i = 0; i < 5000; i++) {
        const seconds = Math.round(sample(next) * 1000) / 1000;
        values.push(seconds);
        distribution.add(seconds);
      }
      values.sort((a, b) => a - b);

      const percentiles = distribution.percentiles();
      assert.ok(percentiles);
      for (const [key, quantile] of Object.entries(QUANTILES)) {
        const exact = exactQuantile(values, quantile);
        const estimate = percentiles[key as keyof typeof QUANTILES];
        const error = exact === 0 ? estimate : Math.abs(estimate - exact) / exact;
        assert.ok(error <= 0.01, `${key}: estimate ${estimate}, exact ${exact}, error ${error}`);
      }
    });
  }

  it('sketch stays within observed min and max', () => {
    const distribution = new LatencyDistribution();
    for (let i = 0; i < 1000; i++) {
      distribution.add(2.5);
    }

    assert.deepEqual(distribution.percentiles(), { p50: 2.5, p90: 2.5, p95: 2.5, p99: 2.5 });
  });
});
