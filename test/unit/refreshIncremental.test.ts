import * as assert from 'node:assert/strict';
import { LangfuseClient } from '../../src/langfuse/client';
import { normalizeV2Observation } from '../../src/langfuse/normalize';
import type { Observation, ObservationSource, TimeRange } from '../../src/langfuse/types';
import { ManualClock } from '../../src/refresh/clock';
import { IncrementalRefresh } from '../../src/refresh/incrementalRefresh';
import { RequestBudget } from '../../src/refresh/requestBudget';
import { startServer, type RunningServer } from '../../src/server/server';

const HOUR_MS = 3_600_000;
const END_MS = Date.UTC(2026, 11, 1);
const RETAIN_FROM = END_MS - 2 * 24 * HOUR_MS;
const T1 = END_MS - 12 * HOUR_MS;
const T2 = T1 + 2 * HOUR_MS;
const OVERLAP_MS = 15 * 60_000;
const LATE_MS = 5 * 60_000;

/** Returns when an observation reaches the server: every third (by id) 5 minutes late. */
function arrivalMs(observation: Observation): number {
  let hash = 0;
  for (const char of observation.id) {
    hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  }
  return observation.startTimeMs + (hash % 3 === 0 ? LATE_MS : 0);
}

/**
 * Reads the real server but hides observations that have not "arrived" by the clock's time,
 * as Langfuse does with data still being ingested.
 */
class LateArrivalSource implements ObservationSource {
  pagesRead = 0;
  abortAfterPages: { controller: AbortController; pages: number } | undefined;

  constructor(
    private readonly client: LangfuseClient,
    private readonly clock: ManualClock,
  ) {}

  async *observationPages(range: TimeRange, signal?: AbortSignal): AsyncIterable<Observation[]> {
    for await (const page of this.client.observationPages(range, signal)) {
      this.pagesRead++;
      yield page.filter((observation) => arrivalMs(observation) <= this.clock.now());
      if (this.abortAfterPages && this.pagesRead >= this.abortAfterPages.pages) {
        this.abortAfterPages.controller.abort();
      }
    }
  }
}

