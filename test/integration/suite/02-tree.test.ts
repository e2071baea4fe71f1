import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  formatCount,
  formatPercent,
  formatSeconds,
  formatUsd,
} from '../../../src/extension/format';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';
import { LangfuseClient } from '../../../src/langfuse/client';
import { ReportBuilder } from '../../../src/metrics';
import type { Analytics } from '../../../src/metrics/analyticsTypes';
import { loadFixture, requestScreenshot } from '../support';
import { activateExtension, waitFor, waitForData } from './extensionApi';

describe('tree', () => {
  const fixture = loadFixture();
  const origin = new URL(fixture.serverUrl).origin;
  let api: TraceInsightTestApi;
  let expected: Analytics;

  before(async () => {
    api = await activateExtension();
    await vscode.commands.executeCommand('traceInsight.pickTimeRange', 'last30Days');
    const data = await waitForData(api, origin);
    assert.equal(data.preset, 'last30Days');

    // The engine's analytics for the same server, range and zone, computed outside the extension.
    const client = new LangfuseClient({
      baseUrl: fixture.serverUrl,
      publicKey: fixture.publicKey,
      secretKey: fixture.secretKey,
    });
    const builder = new ReportBuilder({ range: data.range, timeZone: data.timeZone });
    for await (const page of client.observationPages(data.range)) {
      builder.addPage(page);
    }
    await client.close();
    expected = builder.buildAnalytics();
  });

  it('report equals the engine on the same range', () => {
    const state = api.getState();
    assert.equal(state.kind, 'ready');
    assert.deepEqual(state.kind === 'ready' && state.data.analytics.report, expected.report);
  });

  it('overview items show the report', () => {
    const items = new Map(api.getTreeItems().map((item) => [item.id, item]));
    const report = expected.report;
    assert.equal(items.get('overview/cost')?.description, formatUsd(report.cost.total));
    assert.equal(items.get('overview/traces')?.description, formatCount(report.traces));
    assert.equal(items.get('overview/p95')?.description, formatSeconds(report.latency.traces?.p95));
    assert.equal(items.get('overview/errorRate')?.description, formatPercent(report.errors.rate));
    assert.equal(items.get('overview/tokens')?.description, formatCount(report.tokens.total));
  });

  it('model groups match the engine', () => {
    const items = api.getTreeItems();
    const models = items.filter((item) => item.id.startsWith('byModel/'));
    assert.equal(models.length, expected.byModel.length);
    for (const group of expected.byModel) {
      const item = items.find((candidate) => candidate.id === `byModel/${group.key}`);
      assert.ok(item, `no tree item for model ${group.key}`);
      assert.ok(
        item.description?.startsWith(
          `${formatUsd(group.costUsd)} · ${formatCount(group.tokens.total)} tok`,
        ),
        `model ${group.key}: ${item.description}`,
      );
    }
  });

  it('trace name and user groups exist', () => {
    const items = api.getTreeItems();
    assert.equal(
      items.filter((item) => item.id.startsWith('byTraceName/')).length,
      Math.min(expected.byTraceName.length, 51),
    );
    assert.ok(items.some((item) => item.id.startsWith('byUser/')));
  });

  it('screenshot of the tree', async () => {
    await vscode.commands.executeCommand('traceInsight.overview.focus');
    await waitFor(
      'tree items',
      () => api.getTreeItems().length,
      (count) => count > 0,
    );
    await requestScreenshot('tree');
  });
});
