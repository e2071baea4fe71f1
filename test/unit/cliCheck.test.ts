import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { normalizeV2Observation } from '../../src/langfuse/normalize';
import { observationCostUsd } from '../../src/metrics/observationValues';
import { startServer, type RunningServer } from '../../src/server/server';
import { runCliBinary, runCliInProcess, type CliResult } from './cliSupport';

const REPO = resolve(__dirname, '..', '..', '..');
const END_MS = Date.UTC(2026, 10, 30, 12);
const AT = '2026-11-30T10:00:00Z';
const ZONE = 'Europe/Berlin';
// Midnight in Berlin (UTC+1 in November) on the 30th and the 29th.
const DAY_START = Date.parse('2026-11-29T23:00:00Z');
const YESTERDAY_START = Date.parse('2026-11-28T23:00:00Z');

describe('trace-insight check', function () {
  this.timeout(60_000);
  let server: RunningServer;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let todayUsd: number;
  let yesterdayUsd: number;

  /** Sums the spend in USD of the observations that start in [fromMs, toMs), from the dataset. */
  function spend(fromMs: number, toMs: number): number {
    let total = 0;
    for (const raw of server.dataset.observationsV2(fromMs, toMs)) {
      total += observationCostUsd(normalizeV2Observation(raw));
    }
    return total;
  }

  function check(...args: string[]): Promise<CliResult> {
    return runCliInProcess(['check', '--time-zone', ZONE, '--at', AT, ...args], env);
  }

  function budgetFlag(amountUsd: number): string {
    return `daily=${amountUsd.toFixed(6)}`;
  }

  before(async () => {
    server = await startServer({
      data: { seed: 5, observations: 8000, days: 4, endMs: END_MS, timeZone: ZONE },
    });
    env = {
      LANGFUSE_PUBLIC_KEY: server.publicKey,
      LANGFUSE_SECRET_KEY: server.secretKey,
      LANGFUSE_BASE_URL: server.url,
    };
    dir = mkdtempSync(join(tmpdir(), 'ti-check-'));
    todayUsd = spend(DAY_START, Date.parse(AT));
    yesterdayUsd = spend(YESTERDAY_START, DAY_START);
  });

  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 within the budget', async () => {
    assert.ok(todayUsd > 1, `today's spend is $${todayUsd}`);
    const result = await check('--budget', budgetFlag(todayUsd * 2), '--json');

    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout);
    assert.equal(output.status, 'ok');
    assert.equal(output.exitCode, 0);
    assert.equal(output.results.length, 1);
    assert.ok(Math.abs(output.results[0].value - todayUsd) < 1e-9);
    assert.ok(Math.abs(output.results[0].budget.share - 0.5) < 1e-6);
    assert.equal(output.results[0].window.label, '2026-11-30');
  });

  it('fetches only the window up to --at', async () => {
    const logStart = server.requestLog.length;
    const result = await check('--budget', budgetFlag(todayUsd * 2), '--json');

    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout);
    assert.deepEqual(output.fetched, {
      from: new Date(DAY_START).toISOString(),
      to: new Date(Date.parse(AT)).toISOString(),
    });
    const requests = server.requestLog.slice(logStart);
    assert.ok(requests.length > 0);
    for (const request of requests) {
      const query = new URLSearchParams(request.query);
      assert.equal(query.get('fromStartTime'), new Date(DAY_START).toISOString());
      assert.equal(query.get('toStartTime'), new Date(Date.parse(AT)).toISOString());
    }
  });

  it('exits 3 past the warning share', async () => {
    const result = await check('--budget', budgetFlag(todayUsd / 0.9), '--json');

    assert.equal(result.code, 3, result.stderr);
    const output = JSON.parse(result.stdout);
    assert.equal(output.status, 'warning');
    assert.equal(output.results[0].level, 'warning');
  });

  it('exits 4 past the limit', async () => {
    const result = await check('--budget', budgetFlag(todayUsd * 0.5));

    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stdout, /^ALERT\s+daily budget \$/m);
    assert.match(result.stdout, /linear forecast \$/);
    assert.match(result.stdout, /1 alert, 0 warning, 0 ok, 0 no data; exit 4$/m);
  });

  it('honours --warn-at', async () => {
    const result = await check('--budget', budgetFlag(todayUsd / 0.9), '--warn-at', '95%');
    assert.equal(result.code, 0, result.stderr);
  });

  it('reports the worst of several budgets', async () => {
    const result = await check(
      '--budget',
      budgetFlag(todayUsd * 2),
      '--budget',
      `weekly=${(todayUsd * 0.1).toFixed(6)}`,
      '--json',
    );

    assert.equal(result.code, 4, result.stderr);
    const levels = JSON.parse(result.stdout).results.map((r: { level: string }) => r.level);
    assert.deepEqual(levels, ['ok', 'alert']);
  });

  it("--window previous checks yesterday's spend", async () => {
    const result = await check(
      '--budget',
      budgetFlag(yesterdayUsd * 0.99),
      '--window',
      'previous',
      '--json',
    );

    assert.equal(result.code, 4, result.stderr);
    const output = JSON.parse(result.stdout);
    assert.equal(output.results[0].window.label, '2026-11-29');
    assert.equal(output.results[0].window.complete, true);
    assert.ok(Math.abs(output.results[0].value - yesterdayUsd) < 1e-9);
    assert.equal(output.results[0].budget.forecast, null);
  });

  it('reads rules from a YAML file', async () => {
    const config = join(dir, 'rules.yml');
    writeFileSync(
      config,
      [
        `timeZone: ${ZONE}`,
        'budgets:',
        `  - limitUsd: ${(todayUsd / 0.85).toFixed(6)}`,
        '    window: day',
        'rules:',
        '  - type: cost',
        '    window: day',
        `    alert: ${(todayUsd * 3).toFixed(6)}`,
        '',
      ].join('\n'),
    );
    const result = await runCliInProcess(['check', '--config', config, '--at', AT, '--json'], env);

    assert.equal(result.code, 3, result.stderr);
    const output = JSON.parse(result.stdout);
    assert.equal(output.timeZone, ZONE);
    assert.deepEqual(
      output.results.map((r: { kind: string; level: string }) => [r.kind, r.level]),
      [
        ['budget', 'warning'],
        ['cost', 'ok'],
      ],
    );
  });

  it('reports no data without fetching at the window start', async () => {
    const logStart = server.requestLog.length;
    const result = await runCliInProcess(
      ['check', '--time-zone', ZONE, '--at', '2026-11-30', '--budget', 'daily=1', '--json'],
      env,
    );

    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).results[0].level, 'noData');
    assert.equal(server.requestLog.length, logStart);
  });

  const usageErrors: Array<[string, string[], RegExp]> = [
    ['no budgets', [], /No budgets or rules to check; pass --budget daily=100/],
    ['a bad budget', ['--budget', 'hourly=5'], /--budget "hourly=5" is invalid/],
    ['a bad share', ['--budget', 'daily=5', '--warn-at', '2'], /--warn-at "2" is not a share/],
    ['a bad period', ['--budget', 'daily=5', '--window', 'last'], /--window "last" is invalid/],
    [
      'a bad instant',
      ['--budget', 'daily=5', '--at', 'yesterday'],
      /--at "yesterday" is not an ISO 8601/,
    ],
    ['a missing file', ['--config', '/nonexistent/rules.yml'], /the file is not found/],
  ];
  for (const [name, args, message] of usageErrors) {
    it(`exits 2 on ${name}`, async () => {
      const result = await check(...args);

      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    });
  }

  it('exits 2 with the line of a bad config value', async () => {
    const config = join(dir, 'bad.yml');
    writeFileSync(config, 'budgets:\n  - limitUsd: 10\n    window: yearly\n');
    const result = await check('--config', config);

    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^trace-insight: bad\.yml line 3: budgets\[0\]\.window: "yearly" is not a window; use day, week, month/,
    );
  });

  it('exits 1 when the keys are rejected', async () => {
    const result = await runCliInProcess(['check', '--at', AT, '--budget', 'daily=5'], {
      ...env,
      LANGFUSE_SECRET_KEY: 'sk-lf-wrong',
    });
    assert.equal(result.code, 1);
  });

  it('exits 3 from the real binary', async () => {
    if (!existsSync(join(REPO, 'dist', 'cli.js'))) {
      throw new Error('dist/cli.js is missing: run "npm run build" before the unit tests');
    }
    const result = await runCliBinary(
      ['check', '--time-zone', ZONE, '--at', AT, '--budget', budgetFlag(todayUsd / 0.9)],
      env,
    );

    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stdout, /^WARNING\s+daily budget/m);
  });
});
