import * as assert from 'node:assert/strict';
import {
  createBudgetRule,
  evaluateRules,
  parseAlertsConfig,
  type AlertRule,
} from '../../src/alerts';
import type { Observation } from '../../src/langfuse/types';
import {
  computeStatusBarState,
  escapeIcons,
  type StatusBarInput,
} from '../../src/extension/views/statusBarState';
import { HOUR_MS, observation } from './alertsFixtures';

// 2026-12-04 12:00 in Europe/Berlin (UTC+1): half of the day has passed.
const NOON_MS = Date.UTC(2026, 11, 4, 11, 0, 0);
const TIME_ZONE = 'Europe/Berlin';

function spend(costUsd: number, fields: Partial<Observation> = {}): Observation {
  return observation({ startTimeMs: NOON_MS - HOUR_MS, totalCostUsd: costUsd, ...fields });
}

function daily(limitUsd: number, warnAtShare = 0.8): AlertRule {
  return createBudgetRule({ limitUsd, window: { kind: 'day' }, warnAtShare });
}

function input(
  rules: AlertRule[],
  observations: Observation[],
  overrides: Partial<StatusBarInput> = {},
): StatusBarInput {
  return {
    todayCostUsd: 4,
    todayCostByModel: {},
    todayKey: '2026-12-04',
    timeZone: TIME_ZONE,
    ruleCount: rules.length,
    results: evaluateRules(rules, observations, { timeZone: TIME_ZONE, atMs: NOON_MS }),
    snoozedUntilMs: {},
    settingErrors: [],
    ...overrides,
  };
}

