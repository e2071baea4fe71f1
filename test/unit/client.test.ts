import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LangfuseClient, type LangfuseClientOptions } from '../../src/langfuse/client';
import { LangfuseError } from '../../src/langfuse/errors';
import type { Logger } from '../../src/langfuse/http';
import { normalizeV2Observation } from '../../src/langfuse/normalize';
import type { Observation, TimeRange } from '../../src/langfuse/types';
import { startServer, type RunningServer } from '../../src/server/server';

const END_MS = Date.UTC(2026, 10, 30);
const DATA = { seed: 11, observations: 6000, days: 3, endMs: END_MS };
const RANGE: TimeRange = { fromMs: END_MS - 2 * 86_400_000, toMs: END_MS };
const FAST_RETRY = { baseBackoffMs: 5, maxBackoffMs: 20 };

class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  debug = (message: string): void => void this.lines.push(`debug ${message}`);
  info = (message: string): void => void this.lines.push(`info ${message}`);
  warn = (message: string): void => void this.lines.push(`warn ${message}`);
  error = (message: string): void => void this.lines.push(`error ${message}`);
}

async function collect(client: LangfuseClient, range = RANGE): Promise<Observation[]> {
  const result: Observation[] = [];
  for await (const page of client.observationPages(range)) {
    result.push(...page);
  }
  return result;
}

