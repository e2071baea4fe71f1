import { DDSketch } from '@datadog/sketches-js';
import type { LatencyPercentiles } from './types';

/** Up to this many latencies a distribution keeps the exact values, above it a sketch. */
const EXACT_LIMIT = 256;

/** The sketch's guaranteed relative error on every percentile. */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

/**
 * Latencies in seconds of one group (all traces, one observation type, one model...).
 * Percentiles are the value at rank floor(q * (n - 1)) of the sorted latencies: exact while the
 * group contains at most EXACT_LIMIT values, then from a DDSketch with 1% relative error, so memory
 * stays bounded however many observations arrive. A percentile is also clamped into the
 * observed [min, max], which the sketch does not do by itself.
 */
export class LatencyDistribution {
  private exact: number[] | null = [];
  private sketch: DDSketch | null = null;
  private minSeconds = Infinity;
  private maxSeconds = -Infinity;

  /** Adds a latency in seconds, which the caller has already clamped to 0 or more. */
  add(latencySeconds: number): void {
    if (latencySeconds < this.minSeconds) {
      this.minSeconds = latencySeconds;
    }
    if (latencySeconds > this.maxSeconds) {
      this.maxSeconds = latencySeconds;
    }

    if (this.sketch !== null) {
      this.sketch.accept(latencySeconds);
      return;
    }

    const exact = this.exact as number[];
    exact.push(latencySeconds);
    if (exact.length > EXACT_LIMIT) {
      this.moveToSketch(exact);
    }
  }

  /** Returns the percentiles, or null when no latency was added. */
  percentiles(): LatencyPercentiles | null {
    if (this.minSeconds === Infinity) {
      return null;
    }

    const valueAt =
      this.sketch === null ? exactQuantile(this.sortedExact()) : this.sketchQuantile();
    return {
      p50: this.clampAndRound(valueAt(0.5)),
      p90: this.clampAndRound(valueAt(0.9)),
      p95: this.clampAndRound(valueAt(0.95)),
      p99: this.clampAndRound(valueAt(0.99)),
    };
  }

  private moveToSketch(values: number[]): void {
    const sketch = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
    for (const value of values) {
      sketch.accept(value);
    }
    this.sketch = sketch;
    this.exact = null;
  }

  private sortedExact(): number[] {
    const exact = this.exact as number[];
    return exact.slice().sort((a, b) => a - b);
  }

  private sketchQuantile(): (quantile: number) => number {
    const sketch = this.sketch as DDSketch;
    return (quantile) => sketch.getValueAtQuantile(quantile);
  }

  private clampAndRound(latencySeconds: number): number {
    const clamped = Math.min(this.maxSeconds, Math.max(this.minSeconds, latencySeconds));
    // Nanoseconds are far below the sketch's error, and the rounding keeps the JSON readable.
    return Math.round(clamped * 1e9) / 1e9;
  }
}

function exactQuantile(sorted: number[]): (quantile: number) => number {
  return (quantile) => sorted[Math.floor(quantile * (sorted.length - 1))] as number;
}
