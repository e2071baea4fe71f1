import * as assert from 'node:assert/strict';
import { RunningServer, startServer } from '../../src/server/server';

const DATA = { seed: 3, observations: 3000, days: 3, endMs: Date.UTC(2026, 2, 1) };
const AUTH = `Basic ${Buffer.from('pk-lf-local:sk-lf-local').toString('base64')}`;
const PATH = '/api/public/v2/observations?limit=200';

async function statusOf(
  server: RunningServer,
): Promise<{ status: number; retryAfter: string | null }> {
  const response = await fetch(new URL(PATH, server.url), { headers: { authorization: AUTH } });
  await response.arrayBuffer();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

async function statuses(server: RunningServer, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let request = 0; request < count; request++) {
    result.push((await statusOf(server)).status);
  }
  return result;
}

describe('local server faults', () => {
  let server: RunningServer;

  before(async () => {
    server = await startServer({ data: DATA });
  });

  afterEach(() => {
    server.setFaults({});
  });

  after(async () => {
    await server.close();
  });

  it('rateLimit count answers 429 then recovers', async () => {
    server.setFaults({ rateLimit: { count: 2, retryAfterSeconds: 7 } });

    const first = await statusOf(server);
    const second = await statusOf(server);
    const third = await statusOf(server);

    assert.deepEqual(first, { status: 429, retryAfter: '7' });
    assert.deepEqual(second, { status: 429, retryAfter: '7' });
    assert.deepEqual(third, { status: 200, retryAfter: null });
  });

  it('rateLimit every answers each Kth request 429', async () => {
    server.setFaults({ rateLimit: { every: 3, retryAfterSeconds: 1 } });

    assert.deepEqual(await statuses(server, 7), [200, 200, 429, 200, 200, 429, 200]);
  });

  it('serverError answers the next requests', async () => {
    for (const status of [500, 502, 503] as const) {
      server.setFaults({ serverError: { count: 2, status } });
      assert.deepEqual(await statuses(server, 3), [status, status, 200]);
    }
  });

  it('truncate cuts the next body short', async () => {
    server.setFaults({ truncate: { count: 1 } });

    const cut = await fetch(new URL(PATH, server.url), { headers: { authorization: AUTH } });
    assert.equal(cut.status, 200);
    await assert.rejects(cut.text());

    const whole = await fetch(new URL(PATH, server.url), { headers: { authorization: AUTH } });
    const body = (await whole.json()) as { data: unknown[] };
    assert.equal(body.data.length, 200);
  });

  it('delayMs holds each response back', async () => {
    server.setFaults({ delayMs: 150 });

    const startedMs = Date.now();
    const result = await statusOf(server);
    const elapsedMs = Date.now() - startedMs;

    assert.equal(result.status, 200);
    // A lower bound only: the delay is a minimum wait, so this cannot fail on a slow machine.
    assert.ok(elapsedMs >= 140, `waited ${elapsedMs} ms`);
  });

  it('requestsPerMinute answers 429 past the budget', async () => {
    server.setFaults({ requestsPerMinute: 3 });

    const results = [];
    for (let request = 0; request < 4; request++) {
      results.push(await statusOf(server));
    }

    assert.deepEqual(
      results.map((result) => result.status),
      [200, 200, 200, 429],
    );
    // One token refills every 20 s at 3 per minute.
    const retryAfterSeconds = Number(results[3]?.retryAfter);
    assert.ok(
      retryAfterSeconds >= 1 && retryAfterSeconds <= 20,
      `Retry-After ${retryAfterSeconds}`,
    );
  });

  it('faults apply after auth', async () => {
    server.setFaults({ serverError: { count: 1, status: 503 } });

    const unauthenticated = await fetch(new URL(PATH, server.url));
    const authenticated = await statusOf(server);

    assert.equal(unauthenticated.status, 401);
    assert.equal(authenticated.status, 503);
  });

  it('setFaults with nothing clears faults', async () => {
    server.setFaults({ serverError: { count: 5, status: 500 } });
    server.setFaults({});

    assert.deepEqual(await statuses(server, 2), [200, 200]);
  });

  it('requestLog counts faulted requests', async () => {
    const before = server.requestLog.length;
    server.setFaults({ rateLimit: { count: 1, retryAfterSeconds: 2 } });

    await statuses(server, 2);

    assert.deepEqual(
      server.requestLog.slice(before).map((entry) => entry.status),
      [429, 200],
    );
  });
});
