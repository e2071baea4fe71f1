import * as assert from 'node:assert/strict';
import { buildAlertRules, type AlertSettings } from '../../src/alerts/settingsRules';
import {
  locateBudget,
  parseLimitUsd,
  validateBudgetItem,
} from '../../src/extension/alerts/budgetItems';
import { causeView } from '../../src/extension/alerts/causeView';

function settings(overrides: Partial<AlertSettings>): AlertSettings {
  return {
    budgets: [],
    alerts: {},
    budgetDailyUsd: null,
    warningThresholdPercent: 80,
    errorThresholdPercent: 100,
    ...overrides,
  };
}

describe('extension alert settings', () => {
  it('daily budget setting becomes a rule', () => {
    const set = buildAlertRules(settings({ budgetDailyUsd: 4, warningThresholdPercent: 50 }));
    assert.equal(set.rules.length, 1);
    const rule = set.rules[0];
    assert.equal(rule?.kind, 'budget');
    assert.deepEqual(rule?.window, { kind: 'day' });
    assert.deepEqual(rule?.thresholds, { warning: 2, alert: 4 });
    assert.equal(set.dailyBudgetId, rule?.id);
  });

  it('budgets list takes the shares', () => {
    const set = buildAlertRules(
      settings({
        budgets: [
          { limitUsd: 100, window: 'week' },
          { limitUsd: 10, window: '24h', groupBy: 'user', warnAt: '50%' },
        ],
        warningThresholdPercent: 70,
        errorThresholdPercent: 90,
      }),
    );
    assert.deepEqual(set.errors, []);
    assert.deepEqual(
      set.rules.map((rule) => rule.thresholds),
      [
        { warning: 70, alert: 90 },
        { warning: 5, alert: 9 },
      ],
    );
    assert.deepEqual(
      set.budgetItemIds,
      set.rules.map((rule) => rule.id),
    );
  });

  it('error share below warning clamps', () => {
    const set = buildAlertRules(
      settings({ budgetDailyUsd: 10, warningThresholdPercent: 80, errorThresholdPercent: 50 }),
    );
    assert.deepEqual(set.rules[0]?.thresholds, { warning: 5, alert: 5 });
  });

  it('invalid budget item is left out alone', () => {
    const set = buildAlertRules(
      settings({
        budgets: [
          { limitUsd: -1, window: 'day' },
          { limitUsd: 3, window: 'month' },
        ],
      }),
    );
    assert.equal(set.rules.length, 1);
    assert.equal(set.budgetItemIds[1], set.rules[0]?.id);
    assert.equal(set.budgetItemIds[0], undefined);
    assert.equal(set.errors.length, 1);
    assert.match(set.errors[0] ?? '', /^traceInsight\.budgets\[0\]\.limitUsd: -1 is out of range/);
  });

  it('alerts object adds rules', () => {
    const set = buildAlertRules(
      settings({
        alerts: {
          reNotifyMinutes: 15,
          timeZone: 'Asia/Tokyo',
          rules: [{ type: 'cost', window: 'day', alert: 50 }],
        },
      }),
    );
    assert.equal(set.rules.length, 1);
    assert.equal(set.rules[0]?.kind, 'cost');
    assert.deepEqual(set.rules[0]?.thresholds, { warning: 40, alert: 50 });
    assert.equal(set.reNotifyMinutes, 15);
    assert.equal(set.timeZone, 'Asia/Tokyo');
  });

  it('alerts without reNotify leave it unset', () => {
    assert.equal(buildAlertRules(settings({ alerts: { rules: [] } })).reNotifyMinutes, undefined);
  });

  it('invalid alerts object names the key', () => {
    const set = buildAlertRules(
      settings({ budgetDailyUsd: 5, alerts: { rules: [{ type: 'latency', window: 'day' }] } }),
    );
    assert.equal(set.rules.length, 1);
    assert.match(set.errors[0] ?? '', /^traceInsight\.alerts\.rules\[0\]\.alert: missing/);
  });

  it('non-list budgets are reported', () => {
    const set = buildAlertRules(settings({ budgets: { limitUsd: 5 } }));
    assert.deepEqual(set.rules, []);
    assert.match(set.errors[0] ?? '', /^traceInsight\.budgets: not a list/);
  });

  it('duplicate budget keeps the first', () => {
    const set = buildAlertRules(
      settings({ budgetDailyUsd: 5, budgets: [{ limitUsd: 5, window: 'day' }] }),
    );
    assert.equal(set.rules.length, 1);
    assert.match(set.errors[0] ?? '', /is set twice/);
    assert.deepEqual(locateBudget(set, set.rules[0]?.id ?? ''), { setting: 'daily' });
  });

  it('locate finds list items', () => {
    const set = buildAlertRules(
      settings({
        budgets: [
          { limitUsd: 1, window: 'day' },
          { limitUsd: 2, window: 'day' },
        ],
      }),
    );
    assert.deepEqual(locateBudget(set, set.rules[1]?.id ?? ''), { setting: 'budgets', index: 1 });
    assert.equal(locateBudget(set, 'cost:day'), undefined);
  });

  it('budget item validation', () => {
    assert.equal(validateBudgetItem({ limitUsd: 5, window: '24h', groupBy: 'user' }), undefined);
    assert.match(validateBudgetItem({ limitUsd: 5, window: 'fortnight' }) ?? '', /^window: /);
    assert.match(validateBudgetItem({ limitUsd: 5, window: 'day', color: 1 }) ?? '', /^color:/);
  });

  it('limit text parsing', () => {
    assert.equal(parseLimitUsd('100'), 100);
    assert.equal(parseLimitUsd(' $12.50 '), 12.5);
    assert.equal(parseLimitUsd('0'), undefined);
    assert.equal(parseLimitUsd('ten'), undefined);
  });

  it('cause view filters and range', () => {
    const nowMs = Date.UTC(2026, 11, 4, 11, 0, 0);
    const dayStartMs = Date.UTC(2026, 11, 3, 23, 0, 0); // midnight in Berlin
    const today = causeView(
      {
        range: { fromMs: dayStartMs, toMs: nowMs },
        scope: { model: 'gpt-4o', userId: 'alice', tag: 'beta' },
        observationType: 'GENERATION',
      },
      nowMs,
      'Europe/Berlin',
    );
    assert.deepEqual(today.filters, [
      'model = gpt-4o',
      'user = alice',
      'tags any-of beta',
      'type = GENERATION',
    ]);
    assert.equal(today.preset, 'today');

    const rolling = causeView(
      { range: { fromMs: nowMs - 24 * 3_600_000, toMs: nowMs }, scope: {} },
      nowMs,
      'Europe/Berlin',
    );
    assert.deepEqual(rolling.filters, []);
    assert.equal(rolling.preset, 'last24Hours');

    const month = causeView(
      { range: { fromMs: Date.UTC(2026, 10, 30, 23), toMs: nowMs }, scope: {} },
      nowMs,
      'Europe/Berlin',
    );
    assert.equal(month.preset, 'last7Days');
  });
});
