import { LatencyDistribution } from '../metrics/latencyDistribution';
import { dimensionLabel, parseDimension, type Dimension } from './dimensions';
import type { ScoreIndex } from './scoreIndex';
import { bootstrapMeanDifference, mannWhitneyP, mean } from './statistics';
import type { TraceRecord } from './traceRecord';
import type { Comparison, MetricComparison } from './types';

export interface ComparisonOptions {
  dimension: Dimension;
  a: string;
  b: string;
  /** A numeric or boolean score to compare as well. */
  scoreName?: string;
  /** Default 1000. */
  resamples?: number;
  /** Default 1. */
  seed?: number;
}

/** Parses `release=v1,v2` (dimension, then the two values A and B). */
export function parseComparison(text: string): ComparisonOptions {
  const match = /^\s*([^=]+?)\s*=\s*([^,]+?)\s*,\s*([^,]+?)\s*$/.exec(text);
  if (!match) {
    throw new RangeError(
      `Invalid comparison "${text}": write <dimension>=<A>,<B>, for example release=v1.2,v1.3.`,
    );
  }
  return {
    dimension: parseDimension(match[1] as string),
    a: match[2] as string,
    b: match[3] as string,
  };
}

/**
 * Compares two variants trace by trace. A trace belongs to variant A when it carries value A
 * of the dimension (on any of its observations) and not value B, and the other way round;
 * traces with both are counted and left out. Each metric gets the means, their difference
 * (B - A), a seeded percentile-bootstrap 95% interval and a Mann-Whitney p-value.
 */
export function compareVariants(
  options: ComparisonOptions,
  traces: Iterable<TraceRecord>,
  scores: ScoreIndex,
): Comparison {
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 1;
  const values = { a: newSamples(), b: newSamples() };
  const latency = { a: new LatencyDistribution(), b: new LatencyDistribution() };
  let tracesInBoth = 0;

  for (const trace of traces) {
    if (trace.variants === 3) {
      tracesInBoth++;
      continue;
    }
    if (trace.variants === 0) {
      continue;
    }
    const side = trace.variants === 1 ? 'a' : 'b';
    const samples = values[side];
    samples.costUsd.push(trace.costUsd + trace.estimatedCostUsd);
    samples.totalTokens.push(trace.totalTokens);
    samples.error.push(trace.hasError ? 1 : 0);
    const latencySeconds = trace.latencySeconds();
    if (latencySeconds !== null) {
      samples.latencySeconds.push(latencySeconds);
      latency[side].add(latencySeconds);
    }
    if (options.scoreName) {
      const score = scores.traceMean(trace.id, options.scoreName);
      if (score !== null) {
        samples.score.push(score);
      }
    }
  }

  const metricNames: (keyof ReturnType<typeof newSamples>)[] = [
    'costUsd',
    'totalTokens',
    'latencySeconds',
    'error',
  ];
  if (options.scoreName) {
    metricNames.push('score');
  }

  const metrics = metricNames.map((metric, index) =>
    compareMetric(
      metric === 'score' ? `score:${options.scoreName}` : metric,
      values.a[metric],
      values.b[metric],
      resamples,
      seed + index,
    ),
  );

  return {
    dimension: dimensionLabel(options.dimension),
    a: options.a,
    b: options.b,
    tracesA: values.a.costUsd.length,
    tracesB: values.b.costUsd.length,
    tracesInBoth,
    latencyA: latency.a.percentiles(),
    latencyB: latency.b.percentiles(),
    metrics,
    seed,
    resamples,
  };
}

function newSamples() {
  return {
    costUsd: [] as number[],
    totalTokens: [] as number[],
    latencySeconds: [] as number[],
    error: [] as number[],
    score: [] as number[],
  };
}

export function compareMetric(
  metric: string,
  a: readonly number[],
  b: readonly number[],
  resamples: number,
  seed: number,
): MetricComparison {
  const meanA = mean(a);
  const meanB = mean(b);
  const interval = bootstrapMeanDifference(a, b, resamples, seed);
  return {
    metric,
    meanA,
    meanB,
    difference: meanA === null || meanB === null ? null : meanB - meanA,
    interval,
    mannWhitneyP: mannWhitneyP(a, b),
    significant: interval !== null && (interval[0] > 0 || interval[1] < 0),
  };
}
