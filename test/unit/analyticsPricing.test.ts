import * as assert from 'node:assert/strict';
import { AnalyticsBuilder } from '../../src/analytics/analyticsBuilder';
import { parseQuality } from '../../src/analytics/quality';
import { parseWhatIf } from '../../src/analytics/whatIf';
import { modelPriceFromApi, PriceTable } from '../../src/pricing/priceTable';
import { observation } from './analyticsSupport';

const RANGE = { fromMs: Date.UTC(2026, 10, 1), toMs: Date.UTC(2026, 10, 8) };

// Bundled prices (USD per token): gpt-4o input 2.5e-6, output 1e-5; gpt-4o-mini 1.5e-7, 6e-7.
const usage = { input: 1000, output: 100 };

describe('analytics pricing', () => {
  it('what-if reprices per trace name', () => {
    const builder = new AnalyticsBuilder({
      range: RANGE,
      timeZone: 'UTC',
      dimensions: [],
      whatIf: [parseWhatIf('gpt-4o=gpt-4o-mini')],
    });
    builder.addPage([
      observation({
        id: 'a',
        traceName: 'chat',
        model: 'gpt-4o',
        usageDetails: usage,
        totalCostUsd: 0.0035,
      }),
      observation({
        id: 'b',
        traceName: 'chat',
        model: 'gpt-4o',
        usageDetails: usage,
        totalCostUsd: 0.0035,
      }),
      observation({
        id: 'c',
        traceName: 'search',
        model: 'gpt-4o',
        usageDetails: { input: 2000 },
        totalCostUsd: 0.005,
      }),
      observation({
        id: 'd',
        traceName: 'chat',
        model: 'claude',
        usageDetails: usage,
        totalCostUsd: 1,
      }),
    ]);
    const [whatIf] = builder.build().whatIf;

    assert.equal(whatIf?.priceSource, 'bundled');
    assert.equal(whatIf?.observations, 3);
    assert.equal(whatIf?.actualCostUsd, 0.012);
    // chat: 2 * (1000 * 1.5e-7 + 100 * 6e-7) = 0.00042; search: 2000 * 1.5e-7 = 0.0003.
    assert.equal(whatIf?.whatIfCostUsd, 0.00072);
    assert.equal(whatIf?.differenceUsd, -0.01128);
    assert.deepEqual(
      whatIf?.byTraceName.map((group) => [
        group.traceName,
        group.whatIfCostUsd,
        group.differenceUsd,
      ]),
      [
        ['chat', 0.00042, -0.00658],
        ['search', 0.0003, -0.0047],
      ],
    );
  });

  it('what-if rejects a model without price', () => {
    assert.throws(
      () =>
        new AnalyticsBuilder({
          range: RANGE,
          timeZone: 'UTC',
          whatIf: [parseWhatIf('a=no-such-model')],
        }),
      /No price for "no-such-model"/,
    );
  });

  it('estimates unpriced observations on request', () => {
    const builder = new AnalyticsBuilder({
      range: RANGE,
      timeZone: 'UTC',
      dimensions: [{ name: 'model' }],
      estimateUnpriced: true,
      priceTable: new PriceTable({ 'my-model': { input: 1e-6 } }),
    });
    builder.addPage([
      observation({ id: 'a', model: 'gpt-4o', usageDetails: usage }),
      observation({ id: 'b', model: 'my-model', usageDetails: { input: 10 } }),
      observation({ id: 'c', model: 'mystery', usageDetails: { input: 10 } }),
      observation({ id: 'd', model: 'gpt-4o', usageDetails: usage, totalCostUsd: 0.0035 }),
    ]);
    const report = builder.build();

    assert.deepEqual(report.pricing, {
      unpricedObservations: 3,
      estimatedObservations: 2,
      estimatedCostUsd: 0.00351,
      modelsWithoutPrice: ['mystery'],
    });
    const gpt4o = report.breakdowns[0]?.groups.find((group) => group.key === 'gpt-4o');
    assert.equal(gpt4o?.costUsd, 0.0035);
    assert.equal(gpt4o?.estimatedCostUsd, 0.0035);
  });

  it('leaves unpriced observations alone by default', () => {
    const builder = new AnalyticsBuilder({ range: RANGE, timeZone: 'UTC', dimensions: [] });
    builder.add(observation({ id: 'a', model: 'gpt-4o', usageDetails: usage }));

    assert.equal(builder.build().pricing.estimatedCostUsd, 0);
    assert.equal(builder.build().pricing.unpricedObservations, 1);
  });

  it('override beats project beats bundled', () => {
    const project = modelPriceFromApi({
      id: 'm1',
      modelName: 'gpt-4o',
      matchPattern: '(?i)^gpt-4o$',
      inputPrice: 0.001,
      outputPrice: '0.002',
    });
    const table = new PriceTable({ 'gpt-4o-mini': { input: 1 } }, project ? [project] : []);

    assert.equal(table.find('gpt-4o')?.source, 'project');
    assert.deepEqual(project?.pricingTiers[0]?.prices, { input: 0.001, output: 0.002 });
    assert.equal(table.find('gpt-4o-mini')?.source, 'override');
    assert.equal(table.find('gpt-4-turbo')?.source, 'bundled');
    assert.equal(table.find('no-such-model'), undefined);
  });

  it('rejects a negative override', () => {
    assert.throws(() => new PriceTable({ m: { input: -1 } }), /non-negative number/);
  });
});

