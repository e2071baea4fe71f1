import * as assert from 'node:assert/strict';
import { createBudgetRule, type AlertRule } from '../../src/alerts';
import {
  AlertRefresh,
  type AlertCheck,
  type RefreshSourceHandle,
} from '../../src/extension/refresh/alertRefresh';
import { LangfuseClient } from '../../src/langfuse/client';
import { silentLogger } from '../../src/langfuse/http';
import type { Observation, ObservationSource, TimeRange } from '../../src/langfuse/types';
import { ManualClock } from '../../src/refresh';
import { startServer, type RunningServer } from '../../src/server/server';
import { HOUR_MS, observation } from './alertsFixtures';

// 2026-12-04 12:00 UTC.
const NOON_MS = Date.UTC(2026, 11, 4, 12, 0, 0);
const MINUTE_MS = 60_000;

/** A source over an array that tests can append to; it records each range read. */
class ListSource implements ObservationSource {
  readonly reads: TimeRange[] = [];
  constructor(readonly observations: Observation[] = []) {}

  async *observationPages(range: TimeRange): AsyncIterable<Observation[]> {
    this.reads.push(range);
    yield this.observations.filter(
      (item) => item.startTimeMs >= range.fromMs && item.startTimeMs < range.toMs,
    );
  }
}

function dailyBudget(limitUsd: number): AlertRule {
  return createBudgetRule({ limitUsd, window: { kind: 'day' }, warnAtShare: 0.8 });
}

function setup(source: ListSource | null, key = 'sample #1') {
  const clock = new ManualClock(NOON_MS);
  const checks: AlertCheck[] = [];
  const refresh = new AlertRefresh({
    clock,
    logger: silentLogger,
    onCheck: (check) => checks.push(check),
    openSource: async (): Promise<RefreshSourceHandle | null> =>
      source ? { key, source, close: async () => undefined } : null,
  });
  return { clock, checks, refresh };
}

