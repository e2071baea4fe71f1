import * as assert from 'node:assert/strict';
import {
  budgetLevel,
  computeStatusBarState,
  type StatusBarInput,
} from '../../src/extension/views/statusBarState';

function input(overrides: Partial<StatusBarInput>): StatusBarInput {
  return {
    todayCostUsd: 4,
    budgetDailyUsd: 10,
    warningThresholdPercent: 80,
    todayCostByModel: {},
    todayKey: '2026-12-04',
    timeZone: 'Europe/Berlin',
    ...overrides,
  };
}

describe('status bar state', () => {
  it('before a load shows the name', () => {
    const state = computeStatusBarState(input({ todayCostUsd: null }));
    assert.equal(state.text, '$(graph) Trace Insight');
    assert.equal(state.level, 'none');
    assert.equal(state.budgetShare, null);
  });

  it('without budget shows spend plainly', () => {
    const state = computeStatusBarState(input({ todayCostUsd: 3.456, budgetDailyUsd: null }));
    assert.equal(state.text, '$(graph) $3.46 today');
    assert.equal(state.level, 'none');
    assert.match(state.tooltipLines[1] ?? '', /No daily budget/);
  });

  it('below the threshold is normal', () => {
    const state = computeStatusBarState(input({ todayCostUsd: 4 }));
    assert.equal(state.text, '$(graph) $4.00 / $10.00');
    assert.equal(state.level, 'normal');
    assert.equal(state.budgetShare, 0.4);
    assert.equal(state.tooltipLines[1], 'Daily budget: $10.00 (40.0% used, warning from 80%)');
  });

  it('at the threshold warns', () => {
    assert.equal(computeStatusBarState(input({ todayCostUsd: 8 })).level, 'warning');
    assert.equal(computeStatusBarState(input({ todayCostUsd: 7.99 })).level, 'normal');
  });

  it('at and above 100% is over', () => {
    assert.equal(computeStatusBarState(input({ todayCostUsd: 10 })).level, 'over');
    assert.equal(computeStatusBarState(input({ todayCostUsd: 15 })).level, 'over');
  });

  it('custom threshold moves the warning', () => {
    assert.equal(budgetLevel(0.5, 50), 'warning');
    assert.equal(budgetLevel(0.49, 50), 'normal');
    assert.equal(budgetLevel(0.99, 100), 'normal');
  });

  it('tooltip lists models by cost', () => {
    const byModel: Record<string, number> = { cheap: 0.5, dear: 2, zero: 0 };
    for (let index = 0; index < 9; index++) {
      byModel[`m${index}`] = 0.1;
    }
    const state = computeStatusBarState(input({ todayCostByModel: byModel }));
    const lines = state.tooltipLines.slice(2);
    assert.equal(lines[0], 'By model:');
    assert.equal(lines[1], 'dear: $2.00');
    assert.equal(lines[2], 'cheap: $0.50');
    assert.equal(lines.length, 1 + 8 + 1);
    assert.equal(lines[9], 'and 3 more');
  });

  it('heading names day and zone', () => {
    const state = computeStatusBarState(input({ todayCostUsd: 0.004 }));
    assert.equal(state.tooltipLines[0], "Today's spend (2026-12-04, Europe/Berlin): $0.0040");
  });
});
