import * as assert from 'node:assert/strict';
import type { Observation } from '../../src/langfuse/types';
import {
  buildAnalytics,
  buildReport,
  NO_MODEL_KEY,
  ReportBuilder,
  type Analytics,
  type ReportOptions,
} from '../../src/metrics';
import { observation as baseObservation } from './analyticsSupport';

const DAY_MS = 86_400_000;
const FROM_MS = Date.parse('2026-03-10T00:00:00Z');
const TO_MS = Date.parse('2026-03-13T00:00:00Z');
const UTC_OPTIONS: ReportOptions = {
  range: { fromMs: FROM_MS, toMs: TO_MS },
  timeZone: 'UTC',
  nowMs: Date.parse('2026-03-11T12:00:00Z'),
};

let nextId = 0;

/** Returns an ended DEFAULT span of one second without model or cost, with `overrides` applied. */
function observation(overrides: Partial<Observation> = {}): Observation {
  const startTimeMs = overrides.startTimeMs ?? FROM_MS + 3_600_000;
  return baseObservation({
    id: `obs-${nextId++}`,
    traceId: 'trace-1',
    type: 'SPAN',
    startTimeMs,
    endTimeMs: startTimeMs + 1000,
    ...overrides,
  });
}

function report(observations: Observation[], options: ReportOptions = UTC_OPTIONS) {
  const builder = new ReportBuilder(options);
  builder.addPage(observations);
  return builder.build();
}

function analytics(observations: Observation[], options: ReportOptions = UTC_OPTIONS) {
  const builder = new ReportBuilder(options);
  builder.addPage(observations);
  return builder.buildAnalytics();
}

async function* pagesOf(observations: Observation[], pageSize: number) {
  for (let i = 0; i < observations.length; i += pageSize) {
    yield observations.slice(i, i + pageSize);
  }
}

