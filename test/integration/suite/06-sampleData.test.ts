import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';
import type { DashboardSnapshot } from '../../../src/shared/protocol';
import { craftedObservation, craftedSource } from './crafted';
import { activateExtension, waitFor, waitForData } from './extensionApi';

const HOSTILE_TRACE_NAME = '<img src=x onerror=alert(1)>';
const HOSTILE_MODEL = '<img src=x onerror=alert(2)>';
const HOSTILE_USER = '**bold** [link](command:traceInsight.signOut)';

describe('sample data', () => {
  let api: TraceInsightTestApi;

  before(async () => {
    api = await activateExtension();
  });

  it('explore sample data draws dashboards', async () => {
    await vscode.commands.executeCommand('traceInsight.pickTimeRange', 'last7Days');
    await vscode.commands.executeCommand('traceInsight.exploreSampleData');
    const data = await waitForData(api, 'Sample data');

    assert.ok(data.analytics.report.observations > 0);
    assert.ok(data.analytics.report.cost.total > 0);
    assert.equal(data.analytics.days.length, 7);
    const snapshot = await waitFor<DashboardSnapshot>(
      'the dashboard to draw the sample data',
      () => api.getDashboardSnapshot(),
      (value) => value.stateKind === 'data' && Object.keys(value.charts).length === 5,
    );
    assert.equal(snapshot.charts.cost?.labels, 7);
    assert.ok(api.getTreeItems().some((item) => item.id.startsWith('byModel/')));
  });

  it('hostile names stay text', async () => {
    await api.useSampleSource(
      craftedSource([
        craftedObservation({
          id: 'x1',
          traceId: 'tx',
          traceName: HOSTILE_TRACE_NAME,
          model: HOSTILE_MODEL,
          userId: HOSTILE_USER,
          totalCostUsd: 0.25,
        }),
      ]),
    );
    await waitForData(api, 'Sample data');

    const items = api.getTreeItems();
    const trace = items.find((item) => item.id === `byTraceName/${HOSTILE_TRACE_NAME}`);
    assert.equal(trace?.label, HOSTILE_TRACE_NAME);
    const model = items.find((item) => item.id === `byModel/${HOSTILE_MODEL}`);
    assert.equal(model?.label, HOSTILE_MODEL);

    // appendText escapes Markdown, so the link and emphasis arrive as literal characters.
    const userTooltip = api.getTreeTooltipMarkdown(`byUser/${HOSTILE_USER}`) ?? '';
    assert.ok(userTooltip.includes('\\*\\*bold\\*\\*'), userTooltip);
    assert.ok(!userTooltip.includes('[link](command:'), userTooltip);

    const snapshot = await waitFor<DashboardSnapshot>(
      'the dashboard to draw the crafted trace',
      () => api.getDashboardSnapshot(),
      (value) => value.stateKind === 'data' && value.tiles.some((tile) => tile.value === '$0.25'),
    );
    assert.equal(snapshot.imageElements, 0);
    assert.deepEqual(snapshot.cspViolations, []);

    const status = api.getStatusBarState();
    assert.ok(status.tooltipLines.includes(`${HOSTILE_MODEL}: $0.25`));
  });

  it('empty range shows the empty state', async () => {
    await api.useSampleSource(craftedSource([]));
    const snapshot = await waitFor<DashboardSnapshot>(
      'the empty state',
      () => api.getDashboardSnapshot(),
      (value) => value.stateKind === 'empty',
    );
    assert.match(snapshot.message, /^No observations in last 7 days \(Sample data\)/);
    assert.deepEqual(snapshot.charts, {});
  });

  it('failed load shows the error state', async () => {
    await api.useSampleSource({
      // eslint-disable-next-line require-yield
      async *observationPages() {
        throw new Error('Langfuse returned 503 for /api/public/v2/observations');
      },
    });
    const snapshot = await waitFor<DashboardSnapshot>(
      'the error state',
      () => api.getDashboardSnapshot(),
      (value) => value.stateKind === 'error',
    );
    assert.equal(snapshot.message, 'Langfuse returned 503 for /api/public/v2/observations');
    const items = api.getTreeItems();
    assert.equal(items[0]?.id, 'status/error');
  });
});
