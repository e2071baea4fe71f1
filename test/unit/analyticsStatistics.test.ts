import * as assert from 'node:assert/strict';
import { AnalyticsBuilder } from '../../src/analytics/analyticsBuilder';
import { parseComparison } from '../../src/analytics/comparison';
import { parseDimension } from '../../src/analytics/dimensions';
import {
  bootstrapMeanDifference,
  mannWhitneyP,
  pearson,
  ranks,
  spearman,
} from '../../src/analytics/statistics';
import { observation } from './analyticsSupport';

const RANGE = { fromMs: Date.UTC(2026, 10, 1), toMs: Date.UTC(2026, 10, 8) };
const T0 = Date.UTC(2026, 10, 2, 10);

describe('analytics statistics', () => {
  it('pearson of a hand-computed sample', () => {
    // cov 11, var x 5, var y 26: r = 11 / sqrt(130).
    assert.ok(Math.abs((pearson([1, 2, 3, 4], [2, 4, 5, 9]) as number) - 0.964764) < 1e-6);
  });

  it('pearson is null for a constant side', () => {
    assert.equal(pearson([1, 1, 1], [1, 2, 3]), null);
    assert.equal(pearson([1], [2]), null);
  });

  it('spearman is 1 for a monotonic sample', () => {
    assert.equal(spearman([1, 2, 3, 4], [2, 4, 5, 9]), 1);
  });

  it('spearman averages tied ranks', () => {
    assert.deepEqual(ranks([1, 2, 2, 3]), [1, 2.5, 2.5, 4]);
    // Pearson of [1, 2.5, 2.5, 4] and [1, 2, 3, 4]: 4.5 / sqrt(4.5 * 5).
    assert.ok(Math.abs((spearman([1, 2, 2, 3], [1, 2, 3, 4]) as number) - 0.948683) < 1e-6);
  });

  it('Mann-Whitney p of separated samples', () => {
    // U = 0, mean 4.5, variance 5.25, z = 4 / sqrt(5.25) = 1.7457: p = 0.0809.
    assert.ok(Math.abs((mannWhitneyP([1, 2, 3], [4, 5, 6]) as number) - 0.0809) < 1e-4);
    assert.equal(mannWhitneyP([], [1]), null);
    assert.equal(mannWhitneyP([2, 2], [2, 2]), null);
  });

  it('bootstrap of constant samples is exact', () => {
    assert.deepEqual(bootstrapMeanDifference([1, 1, 1], [3, 3, 3, 3], 200, 7), [2, 2]);
  });

  it('bootstrap is repeatable and spans 0 for equal samples', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const first = bootstrapMeanDifference(a, a, 500, 3) as [number, number];
    const second = bootstrapMeanDifference(a, a, 500, 3);

    assert.deepEqual(first, second);
    assert.ok(first[0] < 0);
    assert.ok(first[1] > 0);
  });
});

describe('analytics comparison', () => {
  it('release A/B difference and interval', () => {
    const builder = new AnalyticsBuilder({
      range: RANGE,
      timeZone: 'UTC',
      dimensions: [],
      compare: { ...parseComparison('release=r1,r2'), resamples: 200 },
    });
    builder.addPage([
      observation({
        id: 'a1',
        traceId: 'a1',
        release: 'r1',
        totalCostUsd: 1,
        startTimeMs: T0,
        endTimeMs: T0 + 1000,
      }),
      observation({
        id: 'a2',
        traceId: 'a2',
        release: 'r1',
        totalCostUsd: 1,
        startTimeMs: T0,
        endTimeMs: T0 + 1000,
      }),
      observation({
        id: 'b1',
        traceId: 'b1',
        release: 'r2',
        totalCostUsd: 3,
        startTimeMs: T0,
        endTimeMs: T0 + 3000,
        level: 'ERROR',
      }),
      observation({
        id: 'b2',
        traceId: 'b2',
        release: 'r2',
        totalCostUsd: 3,
        startTimeMs: T0,
        endTimeMs: T0 + 3000,
      }),
      observation({ id: 'n1', traceId: 'n1', release: 'r3', totalCostUsd: 50 }),
    ]);
    const comparison = builder.build().comparison;

    assert.equal(comparison?.tracesA, 2);
    assert.equal(comparison?.tracesB, 2);
    const cost = comparison?.metrics.find((metric) => metric.metric === 'costUsd');
    assert.equal(cost?.meanA, 1);
    assert.equal(cost?.meanB, 3);
    assert.equal(cost?.difference, 2);
    assert.deepEqual(cost?.interval, [2, 2]);
    assert.equal(cost?.significant, true);
    const error = comparison?.metrics.find((metric) => metric.metric === 'error');
    assert.equal(error?.meanB, 0.5);
    assert.equal(comparison?.latencyA?.p50, 1);
    assert.equal(comparison?.latencyB?.p95, 3);
  });

  it('model A/B leaves out traces with both', () => {
    const builder = new AnalyticsBuilder({
      range: RANGE,
      timeZone: 'UTC',
      dimensions: [],
      compare: { dimension: parseDimension('model'), a: 'gpt-4o', b: 'gpt-4o-mini' },
    });
    builder.addPage([
      observation({ id: 'x1', traceId: 'x', model: 'gpt-4o' }),
      observation({ id: 'x2', traceId: 'x', model: 'gpt-4o-mini' }),
      observation({ id: 'y1', traceId: 'y', model: 'gpt-4o' }),
    ]);
    const comparison = builder.build().comparison;

    assert.equal(comparison?.tracesInBoth, 1);
    assert.equal(comparison?.tracesA, 1);
    assert.equal(comparison?.tracesB, 0);
    assert.equal(comparison?.metrics[0]?.interval, null);
  });

  it('rejects a malformed comparison', () => {
    assert.throws(() => parseComparison('release=v1'), /<dimension>=<A>,<B>/);
  });
});

describe('analytics correlation', () => {
  it('metadata against trace cost', () => {
    const builder = new AnalyticsBuilder({
      range: RANGE,
      timeZone: 'UTC',
      dimensions: [],
      roiKeys: ['resolution_time'],
    });
    const costs = [2, 4, 5, 9];
    builder.addPage(
      costs.map((cost, i) =>
        observation({
          id: `o${i}`,
          traceId: `t${i}`,
          totalCostUsd: cost,
          startTimeMs: T0,
          endTimeMs: T0 + (4 - i) * 1000,
          metadata: { resolution_time: String(i + 1) },
        }),
      ),
    );
    builder.add(observation({ id: 'none', traceId: 'tn', totalCostUsd: 100, metadata: {} }));
    const [correlation] = builder.build().correlations;

    assert.equal(correlation?.traces, 4);
    assert.ok(Math.abs((correlation?.pearsonCost as number) - 0.964764) < 1e-6);
    assert.equal(correlation?.spearmanCost, 1);
    // Latency falls as the value rises: 4, 3, 2, 1 s.
    assert.equal(correlation?.pearsonLatency, -1);
    assert.equal(correlation?.spearmanLatency, -1);
    assert.equal(correlation?.points.length, 4);
  });
});
