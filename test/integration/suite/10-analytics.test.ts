import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';
import type { AnalyticsSnapshot, DashboardSnapshot } from '../../../src/shared/protocol';
import { SampleSource } from '../../../src/langfuse/sampleSource';
import { requestScreenshot } from '../support';
import { craftedObservation, craftedSource } from './crafted';
import { activateExtension, waitFor, waitForData } from './extensionApi';

const HOSTILE_TRACE_NAME = '<img src=x onerror=alert(3)>';

/**
 * Four traces of one observation each. gpt-4o costs $0.30 + $0.20 + $0.40 and gpt-4o-mini $0.10.
 * Release v1 has t1 and t4, release v2 has t2 and t3, and only t2 is in staging.
 */
function craftedTraces() {
  return craftedSource([
    craftedObservation({
      id: 'o1',
      metadata: { csat: 1 },
      traceId: 't1',
      model: 'gpt-4o',
      release: 'v1',
      traceName: 'chat',
      totalCostUsd: 0.3,
    }),
    craftedObservation({
      id: 'o2',
      metadata: { csat: 2 },
      traceId: 't2',
      model: 'gpt-4o-mini',
      release: 'v2',
      environment: 'staging',
      traceName: 'search',
      userId: 'user-2',
      totalCostUsd: 0.1,
    }),
    craftedObservation({
      id: 'o3',
      metadata: { csat: 3 },
      traceId: 't3',
      model: 'gpt-4o',
      release: 'v2',
      traceName: HOSTILE_TRACE_NAME,
      totalCostUsd: 0.2,
    }),
    craftedObservation({
      id: 'o4',
      metadata: { csat: 4 },
      traceId: 't4',
      model: 'gpt-4o',
      release: 'v1',
      traceName: 'chat',
      level: 'ERROR',
      totalCostUsd: 0.4,
    }),
  ]);
}

