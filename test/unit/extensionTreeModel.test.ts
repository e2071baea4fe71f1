import * as assert from 'node:assert/strict';
import { buildDashboardModel, MAX_MODEL_SERIES } from '../../src/extension/panels/dashboardModel';
import {
  buildTreeNodes,
  flattenTreeNodes,
  MAX_GROUPS_PER_SECTION,
} from '../../src/extension/views/treeModel';
import type { Analytics, GroupStats } from '../../src/metrics/analyticsTypes';

function group(key: string, costUsd: number): GroupStats {
  return {
    key,
    observations: 10,
    traces: 4,
    costUsd,
    tokens: { input: 1000, output: 500, total: 1500 },
    latency: { p50: 0.25, p90: 1, p95: 1.5, p99: 3 },
    errorTraces: 1,
    errorRate: 0.25,
    unpricedObservations: 0,
  };
}

function analytics(models: GroupStats[]): Analytics {
  return {
    report: {
      range: { from: '2026-12-03T00:00:00.000Z', to: '2026-12-05T00:00:00.000Z', timeZone: 'UTC' },
      traces: 1234,
      observations: 5678,
      cost: { total: 12.5, byModel: {}, byDay: {}, unpricedObservations: 2 },
      tokens: { input: 2_000_000, output: 500_000, total: 2_500_000 },
      latency: { traces: { p50: 0.4, p90: 1.2, p95: 2.345, p99: 5 }, byType: {} },
      errors: { traces: 12, rate: 12 / 1234 },
      users: 7,
      sessions: 9,
    },
    days: [
      {
        day: '2026-12-03',
        costUsd: 5,
        costByModel: Object.fromEntries(models.map((model) => [model.key, 0.5])),
        inputTokens: 10,
        outputTokens: 5,
        traces: 3,
        errorTraces: 1,
        errorRate: 1 / 3,
        observations: 9,
      },
      {
        day: '2026-12-04',
        costUsd: 7.5,
        costByModel: {},
        inputTokens: 20,
        outputTokens: 8,
        traces: 4,
        errorTraces: 0,
        errorRate: 0,
        observations: 12,
      },
    ],
    byModel: models,
    byTraceName: [group('<img src=x onerror=alert(1)>', 3)],
    byUser: [],
    latencyByType: {
      SPAN: { p50: 1, p90: 2, p95: 3, p99: 4 },
      GENERATION: { p50: 0.5, p90: 0.7, p95: 0.8, p99: 0.9 },
    },
    negativeLatencyObservations: 0,
  };
}

