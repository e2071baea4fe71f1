import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AlertTestHooks } from '../../../src/extension/alerts/alertsFeature';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';
import type { Observation } from '../../../src/langfuse/types';
import { craftedObservation, craftedSource } from './crafted';
import { activateExtension, setSetting, waitFor, waitForData } from './extensionApi';

const RULE_ID = 'test-daily';

describe('budget alerts', () => {
  let api: TraceInsightTestApi;
  let alerts: AlertTestHooks;
  // The crafted source filters this list on every read, so pushing to it adds new data.
  const observations: Observation[] = [];

  before(async () => {
    api = await activateExtension();
    if (!api.alerts) {
      throw new Error('The test API has no alerts hooks.');
    }
    alerts = api.alerts;
    await setSetting('budget.daily', undefined);
    await setSetting('budgets', [{ id: RULE_ID, limitUsd: 10, window: 'day' }]);
    observations.push(craftedObservation({ id: 'spend-1', traceId: 't1', totalCostUsd: 5 }));
    await api.useSampleSource(craftedSource(observations));
    await waitForData(api, 'Sample data');
    await alerts.clear();
  });

  after(async () => {
    await setSetting('budgets', undefined);
    await alerts.clear();
  });

  /** Adds spend, runs background refreshes until the status bar shows `level`. */
  async function spendAndCheck(id: string, costUsd: number, level: string) {
    if (costUsd > 0) {
      observations.push(craftedObservation({ id, traceId: id, totalCostUsd: costUsd }));
    }
    const { error } = await alerts.check();
    assert.equal(error, null);
    return waitFor(
      `status bar level ${level}`,
      () => api.getStatusBarState(),
      (state) => state.level === level,
    );
  }

  function notificationsOfRule() {
    return alerts.notifications().filter((shown) => shown.ruleId === RULE_ID);
  }

  it('under the warning share is quiet', async () => {
    const state = await spendAndCheck('none', 0, 'normal');
    assert.match(state.text, /^\$\(graph\) \$5\.00 \/ \$10\.00 \(50%(, forecast \$\d+\.\d{2})?\)$/);
    assert.equal(state.backgroundColorId, null);
    assert.match(state.tooltipLines[0] ?? '', /linear forecast/);
    assert.equal(notificationsOfRule().length, 0);
  });

  it('warning crossing notifies once', async () => {
    const state = await spendAndCheck('spend-2', 3.5, 'warning');
    assert.match(state.text, /^\$\(graph\) \$8\.50 \/ \$10\.00 \(85%(, forecast \$\d+\.\d{2})?\)$/);
    assert.equal(state.backgroundColorId, 'statusBarItem.warningBackground');
    await alerts.check();
    await alerts.check();

    const shown = notificationsOfRule();
    assert.equal(shown.length, 1);
    assert.equal(shown[0]?.level, 'warning');
    assert.match(
      shown[0]?.message ?? '',
      /crossed its warning level: \$8\.50, \$0\.50 over \$8\.00/,
    );
  });

  it('alert crossing notifies once more', async () => {
    const state = await spendAndCheck('spend-3', 3, 'over');
    assert.match(
      state.text,
      /^\$\(graph\) \$11\.50 \/ \$10\.00 \(115%(, forecast \$\d+\.\d{2})?\)$/,
    );
    assert.equal(state.backgroundColorId, 'statusBarItem.errorBackground');
    await alerts.check();

    const shown = notificationsOfRule();
    assert.equal(shown.length, 2);
    assert.equal(shown[1]?.level, 'alert');
    assert.match(
      shown[1]?.message ?? '',
      /crossed its alert level: \$11\.50, \$1\.50 over \$10\.00/,
    );
  });

  it('history keeps both crossings', () => {
    const entries = alerts.history().filter((entry) => entry.ruleId === RULE_ID);
    assert.deepEqual(
      entries.map((entry) => [entry.kind, entry.level]),
      [
        ['crossing', 'alert'],
        ['crossing', 'warning'],
      ],
    );
  });

  it('tree lists the budget state', async () => {
    const node = await waitFor(
      'the budget in the tree',
      () => api.getTreeItems().find((item) => item.id === `budgets/${RULE_ID}`),
      (item) => item?.description === '$11.50 of $10.00 · 115%',
    );
    assert.equal(node?.icon, 'error');
    assert.equal(node?.contextValue, 'traceInsight.editableBudget');
  });

  it('commands add, edit and remove budgets', async () => {
    const section = () => vscode.workspace.getConfiguration('traceInsight');
    await vscode.commands.executeCommand('traceInsight.addBudget', {
      id: 'test-weekly',
      limitUsd: 50,
      window: 'week',
    });
    assert.deepEqual(
      section()
        .get<Array<{ id: string }>>('budgets')
        ?.map((item) => item.id),
      [RULE_ID, 'test-weekly'],
    );

    await vscode.commands.executeCommand('traceInsight.editBudget', 'test-weekly', {
      limitUsd: 60,
    });
    const edited = section().get<Array<{ id: string; limitUsd: number }>>('budgets');
    assert.equal(edited?.[1]?.limitUsd, 60);
    await waitFor(
      'the edited budget in the tree',
      () => api.getTreeItems().find((item) => item.id === 'budgets/test-weekly'),
      (item) => item?.description === '$11.50 of $60.00 · 19%',
    );

    await vscode.commands.executeCommand('traceInsight.removeBudget', 'test-weekly');
    assert.deepEqual(
      section()
        .get<Array<{ id: string }>>('budgets')
        ?.map((item) => item.id),
      [RULE_ID],
    );
  });
});