describe('analytics scores and users', () => {
  function build() {
    const builder = new AnalyticsBuilder({
      range: RANGE,
      timeZone: 'UTC',
      dimensions: [],
      quality: parseQuality('helpfulness>=0.8'),
    });
    const day1 = Date.UTC(2026, 10, 2, 9);
    const day2 = Date.UTC(2026, 10, 3, 9);
    builder.addScores([
      score('s1', 't1', null, 0.9),
      score('s2', 't2', 'o2', 0.5),
      score('s3', 't2', null, 0.7),
    ]);
    builder.addPage([
      observation({
        id: 'o1',
        traceId: 't1',
        model: 'gpt-4o',
        userId: 'u1',
        sessionId: 'a',
        release: 'r1',
        totalCostUsd: 2,
        startTimeMs: day1,
      }),
      observation({
        id: 'o2',
        traceId: 't2',
        model: 'gpt-4o-mini',
        userId: 'u1',
        sessionId: 'b',
        release: 'r1',
        totalCostUsd: 1,
        startTimeMs: day2,
      }),
      observation({
        id: 'o3',
        traceId: 't3',
        model: 'gpt-4o-mini',
        userId: 'u2',
        sessionId: 'b',
        totalCostUsd: 3,
        startTimeMs: day2,
      }),
    ]);
    return builder.build();
  }

  it('score averages by model', () => {
    const [helpfulness] = build().scores;

    assert.equal(helpfulness?.overall.count, 3);
    assert.ok(Math.abs((helpfulness?.overall.mean as number) - 0.7) < 1e-12);
    assert.deepEqual(
      helpfulness?.byModel.map((group) => [group.key, group.count, group.min, group.max]),
      [
        ['gpt-4o-mini', 2, 0.5, 0.7],
        ['gpt-4o', 1, 0.9, 0.9],
      ],
    );
    assert.deepEqual(
      helpfulness?.byRelease.map((group) => [group.key, group.count]),
      [['r1', 3]],
    );
  });

  it('cost per quality by model', () => {
    const quality = build().costPerQuality;
    const gpt4o = quality?.byModel.find((group) => group.key === 'gpt-4o');
    const mini = quality?.byModel.find((group) => group.key === 'gpt-4o-mini');

    assert.equal(gpt4o?.tracesMeetingThreshold, 1);
    assert.equal(gpt4o?.costPerSuccessfulTraceUsd, 2);
    assert.ok(Math.abs((gpt4o?.meanCostPerScoreUsd as number) - 2 / 0.9) < 1e-12);
    // t2 scores 0.5 and 0.7 average 0.6; t3 has no score.
    assert.equal(mini?.traces, 2);
    assert.equal(mini?.scoredTraces, 1);
    assert.equal(mini?.costPerSuccessfulTraceUsd, null);
    assert.ok(Math.abs((mini?.meanCostPerScoreUsd as number) - 1 / 0.6) < 1e-12);
  });

  it('users per day, new and returning', () => {
    const users = build().usersAndSessions;

    assert.deepEqual(users.perDay, [
      {
        day: '2026-11-02',
        activeUsers: 1,
        newUsers: 1,
        returningUsers: 0,
        sessions: 1,
        costUsd: 2,
      },
      {
        day: '2026-11-03',
        activeUsers: 2,
        newUsers: 1,
        returningUsers: 1,
        sessions: 1,
        costUsd: 4,
      },
    ]);
    assert.equal(users.costPerUserUsd, 3);
    assert.equal(users.costPerSessionUsd, 3);
    assert.deepEqual(users.topUsers[0], { id: 'u1', costUsd: 3, traces: 2 });
    assert.deepEqual(users.topSessions[0], { id: 'b', costUsd: 4, traces: 2 });
  });
});

function score(id: string, traceId: string, observationId: string | null, value: number) {
  return {
    id,
    name: 'helpfulness',
    dataType: 'NUMERIC',
    value,
    timestampMs: 0,
    traceId,
    observationId,
    source: 'API',
    environment: null,
  };
}