describe('tree model', () => {
  it('overview shows the report totals', () => {
    const nodes = flattenTreeNodes(buildTreeNodes(analytics([group('gpt-4o', 10)]), 'Last 7 days'));
    const byId = new Map(nodes.map((node) => [node.id, node]));
    assert.equal(byId.get('overview')?.description, 'Last 7 days');
    assert.equal(byId.get('overview/cost')?.description, '$12.50');
    assert.equal(byId.get('overview/traces')?.description, '1,234');
    assert.equal(byId.get('overview/p95')?.description, '2.35 s');
    assert.equal(byId.get('overview/errorRate')?.description, '1.0%');
    assert.equal(byId.get('overview/tokens')?.description, '2.50M');
  });

  it('metrics path shows n/a, not zeros', () => {
    const nodes = flattenTreeNodes(
      buildTreeNodes(analytics([group('gpt-4o', 10)]), 'Last 90 days', { aggregatedOnly: true }),
    );
    const byId = new Map(nodes.map((node) => [node.id, node]));
    assert.equal(byId.get('overview/cost')?.description, '$12.50');
    assert.equal(byId.get('overview/traces')?.description, 'n/a');
    assert.equal(byId.get('overview/p95')?.description, 'n/a');
    assert.equal(byId.get('overview/errorRate')?.description, 'n/a');
    assert.equal(byId.get('byModel/gpt-4o')?.label, 'gpt-4o');
    assert.equal(byId.get('byUser'), undefined);
    assert.equal(byId.get('byTraceName'), undefined);
  });

  it('groups carry cost, tokens and p95', () => {
    const nodes = flattenTreeNodes(buildTreeNodes(analytics([group('gpt-4o', 10)]), 'Today'));
    const model = nodes.find((node) => node.id === 'byModel/gpt-4o');
    assert.equal(model?.label, 'gpt-4o');
    assert.equal(model?.description, '$10.00 · 1,500 tok · p95 1.50 s');
    assert.equal(model?.tooltipLines?.[0], 'Cost: $10.00');
  });

  it('ids stay stable across builds', () => {
    const first = flattenTreeNodes(
      buildTreeNodes(analytics([group('a', 2), group('b', 1)]), 'Today'),
    );
    const second = flattenTreeNodes(
      buildTreeNodes(analytics([group('b', 3), group('a', 1)]), 'Today'),
    );
    assert.deepEqual(first.map((node) => node.id).sort(), second.map((node) => node.id).sort());
  });

  it('trace-derived names stay labels, not markup', () => {
    const nodes = flattenTreeNodes(buildTreeNodes(analytics([]), 'Today'));
    const trace = nodes.find((node) => node.id === 'byTraceName/<img src=x onerror=alert(1)>');
    assert.equal(trace?.label, '<img src=x onerror=alert(1)>');
    assert.equal(trace?.tooltipTitle, '<img src=x onerror=alert(1)>');
  });

  it('sections cap the groups shown', () => {
    const models = Array.from({ length: MAX_GROUPS_PER_SECTION + 3 }, (_, index) =>
      group(`m${index}`, 100 - index),
    );
    const section = buildTreeNodes(analytics(models), 'Today').find(
      (node) => node.id === 'byModel',
    );
    assert.equal(section?.description, String(MAX_GROUPS_PER_SECTION + 3));
    assert.equal(section?.children?.length, MAX_GROUPS_PER_SECTION + 1);
    const more = section?.children?.at(-1);
    assert.equal(more?.label, '3 more');
    // The last three groups cost 100 - 50, 100 - 51 and 100 - 52.
    assert.equal(more?.description, '$147.00');
  });
});

describe('dashboard model', () => {
  it('series have one value per day', () => {
    const model = buildDashboardModel(analytics([group('gpt-4o', 10)]), {
      rangeLabel: 'Last 7 days',
      sourceLabel: 'Sample data',
      timeZone: 'UTC',
      loadedAtMs: Date.parse('2026-12-04T12:00:00Z'),
    });
    assert.deepEqual(model.days, ['2026-12-03', '2026-12-04']);
    assert.deepEqual(model.costByModel, [{ name: 'gpt-4o', values: [0.5, 0] }]);
    assert.deepEqual(model.inputTokensPerDay, [10, 20]);
    assert.deepEqual(model.outputTokensPerDay, [5, 8]);
    assert.deepEqual(model.tracesPerDay, [3, 4]);
    assert.equal(model.errorRatePercentPerDay[0]?.toFixed(4), '33.3333');
    assert.deepEqual(
      model.latencyByType.map((entry) => entry.type),
      ['GENERATION', 'SPAN'],
    );
    assert.equal(model.tiles.find((tile) => tile.id === 'cost')?.value, '$12.50');
    assert.equal(model.loadedAt, '2026-12-04T12:00:00.000Z');
  });

  it('extra models stack as other', () => {
    const models = Array.from({ length: MAX_MODEL_SERIES + 2 }, (_, index) =>
      group(`m${index}`, 20 - index),
    );
    const model = buildDashboardModel(analytics(models), {
      rangeLabel: 'Today',
      sourceLabel: 'x',
      timeZone: 'UTC',
      loadedAtMs: 0,
    });
    assert.equal(model.costByModel.length, MAX_MODEL_SERIES + 1);
    assert.deepEqual(model.costByModel.at(-1), { name: '2 other models', values: [1, 0] });
  });
});
