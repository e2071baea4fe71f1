import * as assert from 'node:assert/strict';
import { AnalyticsBuilder } from '../../src/analytics/analyticsBuilder';
import { parseDimension } from '../../src/analytics/dimensions';
import type { Breakdown } from '../../src/analytics/types';
import { observation } from './analyticsSupport';

const T0 = Date.UTC(2026, 10, 2, 10);
const RANGE = { fromMs: Date.UTC(2026, 10, 1), toMs: Date.UTC(2026, 10, 8) };

/**
 * Three traces:
 *  t1 "chat", user u1, tags [a, b], release r1: gpt-4o 1.00 USD 2 s (ERROR), gpt-4o-mini 0.10 USD 1 s
 *  t2 "chat", user u2, tags [a], release r2: gpt-4o 2.00 USD 4 s
 *  t3 "search", no user, no tags: no model, 0.50 USD, 3 s span
 */
function sample() {
  const chat = { traceName: 'chat', environment: 'production' };
  return [
    observation({
      id: 'o1',
      traceId: 't1',
      ...chat,
      userId: 'u1',
      tags: ['a', 'b'],
      release: 'r1',
      model: 'gpt-4o',
      totalCostUsd: 1,
      level: 'ERROR',
      startTimeMs: T0,
      endTimeMs: T0 + 2000,
      usageDetails: { input: 100, output: 10 },
    }),
    observation({
      id: 'o2',
      traceId: 't1',
      ...chat,
      userId: 'u1',
      tags: ['a', 'b'],
      release: 'r1',
      model: 'gpt-4o-mini',
      totalCostUsd: 0.1,
      startTimeMs: T0 + 2000,
      endTimeMs: T0 + 3000,
      usageDetails: { input: 50, output: 5 },
    }),
    observation({
      id: 'o3',
      traceId: 't2',
      ...chat,
      userId: 'u2',
      tags: ['a'],
      release: 'r2',
      model: 'gpt-4o',
      totalCostUsd: 2,
      startTimeMs: T0 + 60_000,
      endTimeMs: T0 + 64_000,
      usageDetails: { input: 200, output: 20 },
    }),
    observation({
      id: 'o4',
      traceId: 't3',
      traceName: 'search',
      type: 'SPAN',
      totalCostUsd: 0.5,
      startTimeMs: T0 + 120_000,
      endTimeMs: T0 + 123_000,
    }),
  ];
}

function breakdownOf(
  groupBy: string,
  extra: Partial<ConstructorParameters<typeof AnalyticsBuilder>[0]> = {},
): Breakdown {
  const builder = new AnalyticsBuilder({
    range: RANGE,
    timeZone: 'UTC',
    dimensions: [parseDimension(groupBy)],
    ...extra,
  });
  builder.addPage(sample());
  return builder.build().breakdowns[0] as Breakdown;
}