describe('ReportBuilder', () => {
  it('report of empty range is all zeros', () => {
    const result = report([]);

    assert.deepEqual(result, {
      range: { from: '2026-03-10T00:00:00.000Z', to: '2026-03-13T00:00:00.000Z', timeZone: 'UTC' },
      traces: 0,
      observations: 0,
      cost: { total: 0, byModel: {}, byDay: {}, unpricedObservations: 0 },
      tokens: { input: 0, output: 0, total: 0 },
      latency: { traces: null, byType: {} },
      errors: { traces: 0, rate: 0 },
      users: 0,
      sessions: 0,
    });
  });

  it('report of one generation', () => {
    const startTimeMs = Date.parse('2026-03-11T08:00:00Z');
    const result = report([
      observation({
        type: 'GENERATION',
        model: 'gpt-4o',
        startTimeMs,
        endTimeMs: startTimeMs + 1500,
        totalCostUsd: 0.002,
        usageDetails: { input: 100, output: 50, total: 150 },
        userId: 'user-a',
        sessionId: 'session-a',
      }),
    ]);

    const onePointFive = { p50: 1.5, p90: 1.5, p95: 1.5, p99: 1.5 };
    assert.equal(result.traces, 1);
    assert.equal(result.observations, 1);
    assert.deepEqual(result.cost, {
      total: 0.002,
      byModel: { 'gpt-4o': 0.002 },
      byDay: { '2026-03-11': 0.002 },
      unpricedObservations: 0,
    });
    assert.deepEqual(result.tokens, { input: 100, output: 50, total: 150 });
    assert.deepEqual(result.latency, {
      traces: onePointFive,
      byType: { GENERATION: onePointFive },
    });
    assert.deepEqual(result.errors, { traces: 0, rate: 0 });
    assert.equal(result.users, 1);
    assert.equal(result.sessions, 1);
  });

  it('range includes fromMs and excludes toMs', () => {
    const result = report([
      observation({ traceId: 'before', startTimeMs: FROM_MS - 1 }),
      observation({ traceId: 'first', startTimeMs: FROM_MS }),
      observation({ traceId: 'last', startTimeMs: TO_MS - 1 }),
      observation({ traceId: 'after', startTimeMs: TO_MS }),
    ]);

    assert.equal(result.observations, 2);
    assert.equal(result.traces, 2);
    assert.deepEqual(Object.keys(result.cost.byDay), ['2026-03-10', '2026-03-12']);
  });

  it('traces count distinct trace ids', () => {
    const result = report([
      observation({ traceId: 'a' }),
      observation({ traceId: 'b' }),
      observation({ traceId: 'a' }),
      observation({ traceId: 'c' }),
      observation({ traceId: 'b' }),
    ]);

    assert.equal(result.traces, 3);
    assert.equal(result.observations, 5);
  });

  it('cost falls back to costDetails', () => {
    const result = report([
      // Recorded cost wins over the details.
      observation({ model: 'm1', totalCostUsd: 0.004, costDetails: { total: 9, input: 9 } }),
      // No recorded cost: the details' total key.
      observation({ model: 'm2', costDetails: { input: 1, output: 2, total: 0.0035 } }),
      // No recorded cost and no total key: the sum of the details.
      observation({ model: 'm3', costDetails: { input: 0.001, output: 0.002 } }),
      // Nothing recorded: 0.
      observation({ model: null }),
    ]);

    assert.deepEqual(result.cost.byModel, {
      m2: 0.0035,
      m1: 0.004,
      m3: 0.003,
      [NO_MODEL_KEY]: 0,
    });
    assert.equal(result.cost.total, 0.0105);
  });

  it('byModel sorted by cost descending', () => {
    const result = report([
      observation({ model: 'cheap', totalCostUsd: 0.001 }),
      observation({ model: 'dear', totalCostUsd: 0.5 }),
      observation({ model: 'middle', totalCostUsd: 0.02 }),
    ]);

    assert.deepEqual(Object.keys(result.cost.byModel), ['dear', 'middle', 'cheap']);
  });

  it('unpriced observations need a model and no cost', () => {
    const result = report([
      observation({ model: 'gpt-4o' }),
      observation({ model: 'gpt-4o', costDetails: { input: 0 } }),
      observation({ model: 'gpt-4o', totalCostUsd: 0 }),
      observation({ model: 'local-llama' }),
      observation({ model: null }),
      observation({ model: '' }),
    ]);

    assert.equal(result.cost.unpricedObservations, 2);
  });

  it('observations without a model go under (no model)', () => {
    const result = report([
      observation({ model: null, costDetails: { other: 0.25 } }),
      observation({ model: '', totalCostUsd: 0.5 }),
      observation({ model: 'gpt-4o', totalCostUsd: 0.125 }),
    ]);

    assert.deepEqual(result.cost.byModel, { [NO_MODEL_KEY]: 0.75, 'gpt-4o': 0.125 });
  });

  it('keeps a model and type named __proto__', () => {
    const result = report([
      observation({ model: '__proto__', type: '__proto__', totalCostUsd: 0.5 }),
      observation({ model: 'gpt-4o', totalCostUsd: 0.25 }),
    ]);

    assert.deepEqual(Object.entries(result.cost.byModel), [
      ['__proto__', 0.5],
      ['gpt-4o', 0.25],
    ]);
    assert.ok(Object.keys(result.latency.byType).includes('__proto__'));
    assert.equal(Object.getPrototypeOf(result.cost.byModel), Object.prototype);
  });

  it('tokens count cached input and reasoning output', () => {
    const result = report([
      observation({
        usageDetails: {
          input: 100,
          input_cached_tokens: 20,
          cache_read_input_tokens: 30,
          output: 40,
          output_reasoning_tokens: 10,
          total: 200,
        },
      }),
    ]);

    assert.deepEqual(result.tokens, { input: 150, output: 50, total: 200 });
  });

  it('tokens total sums all keys when total is missing', () => {
    const result = report([
      observation({ usageDetails: { input: 100, output: 40, input_cached_tokens: 5, audio: 3 } }),
      observation({ usageDetails: { input: 1, output: 2, total: 4 } }),
    ]);

    assert.deepEqual(result.tokens, { input: 106, output: 42, total: 152 });
  });

  it('ERROR span makes its trace an error trace', () => {
    const result = report([
      observation({ traceId: 'failing', type: 'GENERATION', model: 'gpt-4o' }),
      observation({ traceId: 'failing', type: 'SPAN', level: 'ERROR' }),
      observation({ traceId: 'failing', type: 'SPAN', level: 'ERROR' }),
      observation({ traceId: 'fine', level: 'WARNING' }),
      observation({ traceId: 'fine-too' }),
      observation({ traceId: 'fine-three', level: 'DEBUG' }),
    ]);

    assert.deepEqual(result.errors, { traces: 1, rate: 0.25 });
  });

  it('users and sessions ignore empty ids', () => {
    const result = report([
      observation({ traceId: 't1', userId: 'u1', sessionId: 's1' }),
      observation({ traceId: 't1', userId: 'u1', sessionId: 's1' }),
      observation({ traceId: 't1', userId: 'u2', sessionId: '' }),
      observation({ traceId: 't2', userId: '', sessionId: null }),
      observation({ traceId: 't3', userId: null, sessionId: 's2' }),
      observation({ traceId: 't4', userId: 'u1', sessionId: 's2' }),
    ]);

    assert.equal(result.users, 2);
    assert.equal(result.sessions, 2);
  });

  it('trace latency spans ended observations only', () => {
    const t0 = FROM_MS + 3_600_000;
    const result = report([
      observation({ type: 'SPAN', startTimeMs: t0, endTimeMs: t0 + 1000 }),
      observation({ type: 'GENERATION', startTimeMs: t0 + 500, endTimeMs: t0 + 3000 }),
      // Started earlier and still running: neither the trace nor the types see it.
      observation({ type: 'EVENT', startTimeMs: t0 - 2000, endTimeMs: null }),
    ]);

    assert.deepEqual(result.latency.traces, { p50: 3, p90: 3, p95: 3, p99: 3 });
    assert.deepEqual(result.latency.byType, {
      GENERATION: { p50: 2.5, p90: 2.5, p95: 2.5, p99: 2.5 },
      SPAN: { p50: 1, p90: 1, p95: 1, p99: 1 },
    });
  });

  it('latency null without ended observations', () => {
    const result = report([
      observation({ traceId: 'a', endTimeMs: null }),
      observation({ traceId: 'b', endTimeMs: null }),
    ]);

    assert.equal(result.latency.traces, null);
    assert.deepEqual(result.latency.byType, {});
    assert.equal(result.traces, 2);
  });

  it('trace latency percentiles over traces', () => {
    const observations = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((seconds) =>
      observation({ traceId: `t${seconds}`, endTimeMs: FROM_MS + 3_600_000 + seconds * 1000 }),
    );

    // Ranks floor(q * 9) of 1..10 seconds: p50 -> 5, p90, p95 and p99 -> 9.
    assert.deepEqual(report(observations).latency.traces, { p50: 5, p90: 9, p95: 9, p99: 9 });
  });

  it('negative latency clamps to 0 and counts', () => {
    const t0 = FROM_MS + 3_600_000;
    const result = analytics([
      observation({ traceId: 'bad', type: 'SPAN', startTimeMs: t0, endTimeMs: t0 - 4000 }),
    ]);

    assert.equal(result.negativeLatencyObservations, 1);
    assert.deepEqual(result.report.latency.byType.SPAN, { p50: 0, p90: 0, p95: 0, p99: 0 });
    assert.deepEqual(result.report.latency.traces, { p50: 0, p90: 0, p95: 0, p99: 0 });
  });

  it('byDay follows New York across spring forward', () => {
    const options: ReportOptions = {
      range: {
        fromMs: Date.parse('2026-03-07T05:00:00Z'),
        toMs: Date.parse('2026-03-10T04:00:00Z'),
      },
      timeZone: 'America/New_York',
    };
    const result = report(
      [
        observation({ startTimeMs: Date.parse('2026-03-08T04:59:59.999Z'), totalCostUsd: 1 }),
        observation({ startTimeMs: Date.parse('2026-03-08T05:00:00Z'), totalCostUsd: 2 }),
        // 23:59:59.999 EDT on the 23-hour day 2026-03-08.
        observation({ startTimeMs: Date.parse('2026-03-09T03:59:59.999Z'), totalCostUsd: 4 }),
        observation({ startTimeMs: Date.parse('2026-03-09T04:00:00Z'), totalCostUsd: 8 }),
      ],
      options,
    );

    assert.deepEqual(result.cost.byDay, { '2026-03-07': 1, '2026-03-08': 6, '2026-03-09': 8 });
  });

  it('byDay follows Berlin across fall back', () => {
    const options: ReportOptions = {
      range: {
        fromMs: Date.parse('2026-10-24T22:00:00Z'),
        toMs: Date.parse('2026-10-26T23:00:00Z'),
      },
      timeZone: 'Europe/Berlin',
    };
    const result = analytics(
      [
        observation({ startTimeMs: Date.parse('2026-10-24T22:00:00Z'), totalCostUsd: 1 }),
        // 23:59:59.999 CET on the 25-hour day 2026-10-25.
        observation({ startTimeMs: Date.parse('2026-10-25T22:59:59.999Z'), totalCostUsd: 2 }),
        observation({ startTimeMs: Date.parse('2026-10-25T23:00:00Z'), totalCostUsd: 4 }),
      ],
      options,
    );

    assert.deepEqual(result.report.cost.byDay, { '2026-10-25': 3, '2026-10-26': 4 });
    assert.deepEqual(
      result.days.map((day) => day.day),
      ['2026-10-25', '2026-10-26'],
    );
  });

  it('costs sum without float drift', () => {
    const builder = new ReportBuilder(UTC_OPTIONS);
    const dime = observation({ model: 'gpt-4o', totalCostUsd: 0.1 });
    let naive = 0;
    for (let i = 0; i < 100_000; i++) {
      builder.add(dime);
      naive += 0.1;
    }

    assert.notEqual(Number(naive.toFixed(12)), 10_000, 'the plain sum drifts');
    const result = builder.build();
    assert.equal(result.cost.total, 10_000);
    assert.equal(result.cost.byModel['gpt-4o'], 10_000);
    assert.equal(result.cost.byDay['2026-03-10'], 10_000);
  });

  it('constructor rejects an invalid time zone', () => {
    const options = { range: UTC_OPTIONS.range, timeZone: 'Europe/Atlantis' };

    assert.throws(() => new ReportBuilder(options), {
      name: 'RangeError',
      message: /Europe\/Atlantis/,
    });
  });

  it('constructor rejects a reversed range', () => {
    const options = { range: { fromMs: TO_MS, toMs: FROM_MS }, timeZone: 'UTC' };

    assert.throws(() => new ReportBuilder(options), { name: 'RangeError', message: /fromMs/ });
  });

  it('add after build throws', () => {
    const builder = new ReportBuilder(UTC_OPTIONS);
    builder.build();

    assert.throws(() => builder.add(observation()), /after build/);
  });

  it('build twice returns the same report', () => {
    const builder = new ReportBuilder(UTC_OPTIONS);
    builder.add(observation({ totalCostUsd: 0.5 }));

    assert.equal(builder.build(), builder.build());
    assert.equal(builder.buildAnalytics().report, builder.build());
  });
});