describe('incremental refresh', function () {
  this.timeout(60_000);
  let server: RunningServer;

  before(async () => {
    server = await startServer({
      data: { seed: 11, observations: 6000, days: 3, endMs: END_MS },
    });
  });

  after(async () => {
    await server?.close();
  });

  function client(pageSize = 200): LangfuseClient {
    return new LangfuseClient({
      baseUrl: server.url,
      publicKey: server.publicKey,
      secretKey: server.secretKey,
      pageSize,
    });
  }

  /** Lists the ids visible at `nowMs` of observations that start in [RETAIN_FROM, nowMs). */
  function expectedIds(nowMs: number): string[] {
    const ids: string[] = [];
    for (const raw of server.dataset.observationsV2(RETAIN_FROM, nowMs)) {
      const observation = normalizeV2Observation(raw);
      if (arrivalMs(observation) <= nowMs) {
        ids.push(observation.id);
      }
    }
    return ids.sort();
  }

  function storedIds(refresh: IncrementalRefresh): string[] {
    return [...refresh.store.values()].map((observation) => observation.id).sort();
  }

  it('reads late data in the overlap', async () => {
    const clock = new ManualClock(T1);
    const http = client();
    const refresh = new IncrementalRefresh({
      source: new LateArrivalSource(http, clock),
      clock,
      overlapMs: OVERLAP_MS,
    });

    const first = await refresh.refresh(RETAIN_FROM);
    assert.deepEqual(storedIds(refresh), expectedIds(T1));
    assert.equal(first.added, expectedIds(T1).length);

    await clock.advance(T2 - T1);
    const second = await refresh.refresh(RETAIN_FROM);
    const expected = expectedIds(T2);

    assert.deepEqual(storedIds(refresh), expected);
    assert.equal(refresh.store.size, expected.length);
    assert.equal(second.added, expected.length - first.added);
    assert.deepEqual(second.ranges, [{ fromMs: T1 - OVERLAP_MS, toMs: T2 }]);
    assert.equal(refresh.toJSON().watermarkMs, T2);
    await http.close();
  });

  it('misses late data without an overlap', async () => {
    const clock = new ManualClock(T1);
    const http = client();
    const refresh = new IncrementalRefresh({
      source: new LateArrivalSource(http, clock),
      clock,
      overlapMs: 0,
    });

    await refresh.refresh(RETAIN_FROM);
    await clock.advance(T2 - T1);
    await refresh.refresh(RETAIN_FROM);

    const stored = new Set(storedIds(refresh));
    const missing = expectedIds(T2).filter((id) => !stored.has(id));
    assert.ok(missing.length > 0, 'some observations arrive late at the first refresh');
    for (const id of missing) {
      const raw = [...server.dataset.observationsV2(T1 - LATE_MS, T1)].find(
        (item) => item.id === id,
      );
      assert.ok(raw, `${id} starts in the 5 minutes before the first refresh`);
    }
    await http.close();
  });

  it('costs requests in proportion to new data', async () => {
    const clock = new ManualClock(T1);
    const http = client(50);
    const refresh = new IncrementalRefresh({
      source: http,
      clock,
      overlapMs: OVERLAP_MS,
      requestCount: () => http.requestCount,
    });

    const first = await refresh.refresh(RETAIN_FROM);
    await clock.advance(10 * 60_000);
    const second = await refresh.refresh(RETAIN_FROM);

    const rangeCount = [...server.dataset.observationsV2(T1 - OVERLAP_MS, T1 + 10 * 60_000)].length;
    assert.equal(second.requests, second.pages);
    assert.ok(second.pages <= Math.ceil(rangeCount / 50) + 1, `${second.pages} pages`);
    assert.ok(first.requests >= 10 * second.requests, `${first.requests} then ${second.requests}`);
    await http.close();
  });

  it('continues after a restart in the middle', async () => {
    const clock = new ManualClock(T1);
    const http = client(10);
    const source = new LateArrivalSource(http, clock);
    const refresh = new IncrementalRefresh({ source, clock, overlapMs: OVERLAP_MS });
    await refresh.refresh(RETAIN_FROM);

    await clock.advance(T2 - T1);
    const controller = new AbortController();
    source.abortAfterPages = { controller, pages: source.pagesRead + 1 };
    await assert.rejects(refresh.refresh(RETAIN_FROM, controller.signal), /cancelled/);
    assert.equal(refresh.toJSON().watermarkMs, T1);
    assert.equal(refresh.isRunning, false);

    const saved = JSON.stringify(refresh.snapshot());
    source.abortAfterPages = undefined;
    const restarted = new IncrementalRefresh({
      source,
      clock,
      overlapMs: OVERLAP_MS,
      state: JSON.parse(saved),
    });
    const outcome = await restarted.refresh(RETAIN_FROM);

    assert.deepEqual(outcome.ranges, [{ fromMs: T1 - OVERLAP_MS, toMs: T2 }]);
    assert.deepEqual(storedIds(restarted), expectedIds(T2));
    await http.close();
  });

  it('state without observations reads everything again', () => {
    const clock = new ManualClock(T2);
    const refresh = new IncrementalRefresh({
      source: client(),
      clock,
      state: { version: 1, watermarkMs: T1, coveredFromMs: RETAIN_FROM },
    });
    assert.deepEqual(refresh.toJSON(), { version: 1, watermarkMs: null, coveredFromMs: null });
  });

  it('backfills when the retained span grows', async () => {
    const clock = new ManualClock(T1);
    const http = client();
    const refresh = new IncrementalRefresh({ source: http, clock, overlapMs: OVERLAP_MS });
    await refresh.refresh(T1 - HOUR_MS);

    const outcome = await refresh.refresh(T1 - 3 * HOUR_MS);

    assert.deepEqual(outcome.ranges, [
      { fromMs: T1 - 3 * HOUR_MS, toMs: T1 - HOUR_MS },
      { fromMs: T1 - OVERLAP_MS, toMs: T1 },
    ]);
    assert.equal(
      refresh.store.size,
      [...server.dataset.observationsV2(T1 - 3 * HOUR_MS, T1)].length,
    );
    await http.close();
  });

  it('prunes what falls out of the retained span', async () => {
    const clock = new ManualClock(T1);
    const http = client();
    const refresh = new IncrementalRefresh({ source: http, clock, overlapMs: OVERLAP_MS });
    await refresh.refresh(T1 - 3 * HOUR_MS);

    const outcome = await refresh.refresh(T1 - HOUR_MS);

    const dropped = [...server.dataset.observationsV2(T1 - 3 * HOUR_MS, T1 - HOUR_MS)].length;
    assert.equal(outcome.pruned, dropped);
    assert.equal(refresh.store.size, [...server.dataset.observationsV2(T1 - HOUR_MS, T1)].length);
    await http.close();
  });

  it('shares one refresh between concurrent calls', async () => {
    const clock = new ManualClock(T1);
    const http = client();
    const refresh = new IncrementalRefresh({ source: http, clock });

    const first = refresh.refresh(T1 - HOUR_MS);
    const second = refresh.refresh(T1 - HOUR_MS);

    assert.equal(first, second);
    await first;
    assert.equal(http.requestCount, (await first).pages);
    await http.close();
  });

  it('paces page requests by the budget', async () => {
    const clock = new ManualClock(T1);
    const http = client(10);
    const budget = new RequestBudget(clock, 30, 2);
    const refresh = new IncrementalRefresh({
      source: http,
      clock,
      budget,
      requestCount: () => http.requestCount,
    });

    let done = false;
    const running = refresh.refresh(T1 - HOUR_MS).finally(() => {
      done = true;
    });
    let steps = 0;
    while (!done) {
      await clock.advance(2000);
      steps++;
      assert.ok(steps < 1000, 'the refresh finishes');
    }
    const outcome = await running;

    // 30 per minute is one request per 2 s after the burst of 2; one more token is taken for
    // the call that finds no further page.
    assert.ok(outcome.pages >= 5, `${outcome.pages} pages`);
    assert.ok(clock.now() - T1 >= (outcome.pages + 1 - 2) * 2000, `${clock.now() - T1} ms`);
    assert.equal(outcome.requests, outcome.pages);
    await http.close();
  });

  it('a rate-limited server slows the refresh without errors', async () => {
    const range = { fromMs: T1 - 6 * HOUR_MS, toMs: T1 };
    const count = [...server.dataset.observationsV2(range.fromMs, range.toMs)].length;
    // About 125 pages: past the 120-request bucket of the server, so some requests get 429.
    const http = client(Math.max(1, Math.floor(count / 125)));
    const clock = new ManualClock(T1);
    const refresh = new IncrementalRefresh({
      source: http,
      clock,
      requestCount: () => http.requestCount,
    });
    server.setFaults({ requestsPerMinute: 120 });
    const logStart = server.requestLog.length;

    try {
      const outcome = await refresh.refresh(range.fromMs);
      const statuses = server.requestLog.slice(logStart).map((entry) => entry.status);

      assert.equal(refresh.store.size, count);
      assert.ok(statuses.includes(429), 'the server answered 429 at least once');
      assert.equal(outcome.requests, statuses.length);
      assert.equal(outcome.requests - outcome.pages, statuses.filter((s) => s === 429).length);
    } finally {
      server.setFaults({});
      await http.close();
    }
  });
});
