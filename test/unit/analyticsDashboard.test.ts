import * as assert from 'node:assert/strict';
import { analyseSource } from '../../src/analytics/sourceAnalysis';
import type { Observation, ObservationSource } from '../../src/langfuse/types';
import {
  DEFAULT_ANALYTICS_VIEW,
  resolveView,
  sanitizeView,
} from '../../src/extension/panels/analyticsView';
import { buildInsightsModel } from '../../src/extension/panels/insightsModel';
import { insightNodes } from '../../src/extension/views/treeInsights';
import type { AnalyticsView } from '../../src/shared/protocol';
import { observation } from './analyticsSupport';

const RANGE = { fromMs: Date.UTC(2026, 10, 2), toMs: Date.UTC(2026, 10, 3) };

function sourceOf(observations: Observation[]): ObservationSource {
  return {
    async *observationPages() {
      yield observations;
    },
  };
}

/** Three traces: t1 production gpt-4o $0.30, t2 staging gpt-4o-mini $0.10, t3 production $0.20. */
const OBSERVATIONS = [
  observation({
    id: 'o1',
    traceId: 't1',
    model: 'gpt-4o',
    environment: 'production',
    totalCostUsd: 0.3,
    userId: 'u1',
    endTimeMs: Date.UTC(2026, 10, 2, 10, 0, 2),
  }),
  observation({
    id: 'o2',
    traceId: 't2',
    model: 'gpt-4o-mini',
    environment: 'staging',
    totalCostUsd: 0.1,
    userId: 'u2',
    startTimeMs: Date.UTC(2026, 10, 2, 14),
  }),
  observation({
    id: 'o3',
    traceId: 't3',
    model: 'gpt-4o',
    environment: 'production',
    totalCostUsd: 0.2,
    userId: 'u1',
  }),
];

function view(overrides: Partial<AnalyticsView>): AnalyticsView {
  return { ...DEFAULT_ANALYTICS_VIEW, ...overrides };
}

describe('analytics view', () => {
  it('sanitizeView drops invalid values', () => {
    const sanitized = sanitizeView({
      dimension: 42,
      granularity: 'year',
      filters: ['env = a', 7, ' ', 'model = b '],
      estimateUnpriced: 'yes',
      script: '<img>',
    });
    assert.deepEqual(sanitized, {
      ...DEFAULT_ANALYTICS_VIEW,
      filters: ['env = a', 'model = b'],
    });
  });

  it('resolveView reports an invalid filter', () => {
    const resolved = resolveView(
      view({ filters: ['environment = production', 'helpfulness >= high'] }),
      RANGE,
      'UTC',
    );
    assert.equal(resolved.options.filters?.length, 1);
    assert.equal(resolved.errors.length, 1);
    assert.match(resolved.errors[0] ?? '', /helpfulness >= high/);
  });

  it('resolveView adds a metadata dimension', () => {
    const resolved = resolveView(view({ dimension: 'metadata:region' }), RANGE, 'UTC');
    const names = resolved.options.dimensions?.map((dimension) => dimension.name) ?? [];
    assert.equal(names.length, 11);
    assert.equal(resolved.options.dimensions?.[10]?.metadataKey, 'region');
  });

  it('resolveView joins quality into comparison', () => {
    const resolved = resolveView(
      view({ compare: 'release=v1,v2', quality: 'helpfulness>=0.8', whatIf: 'a=b' }),
      RANGE,
      'UTC',
    );
    assert.equal(resolved.options.compare?.scoreName, 'helpfulness');
    assert.deepEqual(resolved.options.whatIf, [{ fromModel: 'a', toModel: 'b' }]);
  });
});

describe('dashboard analytics model', () => {
  it('filter narrows report and insights alike', async () => {
    const resolved = resolveView(view({ filters: ['environment = production'] }), RANGE, 'UTC');
    const result = await analyseSource(sourceOf(OBSERVATIONS), resolved.options, {
      nowMs: RANGE.toMs,
    });
    assert.equal(result.analytics.report.traces, 2);
    assert.equal(result.analytics.report.cost.total, 0.5);
    assert.equal(result.insights.traces, 2);
    assert.equal(result.insights.filteredOutObservations, 1);
  });

  it('insights model lists breakdown rows', async () => {
    const current = view({ dimension: 'model', filters: ['environment = production'] });
    const resolved = resolveView(current, RANGE, 'Europe/Berlin');
    const result = await analyseSource(sourceOf(OBSERVATIONS), resolved.options, {
      nowMs: RANGE.toMs,
    });
    const model = buildInsightsModel(result.insights, current, [], true);

    assert.equal(model.breakdown?.dimension, 'model');
    assert.deepEqual(
      model.breakdown?.rows.map((row) => [row.key, row.costUsd, row.traces, row.canOpenTrace]),
      [['gpt-4o', 0.5, 2, true]],
    );
    assert.deepEqual(model.filters, [{ text: 'environment = production', pushedDown: true }]);
    assert.equal(
      model.scope,
      '2026-11-02 01:00 to 2026-11-03 01:00 (Europe/Berlin) · day buckets · 1 filter',
    );
    // 10:00 UTC is 11:00 in Berlin on Monday 2 November 2026: cell (Monday, 11).
    assert.equal(model.heatmap.traces[11], 2);
    assert.equal(
      model.heatmap.traces.reduce((sum, value) => sum + value, 0),
      2,
    );
    assert.deepEqual(model.models, ['gpt-4o']);
  });

  it('sample data cannot open traces', async () => {
    const resolved = resolveView(view({}), RANGE, 'UTC');
    const result = await analyseSource(sourceOf(OBSERVATIONS), resolved.options, {
      nowMs: RANGE.toMs,
    });
    const model = buildInsightsModel(result.insights, view({ filters: [] }), [], false);
    assert.ok(model.breakdown?.rows.every((row) => !row.canOpenTrace));
  });

  it('tree nodes show filters and breakdown', async () => {
    const current = view({ dimension: 'environment', filters: ['user = u1'] });
    const resolved = resolveView(current, RANGE, 'UTC');
    const result = await analyseSource(sourceOf(OBSERVATIONS), resolved.options, {
      nowMs: RANGE.toMs,
    });
    const [filters, breakdown] = insightNodes(result.insights, current);
    assert.deepEqual(
      filters?.children?.map((node) => [node.label, node.command, node.commandArguments]),
      [
        ['user = u1', 'traceInsight.removeFilter', ['user = u1']],
        ['Add Filter…', 'traceInsight.addFilter', undefined],
      ],
    );
    assert.equal(breakdown?.label, 'Breakdown by environment');
    assert.deepEqual(
      breakdown?.children?.map((node) => node.label),
      ['production'],
    );
  });
});
