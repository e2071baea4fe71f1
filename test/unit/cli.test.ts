import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normalizeV2Observation } from '../../src/langfuse/normalize';
import { ReportBuilder } from '../../src/metrics';
import { startServer, type RunningServer } from '../../src/server/server';
import { runCliBinary, runCliInProcess } from './cliSupport';

const REPO = resolve(__dirname, '..', '..', '..');
const END_MS = Date.UTC(2026, 10, 30, 12);

describe('trace-insight CLI', function () {
  let server: RunningServer;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    if (!existsSync(join(REPO, 'dist', 'cli.js'))) {
      throw new Error('dist/cli.js is missing: run "npm run build" before the unit tests');
    }
    server = await startServer({
      data: { seed: 5, observations: 8000, days: 4, endMs: END_MS, timeZone: 'Europe/Berlin' },
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

  it('prints the JSON report that the engine computes', async () => {
    const from = '2026-11-27T00:00:00+01:00';
    const to = '2026-11-30T00:00:00+01:00';
    const result = await runCliBinary(
      ['report', '--json', '--from', from, '--to', to, '--time-zone', 'Europe/Berlin'],
      env,
    );

    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);

    const range = { fromMs: Date.parse(from), toMs: Date.parse(to) };
    const builder = new ReportBuilder({ range, timeZone: 'Europe/Berlin' });
    for (const raw of server.dataset.observationsV2(range.fromMs, range.toMs)) {
      builder.add(normalizeV2Observation(raw));
    }
    const expected = builder.build();

    assert.ok(expected.observations > 1000);
    assert.deepEqual(report, JSON.parse(JSON.stringify(expected)));
    assert.deepEqual(Object.keys(report.cost.byDay), ['2026-11-27', '2026-11-28', '2026-11-29']);
    assert.equal(report.range.from, '2026-11-26T23:00:00.000Z');
    assert.equal(report.range.timeZone, 'Europe/Berlin');
  });

  it('prints a readable table by default', async () => {
    const result = await runCliBinary(['report', '--time-zone', 'UTC', '--to', '2026-11-30'], env);

    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Trace Insight report/);
    assert.match(result.stdout, /Cost: \$\d+\.\d{4} total/);
    assert.match(result.stdout, /Latency \(s\)\s+p50\s+p90\s+p95\s+p99/);
    assert.ok(!result.stdout.includes(server.secretKey));
  });

  it('takes --base-url over LANGFUSE_BASE_URL', async () => {
    const result = await runCliBinary(
      ['report', '--json', '--base-url', server.url, '--to', '2026-11-30'],
      {
        ...env,
        LANGFUSE_BASE_URL: 'http://127.0.0.1:1',
      },
    );

    assert.equal(result.code, 0, result.stderr);
  });

  it('exits 1 with one line when the keys are rejected', async () => {
    const result = await runCliBinary(['report', '--json'], {
      ...env,
      LANGFUSE_SECRET_KEY: 'sk-lf-not-the-key',
    });

    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^trace-insight: The keys were rejected by 127\.0\.0\.1:\d+/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.ok(!result.stderr.includes('sk-lf-not-the-key'));
  });

  it('exits 1 when the server is unreachable', async () => {
    const result = await runCliInProcess(['report', '--base-url', 'http://127.0.0.1:1'], env);

    assert.equal(result.code, 1);
    assert.match(result.stderr, /Cannot reach 127\.0\.0\.1:1/);
  });

  const usageErrors: Array<[string, string[], NodeJS.ProcessEnv | undefined, RegExp]> = [
    ['an unknown option', ['report', '--frm', '2026-11-01'], undefined, /unknown option '--frm'/],
    ['an unknown command', ['reprt'], undefined, /unknown command 'reprt'/],
    ['an invalid date', ['report', '--from', 'last week'], undefined, /--from "last week"/],
    ['an invalid zone', ['report', '--time-zone', 'Berlin'], undefined, /--time-zone "Berlin"/],
    [
      'a reversed range',
      ['report', '--from', '2026-12-02', '--to', '2026-12-01'],
      undefined,
      /not before/,
    ],
    ['missing keys', ['report'], {}, /LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are not set/],
    [
      'an invalid base URL',
      ['report', '--base-url', 'cloud.langfuse.com'],
      undefined,
      /Invalid Langfuse base URL "cloud\.langfuse\.com"/,
    ],
  ];

  for (const [name, args, overrideEnv, message] of usageErrors) {
    it(`exits 2 on ${name}`, async () => {
      const result = await runCliInProcess(args, overrideEnv ?? env);

      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    });
  }

  it('exits 2 from the real binary on a usage error', async () => {
    const result = await runCliBinary(['report', '--time-zone', 'Nowhere/Land'], env);

    assert.equal(result.code, 2);
    assert.match(result.stderr, /Nowhere\/Land/);
  });
});
