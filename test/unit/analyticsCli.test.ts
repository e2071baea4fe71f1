import * as assert from 'node:assert/strict';
import { AnalyticsBuilder } from '../../src/analytics/analyticsBuilder';
import { parseDimension } from '../../src/analytics/dimensions';
import { parseFilter } from '../../src/analytics/filters';
import { normalizeV2Observation } from '../../src/langfuse/normalize';
import { ReportBuilder } from '../../src/metrics';
import { startServer, type RunningServer } from '../../src/server/server';
import { runCliInProcess } from './cliSupport';

const END_MS = Date.UTC(2026, 10, 30, 12);

describe('report --json analytics', function () {
  let server: RunningServer;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    server = await startServer({
      data: { seed: 7, observations: 4000, days: 4, endMs: END_MS, timeZone: 'Europe/Berlin' },
    });
    env = {
      LANGFUSE_PUBLIC_KEY: server.publicKey,
      LANGFUSE_SECRET_KEY: server.secretKey,
      LANGFUSE_BASE_URL: server.url,
    };
  });

  after(async () => {
    await server?.close();
  });

  it('matches the builder on the same data', async () => {
    const from = '2026-11-27T00:00:00+01:00';
    const to = '2026-11-30T00:00:00+01:00';
    const filter = 'environment = production';
    const result = await runCliInProcess(
      [
        'report',
        '--json',
        '--from',
        from,
        '--to',
        to,
        '--time-zone',
        'Europe/Berlin',
        '--group-by',
        'model,traceName,tag',
        '--granularity',
        'hour',
        '--filter',
        filter,
      ],
      env,
    );

    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout);

    const range = { fromMs: Date.parse(from), toMs: Date.parse(to) };
    const filters = [parseFilter(filter)];
    const expected = new AnalyticsBuilder({
      range,
      timeZone: 'Europe/Berlin',
      granularity: 'hour',
      dimensions: ['model', 'traceName', 'tag'].map(parseDimension),
      filters,
      breakdown: { baseUrl: `${server.url}/` },
    });
    const report = new ReportBuilder({ range, timeZone: 'Europe/Berlin' });
    let production = 0;
    for (const raw of server.dataset.observationsV2(range.fromMs, range.toMs)) {
      const observation = normalizeV2Observation(raw);
      expected.add(observation);
      if (observation.environment === 'production') {
        report.add(observation);
        production++;
      }
    }
    const analytics = expected.build();

    assert.ok(production > 100);
    assert.ok(analytics.filteredOutObservations > 0);
    assert.equal(output.observations, production);
    assert.deepEqual(output.cost, JSON.parse(JSON.stringify(report.build().cost)));
    assert.equal(output.analytics.observations, production);
    assert.deepEqual(output.analytics.breakdowns, JSON.parse(JSON.stringify(analytics.breakdowns)));
    assert.deepEqual(output.analytics.timeSeries, JSON.parse(JSON.stringify(analytics.timeSeries)));
    assert.equal(output.analytics.timeSeries.length, 72);
    assert.deepEqual(output.analytics.filters, [filter]);
  });

  it('sends the environment filter to the API', async () => {
    server.requestLog.length = 0;
    const result = await runCliInProcess(
      ['report', '--json', '--to', '2026-11-30', '--filter', 'environment = staging'],
      env,
    );

    assert.equal(result.code, 0, result.stderr);
    const request = server.requestLog.find((entry) => entry.path === '/api/public/v2/observations');
    assert.match(request?.query ?? '', /environment=staging/);
    assert.ok(server.requestLog.some((entry) => entry.path === '/api/public/models'));
    assert.ok(server.requestLog.some((entry) => entry.path === '/api/public/v3/scores'));
  });

  it('keeps the plain report without analytics options', async () => {
    const result = await runCliInProcess(['report', '--json', '--to', '2026-11-30'], env);

    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).analytics, undefined);
  });

  const usageCases: [string, string[], RegExp][] = [
    ['granularity', ['--granularity', 'year'], /--granularity year is invalid/],
    ['filter', ['--filter', 'model >= 2'], /model takes =, != or in/],
    ['range name', ['--range', 'lastYear'], /--range lastYear is invalid/],
    ['range with from', ['--range', 'last7Days', '--from', '2026-11-01'], /cannot be combined/],
    ['group-by', ['--group-by', 'colour'], /Unknown dimension "colour"/],
  ];
  for (const [name, args, message] of usageCases) {
    it(`exits 2 for an invalid ${name}`, async () => {
      const result = await runCliInProcess(['report', '--json', ...args], env);

      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
    });
  }
});
