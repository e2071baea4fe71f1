import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyticsFromMetrics } from '../../src/analytics/metricsAnalytics';
import { MetricsCache } from '../../src/analytics/metricsCache';
import { analyseWithMetricsApi, chooseMetricsPath } from '../../src/analytics/metricsPath';
import { analyseSource } from '../../src/analytics/sourceAnalysis';
import { LangfuseClient, type Logger } from '../../src/langfuse/client';
import { SampleSource } from '../../src/langfuse/sampleSource';
import type { TimeRange } from '../../src/langfuse/types';
import type { Report } from '../../src/metrics/types';
import { startServer, type RunningServer } from '../../src/server/server';
import { runCliInProcess, type CliResult } from './cliSupport';

const DAY_MS = 86_400_000;
const END_MS = Date.UTC(2026, 9, 1);
const DATA = { seed: 23, observations: 6000, days: 60, endMs: END_MS, timeZone: 'UTC' };
/** 45 whole UTC days, all closed at NOW_MS. */
const RANGE: TimeRange = { fromMs: END_MS - 46 * DAY_MS, toMs: END_MS - DAY_MS };
const NOW_MS = END_MS + DAY_MS;
const METRICS_PATH = '/api/public/v2/metrics';

function metricsRequests(server: RunningServer): number {
  return server.requestLog.filter((entry) => entry.path === METRICS_PATH).length;
}

function clientOf(server: RunningServer): LangfuseClient {
  return new LangfuseClient({
    baseUrl: server.url,
    publicKey: server.publicKey,
    secretKey: server.secretKey,
    maxRetries: 0,
  });
}

function recordingLogger(lines: string[]): Logger {
  return {
    debug: () => undefined,
    info: (line) => lines.push(line),
    warn: (line) => lines.push(line),
    error: (line) => lines.push(line),
  };
}

