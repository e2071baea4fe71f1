import * as assert from 'node:assert/strict';
import { evaluateRules } from '../../src/alerts';
import { buildAlertRules } from '../../src/alerts/settingsRules';
import { budgetNodes, EDITABLE_BUDGET_CONTEXT } from '../../src/extension/views/budgets';
import { HOUR_MS, observation } from './alertsFixtures';

const NOON_MS = Date.UTC(2026, 11, 4, 12, 0, 0);

describe('extension budgets tree', () => {
  const ruleSet = buildAlertRules({
    budgets: [
      { limitUsd: 10, window: 'day' },
      { limitUsd: -2, window: 'day' },
    ],
    alerts: { rules: [{ type: 'cost', window: 'week', alert: 100 }] },
    budgetDailyUsd: null,
    warningThresholdPercent: 80,
    errorThresholdPercent: 100,
  });
  const results = evaluateRules(
    ruleSet.rules,
    [observation({ startTimeMs: NOON_MS - HOUR_MS, totalCostUsd: 9 })],
    { timeZone: 'UTC', atMs: NOON_MS },
  );

  it('group counts crossed rules', () => {
    const [group] = budgetNodes({ ruleSet, results, checkedAtMs: NOON_MS, snoozedUntilMs: {} });
    assert.equal(group?.label, 'Budgets');
    assert.equal(group?.description, '2 · 1 crossed');
    assert.equal(group?.expanded, true);
  });

  it('items show state and editability', () => {
    const [group] = budgetNodes({ ruleSet, results, checkedAtMs: NOON_MS, snoozedUntilMs: {} });
    const [budget, cost, invalid, add, history] = group?.children ?? [];
    assert.equal(budget?.label, 'daily budget $10');
    assert.equal(budget?.description, '$9.00 of $10.00 · 90%');
    assert.equal(budget?.icon, 'warning');
    assert.equal(budget?.contextValue, EDITABLE_BUDGET_CONTEXT);
    assert.equal(cost?.label, 'weekly cost');
    assert.equal(cost?.description, '$9.00 · alert at $100.00');
    assert.equal(cost?.contextValue, undefined);
    assert.equal(invalid?.label, 'Invalid setting');
    assert.match(invalid?.description ?? '', /traceInsight\.budgets\[1\]\.limitUsd/);
    assert.equal(add?.command, 'traceInsight.addBudget');
    assert.equal(history?.command, 'traceInsight.showAlertHistory');
  });

  it('unchecked rules say so', () => {
    const [group] = budgetNodes({ ruleSet, results: [], checkedAtMs: null, snoozedUntilMs: {} });
    assert.equal(group?.children?.[0]?.description, 'not checked yet');
    assert.equal(group?.description, '2 · all within limits');
  });
});
