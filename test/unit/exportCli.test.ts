import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LangfuseClient } from '../../src/langfuse/client';
import type { Observation, Score } from '../../src/langfuse/types';
import { startServer, type RunningServer } from '../../src/server/server';
import { readCsv } from './exportReaders';
import { runCliInProcess } from './cliSupport';

const END_MS = Date.UTC(2026, 10, 30, 12);
const FROM = new Date(END_MS - 2 * 86_400_000).toISOString();
const TO = new Date(END_MS).toISOString();

describe('cli export', function () {
  this.timeout(60_000);
  let server: RunningServer;
  let env: NodeJS.ProcessEnv;
  let folder: string;
  let observations: Observation[];
  let scores: Score[];

  before(async () => {
    server = await startServer({ data: { seed: 9, observations: 3000, days: 2, endMs: END_MS } });
    env = {
      LANGFUSE_PUBLIC_KEY: server.publicKey,
      LANGFUSE_SECRET_KEY: server.secretKey,
      LANGFUSE_BASE_URL: server.url,
    };
    const client = new LangfuseClient({
      baseUrl: server.url,
      publicKey: server.publicKey,
      secretKey: server.secretKey,
    });
    const range = { fromMs: Date.parse(FROM), toMs: Date.parse(TO) };
    observations = [];
    for await (const page of client.observationPages(range)) {
      observations.push(...page);
    }
    scores = [];
    for await (const page of client.scorePages(range)) {
      scores.push(...page);
    }
    await client.close();
  });

  after(async () => {
    await server?.close();
  });

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'trace-insight-cli-export-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const exportArgs = (...args: string[]) => ['export', '--from', FROM, '--to', TO, ...args];

  it('observations jsonl applies filter', async () => {
    const out = join(folder, 'generations.jsonl');
    const result = await runCliInProcess(
      exportArgs('--what', 'observations', '--out', out, '--filter', 'type = GENERATION'),
      env,
    );

    assert.equal(result.code, 0, result.stderr);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    const expected = observations.filter((item) => item.type === 'GENERATION');
    assert.ok(expected.length > 0);
    assert.deepEqual(
      lines.map((line) => (JSON.parse(line) as { id: string }).id).sort(),
      expected.map((item) => item.id).sort(),
    );
    assert.equal(result.stdout, '');
  });

  it('scores json has every score', async () => {
    const out = join(folder, 'scores.json');
    const result = await runCliInProcess(exportArgs('--what', 'scores', '--out', out), env);

    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(await readFile(out, 'utf8')) as { id: string; value: unknown }[];
    assert.ok(scores.length > 0);
    assert.deepEqual(
      parsed.map((score) => score.id).sort(),
      scores.map((score) => score.id).sort(),
    );
  });

  it('report json equals report command', async () => {
    const out = join(folder, 'report.json');
    const filter = 'environment = production';
    const exported = await runCliInProcess(
      exportArgs('--what', 'report', '--out', out, '--filter', filter, '--time-zone', 'UTC'),
      env,
    );
    const reported = await runCliInProcess(
      ['report', '--json', '--from', FROM, '--to', TO, '--filter', filter, '--time-zone', 'UTC'],
      env,
    );

    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(reported.code, 0, reported.stderr);
    assert.deepEqual(JSON.parse(await readFile(out, 'utf8')), JSON.parse(reported.stdout));
  });

  it('breakdown csv has a row per group', async () => {
    const out = join(folder, 'breakdown.csv');
    const result = await runCliInProcess(
      exportArgs('--what', 'breakdown', '--group-by', 'model', '--out', out, '--time-zone', 'UTC'),
      env,
    );

    assert.equal(result.code, 0, result.stderr);
    const table = await readCsv(out);
    assert.deepEqual(table.header.slice(0, 3), ['dimension', 'key', 'observations']);
    const models = new Set(observations.map((item) => item.model ?? '(none)'));
    assert.ok(table.rows.length > 0);
    assert.ok(table.rows.length <= Math.min(models.size, 11));
    assert.ok(table.rows.every((row) => row[0] === 'model'));
  });

  it('traces parquet by extension', async () => {
    const out = join(folder, 'traces.parquet');
    const result = await runCliInProcess(exportArgs('--what', 'traces', '--out', out), env);
    assert.equal(result.code, 0, result.stderr);
    const traces = new Set(observations.map((item) => item.traceId));
    assert.match(result.stderr, new RegExp(`exported ${traces.size} traces rows`));
  });

  const usageCases: [string, string[], RegExp][] = [
    ['unknown format', ['--what', 'traces', '--format', 'xml', '--out', 'x.xml'], /--format xml/],
    ['missing what', ['--out', 'x.csv'], /--what is missing/],
    ['missing out', ['--what', 'traces', '--format', 'csv'], /--out is missing/],
    [
      'filter on scores',
      ['--what', 'scores', '--out', 'x.csv', '--filter', 'level = ERROR'],
      /not scores/,
    ],
    [
      'invalid filter',
      ['--what', 'traces', '--out', 'x.csv', '--filter', 'nonsense'],
      /Invalid filter/,
    ],
    [
      'invalid s3 url',
      ['--what', 'traces', '--out', 's3://bucket-only/', '--format', 'csv'],
      /s3:\/\/bucket/,
    ],
  ];
  for (const [name, args, message] of usageCases) {
    it(`exit 2 on ${name}`, async () => {
      const result = await runCliInProcess(['export', ...args], env);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
    });
  }

  it('exit 1 on missing folder', async () => {
    const out = join(folder, 'no-such-folder', 'traces.csv');
    const result = await runCliInProcess(exportArgs('--what', 'traces', '--out', out), env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /does not exist/);
    assert.deepEqual(await readdir(folder), []);
  });
});