describe('ReportBuilder analytics', () => {
  it('days list every day including empty ones', () => {
    const result = analytics([
      observation({ startTimeMs: FROM_MS + 2 * DAY_MS + 1, totalCostUsd: 0.25, model: 'gpt-4o' }),
    ]);

    assert.deepEqual(
      result.days.map((day) => [day.day, day.costUsd, day.observations]),
      [
        ['2026-03-10', 0, 0],
        ['2026-03-11', 0, 0],
        ['2026-03-12', 0.25, 1],
      ],
    );
    assert.deepEqual(result.days[0], {
      day: '2026-03-10',
      costUsd: 0,
      costByModel: {},
      inputTokens: 0,
      outputTokens: 0,
      traces: 0,
      errorTraces: 0,
      errorRate: 0,
      observations: 0,
    });
  });

  it('empty range has no days', () => {
    const result = analytics([], { range: { fromMs: FROM_MS, toMs: FROM_MS }, timeZone: 'UTC' });

    assert.deepEqual(result.days, []);
    assert.equal(result.report.observations, 0);
  });

  it('day point sums one day', () => {
    const day2 = FROM_MS + DAY_MS;
    const result = analytics([
      // Trace "spanning" starts on day 1 and continues on day 2: it counts on day 1 only.
      observation({ traceId: 'spanning', startTimeMs: FROM_MS + 1000 }),
      observation({
        traceId: 'spanning',
        startTimeMs: day2 + 1000,
        model: 'gpt-4o',
        totalCostUsd: 0.5,
        usageDetails: { input: 10, output: 5 },
      }),
      observation({
        traceId: 'day2',
        startTimeMs: day2 + 2000,
        model: 'claude',
        totalCostUsd: 0.25,
        usageDetails: { input: 7, cache_read_input_tokens: 3, output: 1 },
        level: 'ERROR',
      }),
      observation({
        traceId: 'day2-ok',
        startTimeMs: day2 + 3000,
        model: 'gpt-4o',
        totalCostUsd: 1,
      }),
    ]);

    const [first, second] = result.days;
    assert.equal(first?.traces, 1);
    assert.equal(first?.observations, 1);
    assert.deepEqual(second, {
      day: '2026-03-11',
      costUsd: 1.75,
      costByModel: { 'gpt-4o': 1.5, claude: 0.25 },
      inputTokens: 20,
      outputTokens: 6,
      traces: 2,
      errorTraces: 1,
      errorRate: 0.5,
      observations: 3,
    });
  });

  it('byModel groups observations and traces', () => {
    const t0 = FROM_MS + 3_600_000;
    const result = analytics([
      observation({ traceId: 'a', model: 'gpt-4o', totalCostUsd: 0.25, endTimeMs: t0 + 2000 }),
      observation({ traceId: 'a', model: 'gpt-4o', totalCostUsd: 0.25, endTimeMs: t0 + 4000 }),
      observation({ traceId: 'a', model: null, level: 'ERROR' }),
      observation({ traceId: 'b', model: 'gpt-4o', totalCostUsd: 0.5, level: 'ERROR' }),
      observation({ traceId: 'b', model: 'llama', usageDetails: { input: 3, output: 4 } }),
    ]);

    // Equal costs sort by key, and '(' sorts before letters.
    const [gpt, noModel, llama] = result.byModel;
    assert.deepEqual(gpt, {
      key: 'gpt-4o',
      observations: 3,
      traces: 2,
      costUsd: 1,
      tokens: { input: 0, output: 0, total: 0 },
      // Observation latencies 2, 4 and 1 seconds: the rank floor(q * 2) is 1 for every q.
      latency: { p50: 2, p90: 2, p95: 2, p99: 2 },
      errorTraces: 1,
      errorRate: 0.5,
      unpricedObservations: 0,
    });
    assert.equal(llama?.key, 'llama');
    assert.equal(llama?.unpricedObservations, 1);
    assert.deepEqual(llama?.tokens, { input: 3, output: 4, total: 7 });
    assert.equal(llama?.errorTraces, 0, 'the ERROR in trace b was not a llama observation');
    assert.equal(noModel?.key, NO_MODEL_KEY);
    assert.equal(noModel?.errorTraces, 1);
    assert.equal(noModel?.errorRate, 1);
  });

  it('byTraceName and byUser group whole traces', () => {
    const t0 = FROM_MS + 3_600_000;
    const result = analytics([
      observation({ traceId: 'a', traceName: 'chat', userId: 'ann', totalCostUsd: 0.5 }),
      observation({ traceId: 'a', traceName: 'chat', userId: 'ann', endTimeMs: t0 + 3000 }),
      observation({
        traceId: 'b',
        traceName: 'chat',
        userId: null,
        totalCostUsd: 0.25,
        level: 'ERROR',
      }),
      observation({ traceId: 'c', traceName: null, userId: 'ann', totalCostUsd: 2 }),
    ]);

    assert.deepEqual(
      result.byTraceName.map((group) => [
        group.key,
        group.traces,
        group.observations,
        group.costUsd,
      ]),
      [
        ['(unnamed)', 1, 1, 2],
        ['chat', 2, 3, 0.75],
      ],
    );
    const chat = result.byTraceName[1];
    // Trace latencies 3 s (trace a) and 1 s (trace b): rank floor(q * 1) is 0 below q = 1.
    assert.deepEqual(chat?.latency, { p50: 1, p90: 1, p95: 1, p99: 1 });
    assert.equal(chat?.errorTraces, 1);
    assert.equal(chat?.errorRate, 0.5);

    assert.deepEqual(
      result.byUser.map((group) => [group.key, group.traces, group.costUsd, group.errorTraces]),
      [
        ['ann', 2, 2.5, 0],
        ['(no user)', 1, 0.25, 1],
      ],
    );
  });

  it('today is the day containing nowMs', () => {
    const result = analytics([observation({ startTimeMs: FROM_MS + DAY_MS + 5, totalCostUsd: 3 })]);

    assert.equal(result.today?.day, '2026-03-11');
    assert.equal(result.today?.costUsd, 3);
  });

  it('today absent when now is outside the range', () => {
    const options = { ...UTC_OPTIONS, nowMs: TO_MS + DAY_MS };

    assert.equal(analytics([], options).today, undefined);
  });

  it('latencyByType equals the report byType', () => {
    const result = analytics([observation({ type: 'TOOL' }), observation({ type: 'AGENT' })]);

    assert.deepEqual(Object.keys(result.latencyByType), ['AGENT', 'TOOL']);
    assert.deepEqual(result.latencyByType, result.report.latency.byType);
  });
});