function assertClose(actual: number, expected: number, label: string): void {
  const tolerance = 1e-9 * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: ${actual} vs ${expected}`);
}

describe('metrics API path choice', () => {
  const long: TimeRange = { fromMs: 0, toMs: 40 * DAY_MS };
  const short: TimeRange = { fromMs: 0, toMs: 7 * DAY_MS };
  const client = new LangfuseClient({
    baseUrl: 'http://127.0.0.1:9',
    publicKey: 'pk',
    secretKey: 'sk',
  });
  const sample = new SampleSource({ seed: 1, observations: 10, days: 1, timeZone: 'UTC' });

  after(() => client.close());

  const cases: { name: string; use: boolean; args: Parameters<typeof chooseMetricsPath> }[] = [
    { name: 'auto long', use: true, args: [client, { range: long, mode: 'auto', filterCount: 0 }] },
    {
      name: 'auto short',
      use: false,
      args: [client, { range: short, mode: 'auto', filterCount: 0 }],
    },
    {
      name: 'always short',
      use: true,
      args: [client, { range: short, mode: 'always', filterCount: 0 }],
    },
    {
      name: 'never long',
      use: false,
      args: [client, { range: long, mode: 'never', filterCount: 0 }],
    },
    {
      name: 'filters',
      use: false,
      args: [client, { range: long, mode: 'always', filterCount: 1 }],
    },
    {
      name: 'sample data',
      use: false,
      args: [sample, { range: long, mode: 'always', filterCount: 0 }],
    },
  ];
  for (const { name, use, args } of cases) {
    it(`choice: ${name}`, () => {
      assert.equal(chooseMetricsPath(...args).use, use);
    });
  }
});

describe('metrics API figures to analytics', () => {
  const figure = {
    model: 'gpt-4o',
    observations: 2,
    costUsd: 0.5,
    inputTokens: 10,
    outputTokens: 4,
    totalTokens: 14,
  };
  // From 22:00 UTC on 1 Oct to 02:00 UTC on 3 Oct: parts of three UTC days.
  const range: TimeRange = {
    fromMs: Date.UTC(2026, 9, 1, 22),
    toMs: Date.UTC(2026, 9, 3, 2),
  };
  const nowMs = Date.UTC(2026, 9, 3, 1);
  const figures = [
    { ...figure, day: '2026-10-01' },
    { ...figure, day: '2026-10-03', model: 'gpt-4o-mini', costUsd: 0.25 },
  ];

  it('days are the UTC days', () => {
    const analytics = analyticsFromMetrics(figures, {}, {}, range, 'UTC', nowMs);
    assert.deepEqual(
      analytics.days.map((point) => point.day),
      ['2026-10-01', '2026-10-02', '2026-10-03'],
    );
    assert.equal(analytics.days[0]?.costUsd, 0.5);
    assert.equal(analytics.days[1]?.costUsd, 0);
    assert.deepEqual(analytics.days[2]?.costByModel, { 'gpt-4o-mini': 0.25 });
    assert.equal(analytics.report.cost.total, 0.75);
    assert.deepEqual(analytics.report.tokens, { input: 20, output: 8, total: 28 });
    assert.deepEqual(
      analytics.byModel.map((group) => group.key),
      ['gpt-4o', 'gpt-4o-mini'],
    );
  });

  it('today only in UTC', () => {
    const utc = analyticsFromMetrics(figures, {}, {}, range, 'UTC', nowMs);
    const berlin = analyticsFromMetrics(figures, {}, {}, range, 'Europe/Berlin', nowMs);
    assert.equal(utc.today?.day, '2026-10-03');
    assert.equal(berlin.today, undefined);
  });
});

describe('metrics API analytics', () => {
  let server: RunningServer;
  let client: LangfuseClient;

  before(async () => {
    server = await startServer({ data: DATA });
    client = clientOf(server);
  });

  after(async () => {
    await client.close();
    await server.close();
  });

  function analyse(cache: MetricsCache, lines: string[] = [], nowMs = NOW_MS) {
    return analyseWithMetricsApi(client, {
      range: RANGE,
      timeZone: 'UTC',
      nowMs,
      mode: 'auto',
      filterCount: 0,
      cache,
      logger: recordingLogger(lines),
    });
  }

  it('same figures as streaming', async () => {
    const viaMetrics = await analyse(new MetricsCache());
    const streamed = await analyseSource(
      client,
      { range: RANGE, timeZone: 'UTC' },
      { nowMs: NOW_MS },
    );
    assert.ok(viaMetrics, 'the metrics path returned null');
    const actual = viaMetrics.analytics;
    const expected = streamed.analytics;

    assert.equal(actual.report.observations, expected.report.observations);
    assert.deepEqual(actual.report.tokens, expected.report.tokens);
    assertClose(actual.report.cost.total, expected.report.cost.total, 'cost total');
    assert.deepEqual(
      Object.keys(actual.report.cost.byModel).sort(),
      Object.keys(expected.report.cost.byModel).sort(),
    );
    for (const [model, costUsd] of Object.entries(expected.report.cost.byModel)) {
      assertClose(actual.report.cost.byModel[model] as number, costUsd, model);
    }
    assert.deepEqual(
      actual.days.map((point) => point.day),
      expected.days.map((point) => point.day),
    );
    actual.days.forEach((point, index) => {
      const other = expected.days[index];
      assert.ok(other);
      assert.equal(point.observations, other.observations, point.day);
      assert.equal(point.inputTokens, other.inputTokens, point.day);
      assert.equal(point.outputTokens, other.outputTokens, point.day);
      assertClose(point.costUsd, other.costUsd, point.day);
    });
    assert.ok(actual.report.observations > 3000, `${actual.report.observations} observations`);
  });

  it('latency by type within sketch tolerance', async () => {
    const viaMetrics = await analyse(new MetricsCache());
    const streamed = await analyseSource(
      client,
      { range: RANGE, timeZone: 'UTC' },
      { nowMs: NOW_MS },
    );
    assert.ok(viaMetrics);
    const types = Object.keys(streamed.analytics.latencyByType).sort();
    assert.deepEqual(Object.keys(viaMetrics.analytics.latencyByType).sort(), types);
    for (const type of types) {
      const exact = viaMetrics.analytics.latencyByType[type]?.p95 as number;
      const sketched = streamed.analytics.latencyByType[type]?.p95 as number;
      // The sketch guarantees 1% relative error; the API's milliseconds add up to 0.5 ms.
      assert.ok(
        Math.abs(sketched - exact) <= 0.01 * exact + 0.0005,
        `${type}: ${sketched} vs ${exact}`,
      );
    }
  });

  it('unavailable figures are listed', async () => {
    const viaMetrics = await analyse(new MetricsCache());
    assert.ok(viaMetrics);
    assert.equal(viaMetrics.metricsApi.dayTimeZone, 'UTC');
    for (const figure of ['traces', 'users', 'sessions', 'error traces and error rate']) {
      assert.ok(viaMetrics.metricsApi.unavailable.includes(figure), figure);
    }
    assert.equal(viaMetrics.analytics.report.latency.traces, null);
  });

  it('second load sends no request', async () => {
    const cache = new MetricsCache();
    const before = metricsRequests(server);
    const first = await analyse(cache);
    assert.equal(first?.metricsApi.requests, 3);
    assert.equal(metricsRequests(server) - before, 3);

    const lines: string[] = [];
    const second = await analyse(cache, lines);
    assert.equal(metricsRequests(server) - before, 3);
    assert.equal(second?.metricsApi.requests, 0);
    assert.equal(second?.metricsApi.requestsToday, 3);
    assert.ok(
      lines.includes(
        '[metrics] cost, tokens and observations by model/day: Metrics API v2 (cache hit)',
      ),
      lines.join('\n'),
    );
    assertClose(
      second?.analytics.report.cost.total as number,
      first?.analytics.report.cost.total as number,
      'cost total',
    );
  });

  it('range ending now reuses the cache', async () => {
    const cache = new MetricsCache();
    const nowMs = END_MS - 12 * 3_600_000;
    const options = { timeZone: 'UTC', mode: 'auto' as const, filterCount: 0, cache };
    const before = metricsRequests(server);
    const first = await analyseWithMetricsApi(client, {
      ...options,
      range: { fromMs: RANGE.fromMs, toMs: nowMs },
      nowMs,
    });
    assert.equal(first?.metricsApi.requests, 4);

    // Five minutes later the range ends five minutes later, within the 15-minute TTL.
    const later = nowMs + 5 * 60_000;
    const second = await analyseWithMetricsApi(client, {
      ...options,
      range: { fromMs: RANGE.fromMs, toMs: later },
      nowMs: later,
    });
    assert.equal(second?.metricsApi.requests, 0);
    assert.equal(metricsRequests(server) - before, 4);
  });

  it('request count survives a restart', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-metrics-path-'));
    try {
      const file = path.join(folder, 'metrics-cache.json');
      await analyse(new MetricsCache(file));
      const reloaded = new MetricsCache(file);
      assert.equal(reloaded.requestsOn(NOW_MS), 3);
      assert.equal(reloaded.requestsOn(NOW_MS + DAY_MS), 0);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('server error falls back', async () => {
    const lines: string[] = [];
    server.setFaults({ serverError: { count: 1, status: 500 } });
    try {
      const result = await analyse(new MetricsCache(), lines);
      assert.equal(result, null);
    } finally {
      server.setFaults({});
    }
    assert.ok(
      lines.some((line) =>
        line.startsWith('[metrics] all figures: streaming observations (the Metrics API v2 failed'),
      ),
      lines.join('\n'),
    );
  });
});

describe('metrics API on a v1-only server', () => {
  it('404 falls back to streaming', async () => {
    const server = await startServer({ data: DATA, v1Only: true });
    const client = clientOf(server);
    try {
      const lines: string[] = [];
      const result = await analyseWithMetricsApi(client, {
        range: RANGE,
        timeZone: 'UTC',
        nowMs: NOW_MS,
        mode: 'always',
        filterCount: 0,
        cache: new MetricsCache(),
        logger: recordingLogger(lines),
      });
      assert.equal(result, null);
      const entries = server.requestLog.filter((entry) => entry.path === METRICS_PATH);
      assert.equal(entries.length, 1);
      assert.equal(entries[0]?.status, 404);
      assert.ok(
        lines.some((line) => line.includes('answered 404')),
        lines.join('\n'),
      );
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe('report --metrics-api', () => {
  let server: RunningServer;
  let env: NodeJS.ProcessEnv;
  let folder: string;

  before(async () => {
    server = await startServer({ data: DATA });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-metrics-cli-'));
    env = {
      LANGFUSE_PUBLIC_KEY: server.publicKey,
      LANGFUSE_SECRET_KEY: server.secretKey,
      LANGFUSE_BASE_URL: server.url,
      TRACE_INSIGHT_METRICS_CACHE: folder,
    };
  });

  after(async () => {
    await server.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function run(args: string[]): Promise<CliResult> {
    return runCliInProcess(args, env);
  }

  const range = [
    '--from',
    new Date(RANGE.fromMs).toISOString(),
    '--to',
    new Date(RANGE.toMs).toISOString(),
    '--time-zone',
    'UTC',
    '--json',
  ];

  it('json cost equals streaming', async () => {
    const streamed = await run(['report', ...range]);
    const viaMetrics = await run(['report', ...range, '--metrics-api', 'always']);
    assert.equal(streamed.code, 0, streamed.stderr);
    assert.equal(viaMetrics.code, 0, viaMetrics.stderr);
    const expected = JSON.parse(streamed.stdout) as Report & { metricsApi?: unknown };
    const actual = JSON.parse(viaMetrics.stdout) as Report & { metricsApi?: { requests: number } };
    assert.equal(expected.metricsApi, undefined);
    assert.ok(actual.metricsApi);
    assert.equal(actual.observations, expected.observations);
    assertClose(actual.cost.total, expected.cost.total, 'cost total');
  });

  it('cache folder from the env', async () => {
    const before = metricsRequests(server);
    const result = await run(['report', ...range, '--metrics-api', 'always']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(metricsRequests(server), before);
    assert.ok(fs.existsSync(path.join(folder, 'metrics-cache.json')));
  });

  it('--no-cache sends the queries', async () => {
    const before = metricsRequests(server);
    const result = await run(['report', ...range, '--metrics-api', 'always', '--no-cache']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(metricsRequests(server) - before, 3);
  });

  it('invalid mode is a usage error', async () => {
    const result = await run(['report', ...range, '--metrics-api', 'sometimes']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /--metrics-api sometimes is invalid/);
  });
});