describe('extension alert refresh', () => {
  it('first refresh reads the rule window', async () => {
    const source = new ListSource([
      observation({ startTimeMs: NOON_MS - HOUR_MS, totalCostUsd: 3 }),
      observation({ startTimeMs: NOON_MS - 13 * HOUR_MS, totalCostUsd: 50 }),
    ]);
    const { checks, refresh } = setup(source);
    refresh.configure({
      rules: [dailyBudget(10)],
      timeZone: 'UTC',
      intervalMs: 0,
      requestsPerMinute: 30,
    });

    await refresh.refreshNow();

    assert.deepEqual(source.reads, [{ fromMs: NOON_MS - 12 * HOUR_MS, toMs: NOON_MS }]);
    assert.equal(checks.length, 1);
    assert.equal(checks[0]?.results[0]?.value, 3);
    assert.equal(checks[0]?.results[0]?.level, 'ok');
    assert.equal(checks[0]?.outcome?.requests, 1);
    assert.equal(checks[0]?.storedObservations, 1);
  });

  it('next refresh reads only the new span', async () => {
    const source = new ListSource([
      observation({ startTimeMs: NOON_MS - HOUR_MS, totalCostUsd: 3 }),
    ]);
    const { clock, checks, refresh } = setup(source);
    refresh.configure({
      rules: [dailyBudget(10)],
      timeZone: 'UTC',
      intervalMs: 0,
      requestsPerMinute: 30,
    });
    await refresh.refreshNow();

    await clock.advance(30 * MINUTE_MS);
    source.observations.push(
      observation({ startTimeMs: NOON_MS + 20 * MINUTE_MS, totalCostUsd: 5.5 }),
    );
    await refresh.refreshNow();

    // The watermark was noon; the overlap reads 15 minutes before it again.
    assert.deepEqual(source.reads[1], {
      fromMs: NOON_MS - 15 * MINUTE_MS,
      toMs: NOON_MS + 30 * MINUTE_MS,
    });
    assert.equal(checks[1]?.results[0]?.value, 8.5);
    assert.equal(checks[1]?.results[0]?.level, 'warning');
    assert.equal(checks[1]?.outcome?.added, 1);
  });

  it('duplicates in the overlap count once', async () => {
    const late = observation({ startTimeMs: NOON_MS - 5 * MINUTE_MS, totalCostUsd: 2 });
    const source = new ListSource([late]);
    const { clock, checks, refresh } = setup(source);
    refresh.configure({
      rules: [dailyBudget(10)],
      timeZone: 'UTC',
      intervalMs: 0,
      requestsPerMinute: 30,
    });
    await refresh.refreshNow();
    await clock.advance(MINUTE_MS);
    await refresh.refreshNow();

    assert.equal(checks[1]?.outcome?.updated, 1);
    assert.equal(checks[1]?.results[0]?.value, 2);
  });

  it('no rules send no requests', async () => {
    const source = new ListSource([observation({ startTimeMs: NOON_MS - HOUR_MS })]);
    const { checks, refresh } = setup(source);
    refresh.configure({ rules: [], timeZone: 'UTC', intervalMs: 0, requestsPerMinute: 30 });
    await refresh.refreshNow();

    assert.deepEqual(source.reads, []);
    assert.equal(checks[0]?.outcome, null);
    assert.deepEqual(checks[0]?.results, []);
  });

  it('no source publishes empty results', async () => {
    const { checks, refresh } = setup(null);
    refresh.configure({
      rules: [dailyBudget(1)],
      timeZone: 'UTC',
      intervalMs: 0,
      requestsPerMinute: 30,
    });
    await refresh.refreshNow();

    assert.equal(checks[0]?.sourceKey, null);
    assert.deepEqual(checks[0]?.results, []);
  });

  it('new source key reads from scratch', async () => {
    const first = new ListSource([
      observation({ startTimeMs: NOON_MS - HOUR_MS, totalCostUsd: 1 }),
    ]);
    const second = new ListSource([
      observation({ startTimeMs: NOON_MS - HOUR_MS, totalCostUsd: 7 }),
    ]);
    let current = { key: 'a', source: first };
    const clock = new ManualClock(NOON_MS);
    const checks: AlertCheck[] = [];
    const refresh = new AlertRefresh({
      clock,
      logger: silentLogger,
      onCheck: (check) => checks.push(check),
      openSource: async () => ({ ...current, close: async () => undefined }),
    });
    refresh.configure({
      rules: [dailyBudget(10)],
      timeZone: 'UTC',
      intervalMs: 0,
      requestsPerMinute: 30,
    });
    await refresh.refreshNow();
    current = { key: 'b', source: second };
    await clock.advance(MINUTE_MS);
    await refresh.refreshNow();

    assert.deepEqual(second.reads, [{ fromMs: NOON_MS - 12 * HOUR_MS, toMs: NOON_MS + MINUTE_MS }]);
    assert.equal(checks[1]?.results[0]?.value, 7);
  });

  it('interval runs refreshes on the clock', async () => {
    const source = new ListSource([]);
    const { clock, checks, refresh } = setup(source);
    refresh.configure({
      rules: [dailyBudget(10)],
      timeZone: 'UTC',
      intervalMs: 5 * MINUTE_MS,
      requestsPerMinute: 30,
    });
    await clock.advance(0);
    assert.equal(checks.length, 1);

    await clock.advance(5 * MINUTE_MS);
    assert.equal(checks.length, 2);

    refresh.setFocused(false);
    await clock.advance(20 * MINUTE_MS);
    const whileUnfocused = checks.length;
    await clock.advance(20 * MINUTE_MS);
    assert.equal(checks.length, whileUnfocused);

    refresh.setFocused(true);
    await clock.advance(0);
    assert.equal(checks.length, whileUnfocused + 1);
    refresh.dispose();
  });
});

describe('extension alert refresh against a server', () => {
  let server: RunningServer;

  before(async () => {
    const endMs = Date.now();
    server = await startServer({ data: { seed: 5, observations: 1500, days: 1, endMs } });
  });

  after(async () => {
    await server.close();
  });

  it('counts retried 429s as requests', async () => {
    server.setFaults({ rateLimit: { count: 2, retryAfterSeconds: 1 } });
    const client = new LangfuseClient({
      baseUrl: server.url,
      publicKey: server.publicKey,
      secretKey: server.secretKey,
      pageSize: 1000,
    });
    const checks: AlertCheck[] = [];
    const refresh = new AlertRefresh({
      logger: silentLogger,
      onCheck: (check) => checks.push(check),
      openSource: async () => ({
        key: 'server',
        source: client,
        requestCount: () => client.requestCount,
        close: async () => undefined,
      }),
    });
    refresh.configure({
      rules: [
        createBudgetRule({
          limitUsd: 1,
          window: { kind: 'rolling', durationMs: 25 * HOUR_MS },
          warnAtShare: 0.8,
        }),
      ],
      timeZone: 'UTC',
      intervalMs: 0,
      requestsPerMinute: 30,
    });

    await refresh.refreshNow();
    let served = 0;
    const range = checks[0]?.outcome?.ranges[0] ?? { fromMs: 0, toMs: 0 };
    for await (const page of client.observationPages(range)) {
      served += page.length;
    }
    await client.close();

    const outcome = checks[0]?.outcome;
    const rateLimited = server.requestLog.filter((entry) => entry.status === 429).length;
    assert.equal(refresh.lastError, null);
    assert.equal(rateLimited, 2);
    assert.equal(outcome?.pages, 2);
    assert.equal(outcome?.requests, 4);
    assert.ok(served > 1000);
    assert.equal(checks[0]?.storedObservations, served);
  });
});