describe('dashboard analytics', () => {
  let api: TraceInsightTestApi;

  before(async () => {
    api = await activateExtension();
    await vscode.commands.executeCommand('traceInsight.pickTimeRange', 'last24Hours');
    await api.useSampleSource(craftedTraces());
    await waitForData(api, 'Sample data');
    await api.setAnalyticsView({
      dimension: 'model',
      filters: [],
      compare: '',
      whatIf: '',
      granularity: 'hour',
    });
    await vscode.commands.executeCommand('traceInsight.openDashboard');
  });

  after(async () => {
    await api.setAnalyticsView({
      filters: [],
      compare: '',
      whatIf: '',
      quality: '',
      roiKeys: '',
      dimension: 'model',
      granularity: 'day',
    });
  });

  function analyticsSnapshot(
    description: string,
    accept: (analytics: AnalyticsSnapshot, snapshot: DashboardSnapshot) => boolean,
  ): Promise<DashboardSnapshot> {
    return waitFor(
      description,
      () => api.getDashboardSnapshot(),
      (snapshot) =>
        snapshot.stateKind === 'data' &&
        snapshot.analytics !== undefined &&
        accept(snapshot.analytics, snapshot),
    );
  }

  it('breakdown table lists groups by cost', async () => {
    const snapshot = await analyticsSnapshot('the model breakdown', (analytics) =>
      analytics.breakdownDimension.endsWith('model'),
    );
    const analytics = snapshot.analytics as AnalyticsSnapshot;
    assert.deepEqual(analytics.breakdownHeaders.slice(0, 7), [
      'Group',
      'Cost (USD)',
      'Tokens',
      'p50 latency',
      'p95 latency',
      'Error rate',
      'Traces',
    ]);
    assert.deepEqual(
      analytics.breakdownRows.map((row) => [row[0], row[1], row[6]]),
      [
        ['gpt-4o', '$0.90', '3'],
        ['gpt-4o-mini', '$0.10', '1'],
      ],
    );
    assert.match(analytics.scope, /\(.+\) · hour buckets · no filters$/);
  });

  it('heatmap has 168 cells with the traffic', async () => {
    const snapshot = await analyticsSnapshot(
      'the heatmap',
      (analytics) => analytics.heatmapCells > 0,
    );
    const analytics = snapshot.analytics as AnalyticsSnapshot;
    assert.equal(analytics.heatmapCells, 168);
    const busy = analytics.heatmapTitles.filter((title) => !title.includes(': 0 traces'));
    assert.equal(busy.length, 1, busy.join('; '));
    assert.match(busy[0] ?? '', /: 4 traces, \$1\.00$/);
  });

  it('filter chip changes the tiles', async () => {
    await vscode.commands.executeCommand('traceInsight.addFilter', 'environment = staging');
    const filtered = await analyticsSnapshot(
      'the staging filter',
      (analytics, snapshot) =>
        analytics.filterChips.length === 1 &&
        snapshot.tiles.some((tile) => tile.id === 'cost' && tile.value === '$0.10'),
    );
    const tiles = new Map(filtered.tiles.map((tile) => [tile.id, tile.value]));
    assert.equal(tiles.get('traces'), '1');
    assert.deepEqual(filtered.analytics?.filterChips, ['environment = staging']);
    assert.deepEqual(
      filtered.analytics?.breakdownRows.map((row) => row[0]),
      ['gpt-4o-mini'],
    );
    const filterItem = api
      .getTreeItems()
      .find((item) => item.id === 'filters/environment = staging');
    assert.equal(filterItem?.label, 'environment = staging');

    await vscode.commands.executeCommand('traceInsight.clearFilters');
    const cleared = await analyticsSnapshot(
      'the filters cleared',
      (analytics, snapshot) =>
        analytics.filterChips.length === 0 &&
        snapshot.tiles.some((tile) => tile.id === 'cost' && tile.value === '$1.00'),
    );
    assert.deepEqual(cleared.analytics?.filterChips, []);
  });

  it('A/B comparison shows release means', async () => {
    await api.setAnalyticsView({ compare: 'release=v1,v2' });
    const snapshot = await analyticsSnapshot(
      'the comparison',
      (analytics) => analytics.comparisonRows.length > 0,
    );
    const cost = snapshot.analytics?.comparisonRows.find(
      (row) => row[0] === 'Cost per trace (USD)',
    );
    assert.equal(cost?.[1], '$0.35');
    assert.equal(cost?.[2], '$0.15');
    assert.match(cost?.[3] ?? '', /^-\$0\.20 \[/);
    const errors = snapshot.analytics?.comparisonRows.find((row) => row[0] === 'Error rate');
    assert.equal(errors?.[1], '50.0%');
    assert.equal(errors?.[2], '0.0%');
  });

  it('what-if reprices per trace name', async () => {
    await api.setAnalyticsView({ whatIf: 'gpt-4o=gpt-4o-mini' });
    const snapshot = await analyticsSnapshot(
      'the what-if',
      (analytics) => analytics.whatIfRows.length > 0,
    );
    const rows = new Map(snapshot.analytics?.whatIfRows.map((row) => [row[0], row]));
    assert.equal(rows.get('chat')?.[1], '$0.70');
    assert.equal(rows.get(HOSTILE_TRACE_NAME)?.[1], '$0.20');
    assert.ok(!rows.has('search'), 'search used gpt-4o-mini and is not repriced');
    assert.match(rows.get('chat')?.[3] ?? '', /^-\$0\.\d+/);
  });

  it('ROI correlates metadata with cost', async () => {
    // csat 1, 2, 3, 4 against cost 0.30, 0.10, 0.20, 0.40: Pearson r = 0.2 / sqrt(5 * 0.05) = 0.4,
    // and the cost ranks 3, 1, 2, 4 give Spearman rho = 1 - 6 * 6 / (4 * 15) = 0.4.
    await api.setAnalyticsView({ roiKeys: 'csat' });
    const snapshot = await analyticsSnapshot(
      'the correlation',
      (analytics) => analytics.correlationLines.length > 0,
    );
    assert.deepEqual(snapshot.analytics?.correlationLines, [
      'csat: 4 traces · cost r 0.400, rho 0.400 · latency r n/a, rho n/a',
    ]);
    assert.equal(snapshot.charts['roi-0'], undefined, 'ROI charts stay out of the first charts');
  });

  it('hostile trace name stays text', async () => {
    await api.setAnalyticsView({ dimension: 'traceName' });
    const snapshot = await analyticsSnapshot('the trace name breakdown', (analytics) =>
      analytics.breakdownDimension.endsWith('traceName'),
    );
    const keys = snapshot.analytics?.breakdownRows.map((row) => row[0]) ?? [];
    assert.ok(keys.includes(HOSTILE_TRACE_NAME), keys.join(', '));
    assert.equal(snapshot.imageElements, 0);
    assert.deepEqual(snapshot.cspViolations, []);
    const breakdownItem = api
      .getTreeItems()
      .find(
        (item) =>
          item.id.startsWith('breakdown/traceName/') && item.id.endsWith(`/${HOSTILE_TRACE_NAME}`),
      );
    assert.equal(breakdownItem?.label, HOSTILE_TRACE_NAME);
  });

  it('analytics section screenshot', async () => {
    await vscode.workspace
      .getConfiguration('workbench')
      .update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    // The generated sample data fills every section, unlike the four crafted traces.
    await vscode.commands.executeCommand('traceInsight.pickTimeRange', 'last7Days');
    await api.useSampleSource(new SampleSource({ seed: 7, observations: 20_000, days: 30 }));
    await api.setAnalyticsView({
      dimension: 'model',
      granularity: 'day',
      compare: '',
      whatIf: '',
      quality: 'helpfulness >= 0.8',
    });
    await analyticsSnapshot(
      'the sample data breakdown',
      (analytics) => analytics.breakdownRows.length > 3 && analytics.heatmapCells === 168,
    );
    await api.revealDashboardSection('insight-controls');
    await requestScreenshot('analytics-dark');
    await vscode.workspace
      .getConfiguration('workbench')
      .update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
  });
});
