import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SignInWithResult } from '../../../src/extension/commands/signInWith';
import type { LoadedAnalytics } from '../../../src/extension/data/analyticsService';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';
import { startServer, type RunningServer } from '../../../src/server/server';
import { activateExtension, setSetting, waitFor, waitForData } from './extensionApi';

const METRICS_PATH = '/api/public/v2/metrics';

describe('dashboard from the Metrics API', () => {
  let api: TraceInsightTestApi;
  let server: RunningServer;
  let origin: string;
  let previousBaseUrl: unknown;
  let previousPublicKey: unknown;

  before(async () => {
    api = await activateExtension();
    const section = vscode.workspace.getConfiguration('traceInsight');
    previousBaseUrl = section.inspect('baseUrl')?.globalValue;
    previousPublicKey = section.inspect('publicKey')?.globalValue;

    // 60 days of traffic, all inside the last 90 days.
    server = await startServer({
      data: { seed: 41, observations: 6000, days: 60, endMs: Date.now() },
    });
    origin = new URL(server.url).origin;
    await setSetting('metricsApi', 'auto');
    const signIn = await vscode.commands.executeCommand<SignInWithResult>(
      'traceInsight.signInWith',
      { baseUrl: server.url, publicKey: server.publicKey, secretKey: server.secretKey },
    );
    assert.equal(signIn.ok, true);
    await waitForData(api, origin);
  });

  after(async () => {
    await setSetting('metricsApi', undefined);
    await setSetting('baseUrl', previousBaseUrl);
    await setSetting('publicKey', previousPublicKey);
    await vscode.commands.executeCommand('traceInsight.pickTimeRange', 'last7Days');
    await server.close();
  });

  async function loadLast90Days(): Promise<LoadedAnalytics> {
    await vscode.commands.executeCommand('traceInsight.pickTimeRange', 'last90Days');
    return waitForData(api, origin);
  }

  it('90-day range uses the metrics path', async () => {
    const before = server.requestLog.filter((entry) => entry.path === METRICS_PATH).length;
    const data = await loadLast90Days();
    assert.equal(data.preset, 'last90Days');
    assert.ok(data.metricsApi, 'the load streamed observations');
    const after = server.requestLog.filter((entry) => entry.path === METRICS_PATH).length;
    assert.ok(after > before, 'no Metrics API request was sent');

    await vscode.commands.executeCommand('traceInsight.openDashboard');
    const snapshot = await waitFor(
      'the dashboard with the metrics API note',
      () => api.getDashboardSnapshot(),
      (value) => value.subtitle?.includes('Langfuse Metrics API v2') === true,
    );
    const traces = snapshot.tiles.find((tile) => tile.id === 'traces');
    assert.equal(traces?.value, 'n/a');
  });

  it('cost equals the streaming path', async () => {
    const viaMetrics = await loadLast90Days();
    assert.ok(viaMetrics.metricsApi);

    await setSetting('metricsApi', 'never');
    const streamed = await waitFor(
      'a streamed load',
      () => api.getState(),
      (state) =>
        state.kind === 'ready' &&
        state.data.metricsApi === undefined &&
        state.data.preset === 'last90Days',
    );
    assert.equal(streamed.kind, 'ready');
    const expected = streamed.data.analytics.report;
    const actual = viaMetrics.analytics.report;
    assert.equal(actual.observations, expected.observations);
    const tolerance = 1e-9 * Math.max(1, Math.abs(expected.cost.total));
    assert.ok(
      Math.abs(actual.cost.total - expected.cost.total) <= tolerance,
      `${actual.cost.total} vs ${expected.cost.total}`,
    );
    assert.ok(expected.cost.total > 0);
  });
});