describe('status bar state', () => {
  it('before a load shows the name', () => {
    const state = computeStatusBarState(input([], [], { todayCostUsd: null }));
    assert.equal(state.text, '$(graph) Trace Insight');
    assert.equal(state.level, 'none');
    assert.equal(state.budgetShare, null);
  });

  it('without budget shows spend plainly', () => {
    const state = computeStatusBarState(input([], [], { todayCostUsd: 3.456 }));
    assert.equal(state.text, '$(graph) $3.46 today');
    assert.equal(state.level, 'none');
    assert.match(state.tooltipLines[1] ?? '', /No budget set/);
  });

  it('below the warning share is normal', () => {
    const state = computeStatusBarState(input([daily(10)], [spend(4)]));
    // $4 in 12 of 24 hours: $8 by midnight at the same pace.
    assert.equal(state.text, '$(graph) $4.00 / $10.00 (40%, forecast $8.00)');
    assert.equal(state.level, 'normal');
    assert.equal(state.budgetShare, 0.4);
  });

  it('tooltip gives share and linear forecast', () => {
    const state = computeStatusBarState(input([daily(10)], [spend(4)]));
    // $4 in 12 of 24 hours: $8 by midnight at the same pace.
    assert.equal(
      state.tooltipLines[0],
      'daily budget $10 (2026-12-04): $4.00 of $10.00 (40.0%), warning at $8.00; ' +
        'linear forecast $8.00 (80.0%)',
    );
  });

  it('at the warning share warns', () => {
    assert.equal(computeStatusBarState(input([daily(10)], [spend(8)])).level, 'warning');
    assert.equal(computeStatusBarState(input([daily(10)], [spend(7.99)])).level, 'normal');
  });

  it('at and above the limit is over', () => {
    assert.equal(computeStatusBarState(input([daily(10)], [spend(10)])).level, 'over');
    const above = computeStatusBarState(input([daily(10)], [spend(15)]));
    assert.equal(above.level, 'over');
    assert.equal(above.budgetShare, 1.5);
  });

  it('no data budget shows zero spend', () => {
    const state = computeStatusBarState(input([daily(10)], []));
    assert.equal(state.text, '$(graph) $0.00 / $10.00 (0%)');
    assert.equal(state.level, 'normal');
    assert.equal(state.budgetShare, 0);
  });

  it('most urgent budget is shown', () => {
    const rules = parseAlertsConfig({
      budgets: [
        { limitUsd: 100, window: 'day' },
        { limitUsd: 5, window: '24h', groupBy: 'user' },
      ],
    }).rules;
    const observations = [spend(3, { userId: 'alice' }), spend(4, { userId: 'bob' })];
    const state = computeStatusBarState(input(rules, observations));
    assert.equal(state.text, '$(graph) $4.00 / $5.00 (80%, 24h, user bob)');
    assert.equal(state.level, 'warning');
    assert.equal(state.ruleId, rules[1]?.id);
  });

  it('weekly scoped budget names both', () => {
    const rules = parseAlertsConfig({
      budgets: [{ limitUsd: 50, window: 'week', scope: { model: 'gpt-4o' } }],
    }).rules;
    const state = computeStatusBarState(input(rules, [spend(1)]));
    // $1 in 4.5 of the ISO week's 7 days (Monday 00:00 to Friday 12:00): $1.56 by Sunday night.
    assert.equal(state.text, '$(graph) $1.00 / $50.00 (2%, forecast $1.56, weekly, model gpt-4o)');
  });

  it('rule above every budget wins', () => {
    const rules = [
      daily(100),
      ...parseAlertsConfig({ rules: [{ type: 'errorRate', window: 'day', alert: '10%' }] }).rules,
    ];
    const failed = spend(1, { level: 'ERROR' });
    const state = computeStatusBarState(input(rules, [failed]));
    assert.equal(state.text, '$(graph) daily error rate: 100.0%');
    assert.equal(state.level, 'over');
    assert.equal(state.budgetShare, null);
  });

  it('tooltip lists every rule', () => {
    const rules = [
      daily(10),
      ...parseAlertsConfig({ rules: [{ type: 'latency', window: '1h', alert: 30 }] }).rules,
    ];
    const state = computeStatusBarState(
      input(rules, [spend(9)], { snoozedUntilMs: { [rules[0]?.id ?? '']: NOON_MS + HOUR_MS } }),
    );
    const listed = state.tooltipLines.slice(state.tooltipLines.indexOf('Budgets and rules:') + 1);
    assert.match(
      listed[0] ?? '',
      /^WARNING: daily budget \$10: \$9\.00 of \$10\.00 .*snoozed until 12:00 UTC/,
    );
    assert.match(listed[1] ?? '', /^ok: 1h p95 latency: 1\.000 s, warning at 24\.000 s/);
  });

  it('setting errors reach the tooltip', () => {
    const state = computeStatusBarState(
      input([daily(10)], [spend(1)], { settingErrors: ['traceInsight.budgets[0].limitUsd: bad'] }),
    );
    assert.ok(state.tooltipLines.includes('traceInsight.budgets[0].limitUsd: bad'));
  });

  it('tooltip lists models by cost', () => {
    const byModel: Record<string, number> = { cheap: 0.5, dear: 2, zero: 0 };
    for (let index = 0; index < 9; index++) {
      byModel[`m${index}`] = 0.1;
    }
    const state = computeStatusBarState(input([], [], { todayCostByModel: byModel }));
    const lines = state.tooltipLines.slice(2);
    assert.equal(lines[0], 'By model:');
    assert.equal(lines[1], 'dear: $2.00');
    assert.equal(lines[2], 'cheap: $0.50');
    assert.equal(lines.length, 1 + 8 + 1);
    assert.equal(lines[9], 'and 3 more');
  });

  it('group names cannot add icons', () => {
    const rules = parseAlertsConfig({
      budgets: [{ limitUsd: 5, window: '24h', groupBy: 'user' }],
    }).rules;
    const state = computeStatusBarState(input(rules, [spend(1, { userId: '$(alert) eve' })]));
    assert.equal(state.text, '$(graph) $1.00 / $5.00 (20%, 24h, user \\$(alert) eve)');
    assert.equal(escapeIcons('a $(x) b'), 'a \\$(x) b');
  });
});