describe('analytics breakdowns', () => {
  it('model groups observations', () => {
    const breakdown = breakdownOf('model');

    assert.equal(breakdown.level, 'observation');
    assert.deepEqual(
      breakdown.groups.map((g) => [g.key, g.observations, g.traces, g.costUsd]),
      [
        ['gpt-4o', 2, 2, 3],
        ['(no model)', 1, 1, 0.5],
        ['gpt-4o-mini', 1, 1, 0.1],
      ],
    );
    const gpt4o = breakdown.groups[0];
    assert.deepEqual(gpt4o?.tokens, { input: 300, output: 30, total: 330 });
    assert.equal(gpt4o?.errorTraces, 1);
    assert.equal(gpt4o?.errorRate, 0.5);
    // Observation latencies 2 s and 4 s: p50 is the value at rank floor(0.5 * 1) = 0.
    assert.equal(gpt4o?.latency?.p50, 2);
    assert.equal(gpt4o?.latency?.p99, 2);
  });

  it('traceName groups whole traces', () => {
    const breakdown = breakdownOf('traceName');

    assert.equal(breakdown.level, 'trace');
    const chat = breakdown.groups.find((g) => g.key === 'chat');
    assert.equal(chat?.traces, 2);
    assert.equal(chat?.observations, 3);
    assert.equal(chat?.costUsd, 3.1);
    assert.equal(chat?.errorRate, 0.5);
    // Trace latencies: t1 3 s, t2 4 s.
    assert.equal(chat?.latency?.p50, 3);
  });

  it('tag counts a trace in each tag', () => {
    const breakdown = breakdownOf('tag');

    assert.deepEqual(
      breakdown.groups.map((g) => [g.key, g.traces, g.costUsd]),
      [
        ['a', 2, 3.1],
        ['b', 1, 1.1],
        ['(no tag)', 1, 0.5],
      ],
    );
  });

  it('user, release and type keys', () => {
    assert.deepEqual(
      breakdownOf('user').groups.map((g) => g.key),
      ['u2', 'u1', '(no user)'],
    );
    assert.deepEqual(
      breakdownOf('release').groups.map((g) => [g.key, g.costUsd]),
      [
        ['r2', 2],
        ['r1', 1.1],
        ['(no release)', 0.5],
      ],
    );
    assert.deepEqual(
      breakdownOf('type').groups.map((g) => [g.key, g.observations]),
      [
        ['GENERATION', 3],
        ['SPAN', 1],
      ],
    );
  });

  it('top-N merges the rest into other', () => {
    const breakdown = breakdownOf('model', { breakdown: { topN: 1 } });

    assert.equal(breakdown.totalGroups, 3);
    assert.deepEqual(
      breakdown.groups.map((g) => [g.key, g.observations, g.traces, g.costUsd]),
      [
        ['gpt-4o', 2, 2, 3],
        ['(other)', 2, 2, 0.6],
      ],
    );
    assert.equal(breakdown.groups[1]?.latency, null);
    assert.equal(breakdown.groups[1]?.drillDown.filters, null);
  });

  it('trace other group keeps latency', () => {
    const breakdown = breakdownOf('user', { breakdown: { topN: 1 } });

    const other = breakdown.groups[1];
    assert.equal(other?.key, '(other)');
    assert.equal(other?.traces, 2);
    // t1 (3 s) and t3 (3 s).
    assert.equal(other?.latency?.p95, 3);
  });

  it('sorts by key ascending', () => {
    const breakdown = breakdownOf('model', { breakdown: { sortBy: 'key', order: 'asc' } });

    assert.deepEqual(
      breakdown.groups.map((g) => g.key),
      ['(no model)', 'gpt-4o', 'gpt-4o-mini'],
    );
  });

  it('drill-down names filter and trace link', () => {
    const breakdown = breakdownOf('model', {
      breakdown: { baseUrl: 'https://langfuse.example/', projectId: 'p1' },
    });

    const gpt4o = breakdown.groups[0];
    assert.deepEqual(gpt4o?.drillDown.filters, ['model = gpt-4o']);
    assert.equal(gpt4o?.drillDown.topTraceId, 't2');
    assert.equal(gpt4o?.drillDown.topTraceUrl, 'https://langfuse.example/project/p1/traces/t2');
  });

  it('metadata key groups by value', () => {
    const builder = new AnalyticsBuilder({
      range: RANGE,
      timeZone: 'UTC',
      dimensions: [parseDimension('metadata:region')],
    });
    builder.addPage([
      observation({ id: 'm1', traceId: 'x', totalCostUsd: 1, metadata: { region: 'eu' } }),
      observation({ id: 'm2', traceId: 'y', totalCostUsd: 2, metadata: { region: 'us' } }),
      observation({ id: 'm3', traceId: 'y', totalCostUsd: 4, metadata: { region: 'us' } }),
      observation({ id: 'm4', traceId: 'z', totalCostUsd: 8 }),
    ]);
    const breakdown = builder.build().breakdowns[0] as Breakdown;

    assert.equal(breakdown.dimension, 'metadata:region');
    assert.deepEqual(
      breakdown.groups.map((g) => [g.key, g.costUsd]),
      [
        ['(no value)', 8],
        ['us', 6],
        ['eu', 1],
      ],
    );
  });

  it('prompt groups name and version', () => {
    const builder = new AnalyticsBuilder({
      range: RANGE,
      timeZone: 'UTC',
      dimensions: [parseDimension('prompt')],
    });
    builder.addPage([
      observation({ id: 'p1', promptName: 'qa', promptVersion: 2, totalCostUsd: 1 }),
      observation({ id: 'p2', promptName: 'qa', promptVersion: 3, totalCostUsd: 2 }),
    ]);

    assert.deepEqual(
      builder.build().breakdowns[0]?.groups.map((g) => g.key),
      ['qa@3', 'qa@2'],
    );
  });
});
