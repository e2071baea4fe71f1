import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DASHBOARD_VIEW_TYPE } from '../../../src/extension/panels/dashboard';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';
import type { DashboardSnapshot } from '../../../src/shared/protocol';
import { loadFixture } from '../support';
import { activateExtension, waitFor, waitForData } from './extensionApi';

describe('dashboard restore', () => {
  const fixture = loadFixture();
  const origin = new URL(fixture.serverUrl).origin;
  let api: TraceInsightTestApi;

  before(async () => {
    api = await activateExtension();
    await waitForData(api, origin);
  });

  function drawnSnapshot(): Promise<DashboardSnapshot> {
    return waitFor(
      'the dashboard to draw data',
      () => api.getDashboardSnapshot(),
      (snapshot) => snapshot.stateKind === 'data' && snapshot.tiles.length > 0,
    );
  }

  it('open trace links into the project', async () => {
    const state = api.getState();
    const group =
      state.kind === 'ready'
        ? state.data.insights?.breakdowns.find((breakdown) => breakdown.dimension === 'model')
            ?.groups[0]
        : undefined;
    assert.ok(group, 'a model breakdown group is loaded');

    const url = await api.traceUrl('model', group.key);

    assert.equal(
      url,
      `${origin}/project/local-project/traces/${group.drillDown.topTraceId ?? 'missing'}`,
    );
  });

  it('serializer restores a drawn panel', async () => {
    await vscode.commands.executeCommand('traceInsight.openDashboard');
    const before = await drawnSnapshot();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // After a window reload VS Code creates the panel and hands it to the serializer.
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      'Trace Insight',
      vscode.ViewColumn.One,
    );
    await api.restoreDashboard(panel, { lastState: null });
    const after = await drawnSnapshot();

    assert.equal(panel.webview.options.enableScripts, true);
    assert.deepEqual(after.tiles, before.tiles);
    assert.deepEqual(after.cspViolations, []);
  });
});
