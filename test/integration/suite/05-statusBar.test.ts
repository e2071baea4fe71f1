import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';
import { requestScreenshot } from '../support';
import { craftedObservation, craftedSource } from './crafted';
import { activateExtension, setSetting, waitFor, waitForData } from './extensionApi';

describe('status bar', () => {
  let api: TraceInsightTestApi;

  before(async () => {
    api = await activateExtension();
    // Today's spend is $2.00: $1.50 on gpt-4o and $0.50 on claude-3-5-haiku.
    await api.useSampleSource(
      craftedSource([
        craftedObservation({ id: 'a', traceId: 't1', totalCostUsd: 1.5 }),
        craftedObservation({
          id: 'b',
          traceId: 't2',
          model: 'claude-3-5-haiku',
          totalCostUsd: 0.5,
        }),
      ]),
    );
    await vscode.commands.executeCommand('traceInsight.pickTimeRange', 'today');
    const data = await waitForData(api, 'Sample data');
    assert.equal(data.analytics.today?.costUsd, 2);
  });

  after(async () => {
    await setSetting('budget.daily', undefined);
    await setSetting('budget.warningThresholdPercent', undefined);
  });

  async function statusWithBudget(budgetDailyUsd: number | undefined, level: string) {
    await setSetting('budget.daily', budgetDailyUsd);
    return waitFor(
      `status bar level ${level} at budget ${budgetDailyUsd}`,
      () => api.getStatusBarState(),
      (state) => state.level === level,
    );
  }

  it('without budget shows spend', async () => {
    const state = await statusWithBudget(undefined, 'none');
    assert.equal(state.text, '$(graph) $2.00 today');
    assert.equal(state.backgroundColorId, null);
    assert.deepEqual(state.tooltipLines.slice(-3), [
      'By model:',
      'gpt-4o: $1.50',
      'claude-3-5-haiku: $0.50',
    ]);
  });

  it('under the threshold is normal', async () => {
    const state = await statusWithBudget(4, 'normal');
    // The linear forecast depends on the time of day the suite runs.
    assert.match(state.text, /^\$\(graph\) \$2\.00 \/ \$4\.00 \(50%(, forecast \$\d+\.\d{2})?\)$/);
    assert.equal(state.budgetShare, 0.5);
    assert.equal(state.backgroundColorId, null);
  });

  it('at 80% of the budget warns', async () => {
    const state = await statusWithBudget(2.5, 'warning');
    assert.equal(state.budgetShare, 0.8);
    assert.equal(state.backgroundColorId, 'statusBarItem.warningBackground');
    await requestScreenshot('status-bar');
  });

  it('threshold setting moves the warning', async () => {
    await statusWithBudget(4, 'normal');
    await setSetting('budget.warningThresholdPercent', 50);
    const state = await waitFor(
      'warning at a 50% threshold',
      () => api.getStatusBarState(),
      (value) => value.level === 'warning',
    );
    assert.equal(state.backgroundColorId, 'statusBarItem.warningBackground');
    await setSetting('budget.warningThresholdPercent', undefined);
  });

  it('at the budget is over', async () => {
    const state = await statusWithBudget(2, 'over');
    assert.match(state.text, /^\$\(graph\) \$2\.00 \/ \$2\.00 \(100%(, forecast \$\d+\.\d{2})?\)$/);
    assert.equal(state.backgroundColorId, 'statusBarItem.errorBackground');

    const above = await statusWithBudget(1, 'over');
    assert.equal(above.budgetShare, 2);
  });
});
