import * as assert from 'node:assert/strict';
import { AlertEvaluator, evaluateRules } from '../../src/alerts/evaluator';
import { mostUrgent } from '../../src/alerts/result';
import { createBudgetRule, parseAlertsConfig } from '../../src/alerts/parseConfig';
import type { AlertRule } from '../../src/alerts/types';
import type { Observation } from '../../src/langfuse/types';
import { DAY_MS, HOUR_MS, observation } from './alertsFixtures';

const AT = Date.parse('2026-12-04T12:00:00Z');
const DAY_START = Date.parse('2026-12-04T00:00:00Z');
const options = { timeZone: 'UTC', atMs: AT };

function rules(config: unknown): AlertRule[] {
  return parseAlertsConfig(config).rules;
}

function cost(startTimeMs: number, totalCostUsd: number, fields: Partial<Observation> = {}) {
  return observation({ startTimeMs, totalCostUsd, ...fields });
}

/** Builds a trace of one observation with the given latency in seconds. */
function trace(startTimeMs: number, latencySeconds: number, fields: Partial<Observation> = {}) {
  return observation({ startTimeMs, endTimeMs: startTimeMs + latencySeconds * 1000, ...fields });
}

describe('alert rules', () => {
  describe('budget', () => {
    const budget = createBudgetRule({ limitUsd: 10, window: { kind: 'day' }, warnAtShare: 0.8 });

    it('warns at the warning share with a linear forecast', () => {
      const observations = [
        cost(DAY_START + HOUR_MS, 3),
        cost(DAY_START + 2 * HOUR_MS, 5),
        cost(DAY_START - HOUR_MS, 50),
        cost(AT + HOUR_MS, 50),
      ];
      const [result] = evaluateRules([budget], observations, options);

      assert.equal(result?.level, 'warning');
      assert.equal(result?.value, 8);
      assert.equal(result?.budget?.share, 0.8);
      // 12 of 24 hours have passed: $8 so far makes $16.
      assert.equal(result?.budget?.forecast?.valueUsd, 16);
      assert.equal(result?.budget?.forecast?.method, 'linear');
    });

    it('alerts at the limit', () => {
      const observations = [cost(DAY_START, 7.5), cost(DAY_START + HOUR_MS, 2.5)];
      const [result] = evaluateRules([budget], observations, options);

      assert.equal(result?.level, 'alert');
      assert.equal(result?.value, 10);
    });

    it('stays ok below the warning share', () => {
      const [result] = evaluateRules([budget], [cost(DAY_START, 7.99)], options);
      assert.equal(result?.level, 'ok');
    });

    it('reports no data without observations', () => {
      const [result] = evaluateRules([budget], [], options);

      assert.equal(result?.level, 'noData');
      assert.equal(result?.value, null);
      assert.equal(result?.budget?.share, null);
    });

    it('counts only the scoped model', () => {
      const scoped = createBudgetRule({
        limitUsd: 10,
        window: { kind: 'day' },
        warnAtShare: 0.8,
        scope: { model: 'claude' },
      });
      const observations = [
        cost(DAY_START, 6, { model: 'claude' }),
        cost(DAY_START, 9, { model: 'gpt-4o' }),
      ];
      const [result] = evaluateRules([scoped], observations, options);

      assert.equal(result?.value, 6);
      assert.equal(result?.level, 'ok');
      assert.deepEqual(result?.cause.scope, { model: 'claude' });
    });

    it('matches a tag among several', () => {
      const [rule] = rules({ budgets: [{ limitUsd: 4, window: 'day', scope: { tag: 'beta' } }] });
      const observations = [
        cost(DAY_START, 3, { tags: ['beta', 'eu'] }),
        cost(DAY_START, 2, { tags: ['eu'] }),
        cost(DAY_START, 1, { tags: ['beta'] }),
      ];
      const [result] = evaluateRules([rule as AlertRule], observations, options);

      assert.equal(result?.value, 4);
      assert.equal(result?.level, 'alert');
    });

    it('evaluates any user over $5 in 24 hours', () => {
      const [rule] = rules({
        budgets: [{ limitUsd: 5, window: '24h', groupBy: 'user', warnAt: '80%' }],
      });
      const observations = [
        cost(AT - HOUR_MS, 3, { userId: 'ann' }),
        cost(AT - 20 * HOUR_MS, 2.5, { userId: 'ann' }),
        cost(AT - 25 * HOUR_MS, 9, { userId: 'ann' }),
        cost(AT - 2 * HOUR_MS, 4.25, { userId: 'bob' }),
        cost(AT - 3 * HOUR_MS, 1, { userId: 'cid' }),
      ];
      const [result] = evaluateRules([rule as AlertRule], observations, options);

      assert.equal(result?.level, 'alert');
      assert.equal(result?.group, 'ann');
      assert.equal(result?.value, 5.5);
      assert.equal(result?.groupCount, 3);
      assert.deepEqual(result?.crossedGroups, [
        { key: 'ann', value: 5.5, level: 'alert' },
        { key: 'bob', value: 4.25, level: 'warning' },
      ]);
      assert.deepEqual(result?.cause.scope, { userId: 'ann' });
      assert.equal(result?.cause.range.fromMs, AT - DAY_MS);
      assert.equal(result?.budget?.forecast, null);
    });
  });

  describe('cost', () => {
    it('compares the spend with absolute thresholds', () => {
      const [rule] = rules({ rules: [{ type: 'cost', window: 'day', warning: 20, alert: 100 }] });
      const observations = [cost(DAY_START, 15), cost(DAY_START + HOUR_MS, 10)];
      const [result] = evaluateRules([rule as AlertRule], observations, options);

      assert.equal(result?.level, 'warning');
      assert.equal(result?.value, 25);
      assert.equal(result?.forecast?.valueUsd, 50);
    });

    it('uses the costDetails when no total is recorded', () => {
      const [rule] = rules({ rules: [{ type: 'cost', window: 'day', alert: 1 }] });
      const observations = [
        cost(DAY_START, 0, { totalCostUsd: null, costDetails: { input: 0.25, output: 0.5 } }),
      ];
      const [result] = evaluateRules([rule as AlertRule], observations, options);

      assert.equal(result?.value, 0.75);
      assert.equal(result?.level, 'ok');
    });
  });

  describe('latency', () => {
    it('alerts on the p95 of one trace name', () => {
      const [rule] = rules({
        rules: [
          { type: 'latency', window: 'day', scope: { traceName: 'chat' }, warning: 5, alert: 10 },
        ],
      });
      // 20 chat traces: 18 of 1 s and 2 of 12 s. The p95 is the value at rank
      // floor(0.95 * 19) = 18 of the sorted latencies, the first 12 s.
      const observations: Observation[] = [];
      for (let i = 0; i < 20; i++) {
        observations.push(trace(DAY_START + i * 60_000, i < 18 ? 1 : 12));
      }
      observations.push(trace(DAY_START, 50, { traceName: 'search' }));
      const [result] = evaluateRules([rule as AlertRule], observations, options);

      assert.equal(result?.level, 'alert');
      assert.equal(result?.value, 12);
      assert.equal(result?.unit, 'seconds');
    });

    it('warns on the p95 of one observation type', () => {
      const [rule] = rules({
        rules: [
          { type: 'latency', window: '6h', observationType: 'SPAN', warning: '5s', alert: '10s' },
        ],
      });
      const observations = [
        trace(AT - HOUR_MS, 6, { type: 'SPAN' }),
        trace(AT - HOUR_MS, 30, { type: 'GENERATION' }),
        trace(AT - 7 * HOUR_MS, 30, { type: 'SPAN' }),
      ];
      const [result] = evaluateRules([rule as AlertRule], observations, options);

      assert.equal(result?.level, 'warning');
      assert.equal(result?.value, 6);
      assert.equal(result?.cause.observationType, 'SPAN');
    });

    it('reports no data without ended observations', () => {
      const [rule] = rules({ rules: [{ type: 'latency', window: 'day', alert: 10 }] });
      const observations = [observation({ startTimeMs: DAY_START, endTimeMs: null })];
      const [result] = evaluateRules([rule as AlertRule], observations, options);

      assert.equal(result?.level, 'noData');
    });
  });

  describe('error rate', () => {
    /** `traces` traces in the day starting at `dayStartMs`, the first `errors` with an ERROR. */
    function day(dayStartMs: number, traces: number, errors: number): Observation[] {
      const observations: Observation[] = [];
      for (let i = 0; i < traces; i++) {
        observations.push(
          observation({
            startTimeMs: dayStartMs + i * 60_000,
            level: i < errors ? 'ERROR' : 'DEFAULT',
          }),
        );
      }
      return observations;
    }

    it('alerts at the alert share', () => {
      const [rule] = rules({
        rules: [{ type: 'errorRate', window: 'day', warning: '5%', alert: '10%' }],
      });
      const [result] = evaluateRules([rule as AlertRule], day(DAY_START, 10, 1), options);

      assert.equal(result?.value, 0.1);
      assert.equal(result?.level, 'alert');
    });

    it('warns on a rise against the previous window', () => {
      const [rule] = rules({
        rules: [{ type: 'errorRateRise', window: 'day', warning: '10%', alert: '25%' }],
      });
      const observations = [...day(DAY_START - DAY_MS, 10, 1), ...day(DAY_START, 10, 3)];
      const [result] = evaluateRules([rule as AlertRule], observations, options);

      // 30% now against 10% the day before: a rise of 20 points.
      assert.ok(Math.abs((result?.value ?? NaN) - 0.2) < 1e-12);
      assert.equal(result?.level, 'warning');
      assert.equal(result?.unit, 'sharePoints');
      assert.equal(result?.previous?.value, 0.1);
      assert.equal(result?.previous?.window.label, '2026-12-03');
    });

    it('rise has no data without a previous window', () => {
      const [rule] = rules({ rules: [{ type: 'errorRateRise', window: 'day', alert: '5%' }] });
      const [result] = evaluateRules([rule as AlertRule], day(DAY_START, 10, 3), options);

      assert.equal(result?.level, 'noData');
      assert.equal(result?.previous?.value, null);
    });

    it('fetch range covers the previous window', () => {
      const [rule] = rules({ rules: [{ type: 'errorRateRise', window: 'day', alert: '5%' }] });
      const evaluator = new AlertEvaluator([rule as AlertRule], options);

      assert.deepEqual(evaluator.fetchRange, { fromMs: DAY_START - DAY_MS, toMs: AT });
    });
  });

  describe('token anomaly', () => {
    const config = {
      rules: [{ type: 'tokenAnomaly', tokens: 'output', window: '1h', warning: 3, alert: 5 }],
    };

    /** Builds one observation per baseline day in the hour before noon with these outputs. */
    function baseline(outputs: number[]): Observation[] {
      return outputs.map((output, index) =>
        observation({
          startTimeMs: AT - (index + 1) * DAY_MS - 30 * 60_000,
          usageDetails: { input: 999, output },
        }),
      );
    }

    it('warns when output departs from the baseline', () => {
      // Baseline median 100, MAD 10, scale 14.826: 160 tokens score 60 / 14.826 = 4.05.
      const observations = [
        ...baseline([100, 120, 80, 110, 90, 100, 105]),
        observation({ startTimeMs: AT - 20 * 60_000, usageDetails: { output: 100 } }),
        observation({ startTimeMs: AT - 10 * 60_000, usageDetails: { output: 60 } }),
        observation({ startTimeMs: AT - DAY_MS + 10 * 60_000, usageDetails: { output: 5000 } }),
      ];
      const [result] = evaluateRules(rules(config), observations, options);

      assert.equal(result?.level, 'warning');
      assert.ok(Math.abs((result?.value ?? NaN) - 60 / 14.826) < 1e-9);
      assert.equal(result?.anomaly?.tokens, 160);
      assert.equal(result?.anomaly?.baselineMedian, 100);
      assert.equal(result?.anomaly?.baselineMad, 10);
      assert.equal(result?.anomaly?.baselineDays, 7);
    });

    it('alerts on a drop when direction is both', () => {
      const both = {
        rules: [{ ...config.rules[0], direction: 'both' }],
      };
      const observations = [
        ...baseline([100, 120, 80, 110, 90, 100, 105]),
        observation({ startTimeMs: AT - 20 * 60_000, usageDetails: { output: 10 } }),
      ];
      const [result] = evaluateRules(rules(both), observations, options);

      // (10 - 100) / 14.826 = -6.07, past the alert level 5 below the baseline.
      assert.equal(result?.level, 'alert');
      assert.ok((result?.value ?? 0) < -6);
    });

    it('ignores a drop when direction is above', () => {
      const observations = [
        ...baseline([100, 120, 80, 110, 90, 100, 105]),
        observation({ startTimeMs: AT - 20 * 60_000, usageDetails: { output: 10 } }),
      ];
      const [result] = evaluateRules(rules(config), observations, options);

      assert.equal(result?.level, 'ok');
    });

    it('reports no data with too few baseline days', () => {
      const observations = [
        ...baseline([100, 120]),
        observation({ startTimeMs: AT - 20 * 60_000, usageDetails: { output: 900 } }),
      ];
      const [result] = evaluateRules(rules(config), observations, options);

      assert.equal(result?.level, 'noData');
      assert.equal(result?.value, null);
    });

    it('fetch range reaches back the baseline days', () => {
      const evaluator = new AlertEvaluator(rules(config), options);
      assert.deepEqual(evaluator.fetchRange, { fromMs: AT - 7 * DAY_MS - HOUR_MS, toMs: AT });
    });
  });

  it('fetch range is null when every window is empty', () => {
    const evaluator = new AlertEvaluator(
      [createBudgetRule({ limitUsd: 1, window: { kind: 'day' }, warnAtShare: 0.8 })],
      { timeZone: 'UTC', atMs: DAY_START },
    );
    assert.equal(evaluator.fetchRange, null);
  });

  it('mostUrgent picks level, then share of the alert level', () => {
    const budgets = [10, 20, 50].map((limitUsd) =>
      createBudgetRule({ limitUsd, window: { kind: 'day' }, warnAtShare: 0.5 }),
    );
    // $9 is 90% of $10 and 45% of $20 (ok), and 18% of $50.
    const results = evaluateRules(budgets, [cost(DAY_START, 9)], options);

    assert.equal(mostUrgent(results)?.ruleId, budgets[0]?.id);
    assert.equal(mostUrgent(results.slice(1))?.ruleId, budgets[1]?.id);
    assert.equal(mostUrgent([]), undefined);
  });
});