async function expectError(
  promise: Promise<unknown>,
  kind: LangfuseError['kind'],
): Promise<LangfuseError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LangfuseError, `expected a LangfuseError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    return error;
  }
  assert.fail(`expected a ${kind} error`);
}

describe('LangfuseClient', function () {
  let server: RunningServer;
  let expectedIds: string[];
  const clients: LangfuseClient[] = [];

  function client(overrides: Partial<LangfuseClientOptions> = {}): LangfuseClient {
    const created = new LangfuseClient({
      baseUrl: server.url,
      publicKey: server.publicKey,
      secretKey: server.secretKey,
      retry: FAST_RETRY,
      ...overrides,
    });
    clients.push(created);
    return created;
  }

  before(async () => {
    server = await startServer({ data: DATA });
    expectedIds = [...server.dataset.observationsV2(RANGE.fromMs, RANGE.toMs)].map((raw) =>
      String(raw.id),
    );
  });

  beforeEach(() => {
    server.setFaults({});
    server.requestLog.length = 0;
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((created) => created.close()));
  });

  after(async () => {
    await server.close();
  });

  it('reads every observation in the range through v2', async () => {
    const langfuse = client();
    const observations = await collect(langfuse);

    assert.ok(expectedIds.length > 2000, 'the range should span several pages');
    assert.deepEqual(
      observations.map((o) => o.id),
      expectedIds,
    );
    assert.equal(langfuse.observationsApiVersion, 'v2');
    assert.equal(langfuse.requestCount, Math.ceil(expectedIds.length / 1000));
    assert.ok(
      observations.every((o) => o.startTimeMs >= RANGE.fromMs && o.startTimeMs < RANGE.toMs),
    );
  });

  it('sends the time range and field groups', async () => {
    await collect(client());
    const first = new URLSearchParams(server.requestLog[0]?.query);

    assert.equal(server.requestLog[0]?.path, '/api/public/v2/observations');
    assert.equal(first.get('fromStartTime'), new Date(RANGE.fromMs).toISOString());
    assert.equal(first.get('toStartTime'), new Date(RANGE.toMs).toISOString());
    assert.equal(first.get('limit'), '1000');
    assert.equal(first.get('fields'), 'core,basic,model,usage,prompt,trace_context');
  });

  it('normalizes like the generator data', async () => {
    const observations = await collect(client());
    const raw = [...server.dataset.observationsV2(RANGE.fromMs, RANGE.toMs)];
    const generation = raw.findIndex((item) => item.type === 'GENERATION');

    assert.ok(generation >= 0);
    assert.deepEqual(observations[generation], normalizeV2Observation(raw[generation]!));
  });

  it('waits for Retry-After on 429 and completes', async () => {
    server.setFaults({ rateLimit: { count: 2, retryAfterSeconds: 1 } });
    const logger = new RecordingLogger();
    const langfuse = client({ logger });
    const startedAt = Date.now();

    const observations = await collect(langfuse);

    assert.equal(observations.length, expectedIds.length);
    assert.equal(langfuse.requestCount, Math.ceil(expectedIds.length / 1000) + 2);
    assert.ok(Date.now() - startedAt >= 1900, 'the client must wait the Retry-After seconds');
    assert.equal(
      logger.lines.filter((line) => line.startsWith('warn') && line.includes('429')).length,
      2,
    );
  });

  it('retries 5xx answers and completes', async () => {
    server.setFaults({ serverError: { count: 3, status: 503 } });
    const langfuse = client();

    const observations = await collect(langfuse);

    assert.deepEqual(
      observations.map((o) => o.id),
      expectedIds,
    );
    assert.equal(langfuse.requestCount, Math.ceil(expectedIds.length / 1000) + 3);
  });

  it('retries a cut-off response and completes', async () => {
    server.setFaults({ truncate: { count: 2 } });
    const langfuse = client();

    const observations = await collect(langfuse);

    assert.deepEqual(
      observations.map((o) => o.id),
      expectedIds,
    );
    assert.equal(langfuse.requestCount, Math.ceil(expectedIds.length / 1000) + 2);
  });

  it('gives up after maxRetries on persistent 5xx', async () => {
    server.setFaults({ serverError: { count: 100, status: 502 } });
    const langfuse = client({ maxRetries: 2 });

    const error = await expectError(collect(langfuse), 'http');

    assert.equal(langfuse.requestCount, 3);
    assert.equal(error.status, 502);
    assert.match(error.message, /502/);
  });

  it('fails on a 429 that asks for too long a wait', async () => {
    server.setFaults({ rateLimit: { count: 1, retryAfterSeconds: 3600 } });
    const langfuse = client();

    const error = await expectError(collect(langfuse), 'rate-limited');

    assert.equal(langfuse.requestCount, 1);
    assert.match(error.message, /3600 s/);
  });

  it('reports rejected keys without retrying or leaking', async () => {
    const secretKey = 'sk-lf-wrong-0123456789';
    const logger = new RecordingLogger();
    const langfuse = client({ secretKey, logger });

    const error = await expectError(collect(langfuse), 'auth');

    assert.equal(langfuse.requestCount, 1);
    assert.equal(error.status, 401);
    assert.match(error.message, /keys were rejected by 127\.0\.0\.1:\d+/);
    assert.ok(!error.message.includes(secretKey));
    assert.ok(!JSON.stringify(logger.lines).includes(secretKey));
    assert.ok(!String(error.stack).includes(secretKey));
  });

  it('does not retry a 400', async () => {
    const langfuse = client({ pageSize: 1000, fieldGroups: ['core', 'no-such-group'] });

    const error = await expectError(collect(langfuse), 'http');

    assert.equal(error.status, 400);
    assert.equal(langfuse.requestCount, 1);
  });

  it('times out a slow response', async () => {
    server.setFaults({ delayMs: 400 });
    const langfuse = client({ timeoutMs: 100, maxRetries: 1 });

    const error = await expectError(collect(langfuse), 'timeout');

    assert.match(error.message, /timed out after 0\.1 s/);
    assert.equal(langfuse.requestCount, 2);
  });

  it('stops when the signal aborts', async () => {
    server.setFaults({ delayMs: 300 });
    const controller = new AbortController();
    const langfuse = client();
    setTimeout(() => controller.abort(), 50);

    const pages = langfuse.observationPages(RANGE, controller.signal);
    const error = await expectError(
      (async () => {
        for await (const page of pages) {
          void page;
        }
      })(),
      'cancelled',
    );

    assert.match(error.message, /cancelled/);
    assert.equal(langfuse.requestCount, 1);
  });

  it('reads scores through v3', async () => {
    const langfuse = client();
    let count = 0;
    for await (const page of langfuse.scorePages(RANGE)) {
      count += page.length;
      for (const score of page) {
        assert.ok(score.traceId, 'every generated score has a trace');
      }
    }

    assert.ok(count > 0);
    assert.ok(server.requestLog.every((entry) => entry.path === '/api/public/v3/scores'));
  });

  it('checks credentials', async () => {
    await client().checkCredentials();
    await expectError(client({ publicKey: 'pk-lf-other' }).checkCredentials(), 'auth');
  });

  it('rejects an invalid base URL naming it', () => {
    assert.throws(
      () => client({ baseUrl: 'ftp://example.invalid' }),
      (error: unknown) =>
        error instanceof LangfuseError &&
        error.kind === 'invalid-base-url' &&
        error.message.includes('"ftp://example.invalid"'),
    );
  });
});

describe('LangfuseClient on a v1-only server', () => {
  let server: RunningServer;

  before(async () => {
    server = await startServer({ data: DATA, v1Only: true });
  });

  after(async () => {
    await server.close();
  });

  it('falls back to v1 and reads the same observations', async () => {
    const logger = new RecordingLogger();
    const langfuse = new LangfuseClient({
      baseUrl: server.url,
      publicKey: server.publicKey,
      secretKey: server.secretKey,
      logger,
    });

    const observations = await collect(langfuse);
    await langfuse.close();
    const expected = [...server.dataset.observationsV2(RANGE.fromMs, RANGE.toMs)].map((raw) =>
      normalizeV2Observation(raw),
    );

    assert.equal(langfuse.observationsApiVersion, 'v1');
    assert.ok(logger.lines.some((line) => line.includes('falling back to the v1 endpoints')));
    assert.equal(server.requestLog[0]?.path, '/api/public/v2/observations');
    assert.equal(server.requestLog[0]?.status, 404);
    assert.equal(observations.length, expected.length);

    const byId = new Map(observations.map((o) => [o.id, o]));
    for (const want of expected) {
      const got = byId.get(want.id);
      assert.ok(got, `observation ${want.id} missing`);
      assert.equal(got.traceId, want.traceId);
      assert.equal(got.startTimeMs, want.startTimeMs);
      assert.equal(got.endTimeMs, want.endTimeMs);
      assert.equal(got.model, want.model);
      assert.equal(got.totalCostUsd, want.totalCostUsd);
      assert.deepEqual(got.usageDetails, want.usageDetails);
      assert.equal(got.userId, want.userId);
      assert.equal(got.sessionId, want.sessionId);
      assert.equal(got.traceName, want.traceName);
    }
  });
});

describe('LangfuseClient against other servers', () => {
  const servers: Array<http.Server | https.Server> = [];

  async function listen(server: http.Server | https.Server): Promise<number> {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  });

  function clientFor(baseUrl: string): LangfuseClient {
    return new LangfuseClient({
      baseUrl,
      publicKey: 'pk-lf-x',
      secretKey: 'sk-lf-secret-value',
      retry: FAST_RETRY,
      maxRetries: 1,
    });
  }

  it('names an unreachable host', async () => {
    const port = await listen(http.createServer());
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));

    const error = await expectError(collect(clientFor(`http://127.0.0.1:${port}`)), 'unreachable');

    assert.match(error.message, /Cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('recognises a web page that is not Langfuse', async () => {
    const port = await listen(
      http.createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<!doctype html><html><body>Welcome</body></html>');
      }),
    );

    const error = await expectError(collect(clientFor(`http://127.0.0.1:${port}`)), 'not-langfuse');

    assert.match(error.message, /HTML page/);
  });

  it('names the endpoint of a body that is not JSON', async () => {
    const port = await listen(
      http.createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"data": [');
      }),
    );

    const error = await expectError(
      collect(clientFor(`http://127.0.0.1:${port}`)),
      'invalid-response',
    );

    assert.match(error.message, /\/api\/public\/v2\/observations/);
  });

  it('names a body without a data array', async () => {
    const port = await listen(
      http.createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"items": []}');
      }),
    );

    const error = await expectError(
      collect(clientFor(`http://127.0.0.1:${port}`)),
      'invalid-response',
    );

    assert.match(error.message, /"data" array/);
  });

  it('stops on a repeated cursor', async () => {
    const port = await listen(
      http.createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"data": [], "meta": {"cursor": "same-cursor"}}');
      }),
    );
    const langfuse = clientFor(`http://127.0.0.1:${port}`);

    const error = await expectError(collect(langfuse), 'invalid-response');

    assert.match(error.message, /already returned/);
    assert.equal(langfuse.requestCount, 2);
  });

  it('does not fall back to v1 on a server that is not Langfuse', async () => {
    const paths: string[] = [];
    const port = await listen(
      http.createServer((request, response) => {
        paths.push(String(request.url).split('?')[0] ?? '');
        response.writeHead(404, { 'content-type': 'text/html' });
        response.end('<html>Not found</html>');
      }),
    );

    const error = await expectError(collect(clientFor(`http://127.0.0.1:${port}`)), 'not-langfuse');

    assert.match(error.message, /health/);
    assert.deepEqual(paths, ['/api/public/v2/observations', '/api/public/health']);
  });

  it('trims whitespace around the keys', async () => {
    let authorization = '';
    const port = await listen(
      http.createServer((request, response) => {
        authorization = String(request.headers.authorization);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"data": [], "meta": {}}');
      }),
    );
    const langfuse = new LangfuseClient({
      baseUrl: `http://127.0.0.1:${port}`,
      publicKey: ' pk-lf-x ',
      secretKey: 'sk-lf-y\n',
    });

    await collect(langfuse);
    await langfuse.close();

    assert.equal(authorization, `Basic ${Buffer.from('pk-lf-x:sk-lf-y').toString('base64')}`);
  });

  it('masks a password in an invalid base URL', () => {
    assert.throws(
      () => clientFor('ftp://user:hunter2@127.0.0.1/'),
      (error: unknown) =>
        error instanceof LangfuseError &&
        !error.message.includes('hunter2') &&
        error.message.includes('***@'),
    );
  });

  it('reports a TLS failure', async function () {
    const folder = mkdtempSync(join(tmpdir(), 'trace-insight-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-keyout',
          join(folder, 'key.pem'),
          '-out',
          join(folder, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
    } catch {
      this.skip();
    }
    const port = await listen(
      https.createServer(
        {
          key: readFileSync(join(folder, 'key.pem')),
          cert: readFileSync(join(folder, 'cert.pem')),
        },
        (_request, response) => response.end('{}'),
      ),
    );

    const error = await expectError(collect(clientFor(`https://127.0.0.1:${port}`)), 'tls');

    assert.match(
      error.message,
      /TLS connection to 127\.0\.0\.1:\d+ failed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/,
    );
  });
});