describe('buildReport and buildAnalytics', () => {
  /** Two thousand observations over three days with a mix of everything the report counts. */
  function mixedObservations(): Observation[] {
    const models = ['gpt-4o', 'gpt-4o-mini', null, 'claude-sonnet'];
    const types = ['GENERATION', 'SPAN', 'EVENT', 'TOOL', 'AGENT'];
    const observations: Observation[] = [];
    for (let i = 0; i < 2000; i++) {
      const startTimeMs =
        FROM_MS + Math.floor((i * (TO_MS - FROM_MS + 7 * DAY_MS)) / 2000) - DAY_MS;
      observations.push(
        observation({
          traceId: `trace-${i % 337}`,
          type: types[i % 5] as string,
          startTimeMs,
          endTimeMs: i % 11 === 0 ? null : startTimeMs + ((i * 7919) % 60_000),
          level: i % 97 === 0 ? 'ERROR' : 'DEFAULT',
          model: models[i % 4] ?? null,
          totalCostUsd: i % 3 === 0 ? null : (i % 13) * 0.000173,
          costDetails: i % 6 === 0 ? { input: 0.0001 * (i % 5), output: 0.00003 } : {},
          usageDetails: { input: i % 400, output: i % 90, input_cached_tokens: i % 7 },
          userId: i % 5 === 0 ? null : `user-${i % 23}`,
          sessionId: `session-${i % 41}`,
          traceName: i % 337 < 10 ? null : `name-${i % 6}`,
        }),
      );
    }
    return observations;
  }

  it('same result for one page and many pages', async () => {
    const observations = mixedObservations();

    const onePage = await buildAnalytics(pagesOf(observations, observations.length), UTC_OPTIONS);
    const smallPages = await buildAnalytics(pagesOf(observations, 7), UTC_OPTIONS);
    const builder = new ReportBuilder(UTC_OPTIONS);
    for (const single of observations) {
      builder.add(single);
    }
    const oneByOne: Analytics = builder.buildAnalytics();

    assert.ok(onePage.report.observations > 0, 'the range selects some observations');
    assert.ok(onePage.report.observations < observations.length, 'and leaves some out');
    assert.deepEqual(smallPages, onePage);
    assert.deepEqual(oneByOne, onePage);
  });

  it('buildReport returns the analytics report', async () => {
    const observations = mixedObservations();

    const result = await buildReport(pagesOf(observations, 100), UTC_OPTIONS);
    const expected = await buildAnalytics(pagesOf(observations, 100), UTC_OPTIONS);

    assert.deepEqual(result, expected.report);
  });
});
