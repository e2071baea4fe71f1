import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dailyModelFigures, type DailyModelFigure } from '../../src/analytics/dailyModelFigures';
import { MetricsCache } from '../../src/analytics/metricsCache';
import { latencyP95ByModel } from '../../src/analytics/modelLatency';
import { LangfuseClient } from '../../src/langfuse/client';
import { queryMetrics, type MetricsQuery } from '../../src/langfuse/metricsApi';
import { startServer, type RunningServer } from '../../src/server/server';
import { assertMatchesSpec } from '../support/openapi';

const DAY_MS = 86_400_000;
const END_MS = Date.UTC(2026, 9, 1);
const DATA = { seed: 11, observations: 8000, days: 40, endMs: END_MS, timeZone: 'UTC' };
/** 35 whole UTC days, all closed at NOW_MS. */
const RANGE = { fromMs: END_MS - 36 * DAY_MS, toMs: END_MS - DAY_MS };
const NOW_MS = END_MS + DAY_MS;

function metricsRequests(server: RunningServer): number {
  return server.requestLog.filter((entry) => entry.path === '/api/public/v2/metrics').length;
}

/** Asserts two figure lists match row for row, sums within a relative 1e-9 of each other. */
function assertSameFigures(actual: DailyModelFigure[], expected: DailyModelFigure[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((figure, index) => {
    const other = expected[index] as DailyModelFigure;
    assert.equal(figure.day, other.day);
    assert.equal(figure.model, other.model);
    assert.equal(figure.observations, other.observations, `${figure.day} ${figure.model}`);
    assert.equal(figure.inputTokens, other.inputTokens, `${figure.day} ${figure.model}`);
    assert.equal(figure.outputTokens, other.outputTokens, `${figure.day} ${figure.model}`);
    assert.equal(figure.totalTokens, other.totalTokens, `${figure.day} ${figure.model}`);
    const tolerance = 1e-9 * Math.max(1, Math.abs(other.costUsd));
    assert.ok(
      Math.abs(figure.costUsd - other.costUsd) <= tolerance,
      `${figure.day} ${figure.model}: ${figure.costUsd} vs ${other.costUsd}`,
    );
  });
}

describe('metrics API v2', () => {
  let server: RunningServer;
  let client: LangfuseClient;

  before(async () => {
    server = await startServer({ data: DATA });
    client = new LangfuseClient({
      baseUrl: server.url,
      publicKey: server.publicKey,
      secretKey: server.secretKey,
    });
  });

  after(async () => {
    await client.close();
    await server.close();
  });

  function query(overrides: Partial<MetricsQuery> = {}): MetricsQuery {
    return {
      view: 'observations',
      metrics: [{ measure: 'count', aggregation: 'count' }],
      fromTimestamp: new Date(RANGE.fromMs).toISOString(),
      toTimestamp: new Date(RANGE.toMs).toISOString(),
      ...overrides,
    };
  }

  it('route response matches the spec', async () => {
    const response = await client.getJson('/api/public/v2/metrics', {
      query: JSON.stringify(
        query({
          dimensions: [{ field: 'providedModelName' }],
          timeDimension: { granularity: 'day' },
        }),
      ),
    });
    assert.equal(response.status, 200);
    assertMatchesSpec('/api/public/v2/metrics', 200, response.body);
  });

  it('route count equals the observations', async () => {
    const rows = await queryMetrics(client, query());
    const expected = [...server.dataset.observationsV2(RANGE.fromMs, RANGE.toMs)].length;
    assert.equal(rows?.length, 1);
    assert.equal(rows?.[0]?.count_count, expected);
  });

  it('route rejects a high-cardinality dimension', async () => {
    await assert.rejects(
      queryMetrics(client, query({ dimensions: [{ field: 'userId' }] })),
      /400: .*Dimension userId is high cardinality/,
    );
  });

  it('route rejects the traces view', async () => {
    await assert.rejects(
      queryMetrics(client, { ...query(), view: 'traces' as MetricsQuery['view'] }),
      /400: .*Invalid view .*traces/,
    );
  });

  it('both paths give the same figures', async () => {
    const viaMetrics = await dailyModelFigures(client, RANGE, {
      nowMs: NOW_MS,
      cache: new MetricsCache(),
      minDaysForMetrics: 1,
    });
    const viaObservations = await dailyModelFigures(client, RANGE, {
      nowMs: NOW_MS,
      cache: new MetricsCache(),
      minDaysForMetrics: 1000,
    });
    assert.equal(viaMetrics.path, 'metrics-v2');
    assert.equal(viaObservations.path, 'observations');
    assert.ok(viaMetrics.figures.length > 35, `${viaMetrics.figures.length} figures`);
    assertSameFigures(viaMetrics.figures, viaObservations.figures);
  });

  it('p95 by model within sketch tolerance', async () => {
    const viaMetrics = await latencyP95ByModel(client, RANGE, {
      nowMs: NOW_MS,
      cache: new MetricsCache(),
      minDaysForMetrics: 1,
    });
    const viaObservations = await latencyP95ByModel(client, RANGE, {
      nowMs: NOW_MS,
      cache: new MetricsCache(),
      minDaysForMetrics: 1000,
    });
    assert.equal(viaMetrics.path, 'metrics-v2');
    assert.equal(viaObservations.path, 'observations');
    const models = Object.keys(viaMetrics.p95SecondsByModel).sort();
    assert.deepEqual(Object.keys(viaObservations.p95SecondsByModel).sort(), models);
    assert.ok(models.length >= 3, models.join(', '));
    for (const model of models) {
      const exact = viaMetrics.p95SecondsByModel[model] as number;
      const sketched = viaObservations.p95SecondsByModel[model] as number;
      // The sketch guarantees 1% relative error; the API's milliseconds add up to 0.5 ms.
      assert.ok(
        Math.abs(sketched - exact) <= 0.01 * exact + 0.0005,
        `${model}: sketch ${sketched} s, exact ${exact} s`,
      );
    }
  });

  it('closed days are queried once', async () => {
    const cache = new MetricsCache();
    const before = metricsRequests(server);
    const first = await dailyModelFigures(client, RANGE, {
      nowMs: NOW_MS,
      cache,
      minDaysForMetrics: 1,
    });
    assert.equal(first.metricsRequests, 1);
    assert.equal(cache.size, 35);

    const second = await dailyModelFigures(client, RANGE, {
      nowMs: NOW_MS + 30 * DAY_MS,
      cache,
      minDaysForMetrics: 1,
    });
    assert.equal(second.metricsRequests, 0);
    assert.equal(metricsRequests(server) - before, 1);
    assertSameFigures(second.figures, first.figures);
  });

  it('cache file survives a restart', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-metrics-cache-'));
    try {
      const file = path.join(folder, 'metrics-cache.json');
      await dailyModelFigures(client, RANGE, {
        nowMs: NOW_MS,
        cache: new MetricsCache(file),
        minDaysForMetrics: 1,
      });
      const reloaded = await dailyModelFigures(client, RANGE, {
        nowMs: NOW_MS,
        cache: new MetricsCache(file),
        minDaysForMetrics: 1,
      });
      assert.equal(reloaded.path, 'metrics-v2');
      assert.equal(reloaded.metricsRequests, 0);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('open day expires after the TTL', async () => {
    const cache = new MetricsCache(null, 60_000);
    // The range ends half-way through its last day, which is not over at nowMs.
    const range = { fromMs: RANGE.fromMs, toMs: RANGE.toMs + DAY_MS / 2 };
    const nowMs = range.toMs;
    const first = await dailyModelFigures(client, range, { nowMs, cache, minDaysForMetrics: 1 });
    assert.equal(first.metricsRequests, 2);
    const cached = await dailyModelFigures(client, range, {
      nowMs: nowMs + 59_000,
      cache,
      minDaysForMetrics: 1,
    });
    assert.equal(cached.metricsRequests, 0);
    const expired = await dailyModelFigures(client, range, {
      nowMs: nowMs + 61_000,
      cache,
      minDaysForMetrics: 1,
    });
    assert.equal(expired.metricsRequests, 1);
  });

  it('short range streams observations', async () => {
    const before = metricsRequests(server);
    const result = await dailyModelFigures(
      client,
      { fromMs: RANGE.toMs - 7 * DAY_MS, toMs: RANGE.toMs },
      { nowMs: NOW_MS, cache: new MetricsCache() },
    );
    assert.equal(result.path, 'observations');
    assert.equal(metricsRequests(server), before);
  });

  it('404 falls back to observations', async () => {
    const v1Server = await startServer({ data: DATA, v1Only: true });
    const v1Client = new LangfuseClient({
      baseUrl: v1Server.url,
      publicKey: v1Server.publicKey,
      secretKey: v1Server.secretKey,
    });
    try {
      const lines: string[] = [];
      const logger = {
        debug: () => undefined,
        info: (line: string) => lines.push(line),
        warn: () => undefined,
        error: () => undefined,
      };
      const result = await dailyModelFigures(v1Client, RANGE, {
        nowMs: NOW_MS,
        cache: new MetricsCache(),
        minDaysForMetrics: 1,
        logger,
      });
      assert.equal(result.path, 'observations');
      assert.ok(
        lines.some((line) => line.includes('answered 404')),
        lines.join('\n'),
      );
      assert.ok(
        lines.some((line) => line.includes('served by streaming')),
        lines.join('\n'),
      );
    } finally {
      await v1Client.close();
      await v1Server.close();
    }
  });
});
