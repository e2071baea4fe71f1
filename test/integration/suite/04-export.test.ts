import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { readParquet } from 'parquet-wasm';
import * as vscode from 'vscode';
import type { ExportResult } from '../../../src/export/exportData';
import type { LoadedAnalytics } from '../../../src/extension/data/analyticsService';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';
import { loadFixture } from '../support';
import { activateExtension, waitForData } from './extensionApi';

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}

describe('export', () => {
  const fixture = loadFixture();
  const origin = new URL(fixture.serverUrl).origin;
  let api: TraceInsightTestApi;
  let data: LoadedAnalytics;
  let folder: string;

  before(async () => {
    api = await activateExtension();
    data = await waitForData(api, origin);
    folder = await mkdtemp(join(fixture.runDir, 'exports-'));
  });

  it('traces CSV has a row per trace', async () => {
    const targetPath = join(folder, 'traces.csv');
    const result = await vscode.commands.executeCommand<ExportResult>('traceInsight.export', {
      kind: 'traces',
      format: 'csv',
      targetPath,
    });

    assert.equal(result.rows, data.analytics.report.traces);
    assert.equal(result.observations, data.analytics.report.observations);
    const text = await readFile(targetPath, 'utf8');
    assert.ok(text.startsWith('traceId,traceName,userId,sessionId,startTime,'));
    const traceIds = new Set(
      text
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    );
    assert.equal(traceIds.size, data.analytics.report.traces);
  });

  it('report JSON equals the loaded report', async () => {
    const targetPath = join(folder, 'report.json');
    await vscode.commands.executeCommand('traceInsight.export', {
      kind: 'report',
      format: 'json',
      targetPath,
    });
    assert.deepEqual(JSON.parse(await readFile(targetPath, 'utf8')), data.analytics.report);
  });

  it('observations JSON has every observation', async () => {
    const targetPath = join(folder, 'observations.json');
    const result = await api.exportTo({ kind: 'observations', format: 'json', targetPath });
    const parsed = JSON.parse(await readFile(targetPath, 'utf8')) as unknown[];
    assert.equal(parsed.length, data.analytics.report.observations);
    assert.equal(result.rows, parsed.length);
  });

  it('observations JSONL has a line each', async () => {
    const targetPath = join(folder, 'observations.jsonl');
    const result = await vscode.commands.executeCommand<ExportResult>('traceInsight.export', {
      kind: 'observations',
      format: 'jsonl',
      targetPath,
    });
    const lines = (await readFile(targetPath, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, data.analytics.report.observations);
    assert.equal(result.rows, lines.length);
    const ids = new Set(lines.map((line) => (JSON.parse(line) as { id: string }).id));
    assert.equal(ids.size, lines.length);
  });

  it('traces Parquet reads back', async () => {
    const targetPath = join(folder, 'traces.parquet');
    await vscode.commands.executeCommand('traceInsight.export', {
      kind: 'traces',
      format: 'parquet',
      targetPath,
    });
    const table = tableFromIPC(readParquet(await readFile(targetPath)).intoIPCStream());
    assert.equal(table.numRows, data.analytics.report.traces);
    assert.equal(table.schema.fields[0]?.name, 'traceId');
    const costs = table.getChild('costUsd')?.toArray() as Float64Array;
    const total = costs.reduce((sum, value) => sum + value, 0);
    assert.ok(Math.abs(total - data.analytics.report.cost.total) < 1e-6);
  });

  it('scores CSV has the score columns', async () => {
    const targetPath = join(folder, 'scores.csv');
    await vscode.commands.executeCommand('traceInsight.export', {
      kind: 'scores',
      format: 'csv',
      targetPath,
    });
    const text = await readFile(targetPath, 'utf8');
    assert.ok(text.startsWith('id,name,dataType,value,timestamp,traceId,observationId,'));
  });

  it('dashboard filters apply to exports', async () => {
    await api.setAnalyticsView({ filters: ['type = GENERATION'] });
    try {
      const targetPath = join(folder, 'generations.jsonl');
      const result = await api.exportTo({ kind: 'observations', format: 'jsonl', targetPath });
      const types = (await readFile(targetPath, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { type: string }).type);
      assert.ok(result.rows > 0);
      // The API applies `type` itself, so only the unfiltered load shows what was removed.
      assert.ok(result.rows < data.analytics.report.observations, 'the filter removed rows');
      assert.deepEqual([...new Set(types)], ['GENERATION']);
    } finally {
      await api.setAnalyticsView({ filters: [] });
    }
  });

  it('observations to S3 through the AWS chain', async () => {
    // s3rver ships no type declarations.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const S3rver = require('@20minutes/s3rver') as new (options: object) => S3rverInstance;
    const s3rver = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: await mkdtemp(join(fixture.runDir, 's3-')),
      configureBuckets: [{ name: 'exports' }],
    });
    const { port } = await s3rver.run();
    const endpoint = `http://127.0.0.1:${port}`;
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    // The extension reads S3 credentials from the default chain, which starts with these.
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    try {
      const result = await vscode.commands.executeCommand<ExportResult>('traceInsight.export', {
        kind: 'observations',
        format: 'csv',
        targetPath: 's3://exports/vscode/observations.csv',
        s3: { endpoint, forcePathStyle: true, region: 'us-east-1' },
      });
      assert.equal(result.rows, data.analytics.report.observations);

      const client = new S3Client({
        endpoint,
        forcePathStyle: true,
        region: 'us-east-1',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
      const object = await client.send(
        new GetObjectCommand({ Bucket: 'exports', Key: 'vscode/observations.csv' }),
      );
      const text = (await object.Body?.transformToString('utf8')) ?? '';
      client.destroy();
      const records = parse(text) as string[][];
      assert.deepEqual(records[0]?.slice(0, 3), ['id', 'traceId', 'type']);
      assert.equal(records.length, result.rows + 1);
    } finally {
      restoreEnv('AWS_ACCESS_KEY_ID', saved.id);
      restoreEnv('AWS_SECRET_ACCESS_KEY', saved.secret);
      await s3rver.close();
    }
  });

  it('cancelled export leaves no file', async () => {
    const cancelFolder = await mkdtemp(join(fixture.runDir, 'exports-cancelled-'));
    const controller = new AbortController();
    let progressCalls = 0;

    await assert.rejects(
      api.exportTo(
        { kind: 'observations', format: 'csv', targetPath: join(cancelFolder, 'observations.csv') },
        controller.signal,
        () => {
          progressCalls += 1;
          controller.abort();
        },
      ),
      (error: Error) => error.name === 'AbortError' || /cancel|abort/i.test(error.message),
    );
    assert.equal(progressCalls, 1);
    assert.deepEqual(await readdir(cancelFolder), []);
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) {
    delete process.env[name];
    return;
  }
  process.env[name] = value;
}
