import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { formatCount, formatUsd } from '../../../src/extension/format';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';
import type { DashboardSnapshot } from '../../../src/shared/protocol';
import { loadFixture, requestScreenshot } from '../support';
import { activateExtension, waitFor, waitForData } from './extensionApi';

describe('dashboard', () => {
  const fixture = loadFixture();
  const origin = new URL(fixture.serverUrl).origin;
  let api: TraceInsightTestApi;

  before(async () => {
    api = await activateExtension();
    await waitForData(api, origin);
    await vscode.commands.executeCommand('traceInsight.openDashboard');
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('workbench')
      .update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
  });

  function drawnSnapshot(): Promise<DashboardSnapshot> {
    return waitFor(
      'the dashboard to draw data',
      () => api.getDashboardSnapshot(),
      (snapshot) => snapshot.stateKind === 'data' && Object.keys(snapshot.charts).length === 5,
    );
  }

  it('tiles show the loaded report', async () => {
    const snapshot = await drawnSnapshot();
    const state = api.getState();
    assert.equal(state.kind, 'ready');
    const report = state.kind === 'ready' ? state.data.analytics.report : null;
    const tiles = new Map(snapshot.tiles.map((tile) => [tile.id, tile.value]));
    assert.equal(tiles.get('cost'), formatUsd(report?.cost.total ?? -1));
    assert.equal(tiles.get('traces'), formatCount(report?.traces ?? -1));
    assert.equal(tiles.get('observations'), formatCount(report?.observations ?? -1));
    assert.match(snapshot.title, /Last 30 days/);
  });

  it('charts have one point per day', async () => {
    const snapshot = await drawnSnapshot();
    const state = api.getState();
    const days = state.kind === 'ready' ? state.data.analytics.days.length : -1;
    const types =
      state.kind === 'ready' ? Object.keys(state.data.analytics.latencyByType).length : -1;

    for (const id of ['cost', 'tokens', 'errors', 'traces']) {
      const chart = snapshot.charts[id];
      assert.ok(chart, `chart ${id} missing`);
      assert.equal(chart.labels, days, `chart ${id} labels`);
      assert.ok(chart.datasetLengths.length > 0, `chart ${id} has no datasets`);
      for (const length of chart.datasetLengths) {
        assert.equal(length, days, `chart ${id} dataset length`);
      }
    }
    assert.equal(snapshot.charts.latency?.labels, types);
    assert.deepEqual(snapshot.charts.latency?.datasetLengths, [types, types, types]);
  });

  it('strict CSP reports no violation', async () => {
    const snapshot = await drawnSnapshot();
    assert.deepEqual(snapshot.cspViolations, []);
    assert.equal(snapshot.imageElements, 0);
  });

  it('redraws in dark and light themes', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    await workbench.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    await waitFor(
      'the dark theme',
      () => api.getDashboardSnapshot(),
      (s) => s.themeKind === 'vscode-dark',
    );
    await drawnSnapshot();
    await requestScreenshot('dashboard-dark');

    await workbench.update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
    const light = await waitFor(
      'the light theme',
      () => api.getDashboardSnapshot(),
      (s) => s.themeKind === 'vscode-light',
    );
    assert.equal(Object.keys(light.charts).length, 5);
    assert.deepEqual(light.cspViolations, []);
    await requestScreenshot('dashboard-light');
  });
});
