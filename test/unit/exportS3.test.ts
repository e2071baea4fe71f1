import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runExport } from '../../src/export/exportData';
import { observationRecord } from '../../src/export/records';
import { main } from '../../src/cli/main';
import { SampleSource } from '../../src/langfuse/sampleSource';
import type { Observation, ObservationSource, TimeRange } from '../../src/langfuse/types';
import { startServer, type RunningServer } from '../../src/server/server';
import { readParquetRows } from './exportReaders';

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
// s3rver ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('@20minutes/s3rver') as new (options: object) => S3rverInstance;

const BUCKET = 'exports';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const PART_SIZE_BYTES = 5 * 1024 * 1024;
const END_MS = Date.UTC(2026, 10, 30, 12);
const RANGE: TimeRange = { fromMs: END_MS - 30 * 86_400_000, toMs: END_MS };

describe('export to S3', function () {
  this.timeout(120_000);
  let s3rver: S3rverInstance;
  let endpoint: string;
  let folder: string;
  let client: S3Client;
  /** Names of the S3 commands the client sent, in order. */
  let commands: string[];
  const sample = new SampleSource({ seed: 3, observations: 60_000, days: 30, endMs: END_MS });

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'trace-insight-s3-'));
    s3rver = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: folder,
      configureBuckets: [{ name: BUCKET }],
    });
    const { port } = await s3rver.run();
    endpoint = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await s3rver?.close();
    await rm(folder, { recursive: true, force: true });
  });

  beforeEach(() => {
    commands = [];
    client = new S3Client({
      endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: CREDENTIALS,
    });
    client.middlewareStack.add(
      (next, context) => (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize' },
    );
  });

  afterEach(() => {
    client.destroy();
  });

  async function objectText(key: string): Promise<string> {
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return (await object.Body?.transformToString('utf8')) ?? '';
  }

  async function objectExists(key: string): Promise<boolean> {
    try {
      await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'NotFound') {
        return false;
      }
      throw error;
    }
  }

  it('large jsonl export uses multipart', async () => {
    const result = await runExport({
      what: 'observations',
      format: 'jsonl',
      target: `s3://${BUCKET}/large/observations.jsonl`,
      source: sample,
      range: RANGE,
      timeZone: 'UTC',
      s3: { client, partSizeBytes: PART_SIZE_BYTES },
    });

    const expected: unknown[] = [];
    for await (const page of sample.observationPages(RANGE)) {
      expected.push(...page.map((item) => observationRecord(item)));
    }
    assert.equal(commands[0], 'CreateMultipartUploadCommand');
    assert.ok(commands.filter((name) => name === 'UploadPartCommand').length >= 3);
    assert.equal(commands.at(-1), 'CompleteMultipartUploadCommand');
    assert.equal(result.rows, expected.length);
    assert.equal(result.target, `s3://${BUCKET}/large/observations.jsonl`);
    const text = await objectText('large/observations.jsonl');
    assert.ok(text.length > 2 * PART_SIZE_BYTES, `${text.length} bytes span several parts`);
    const lines = text.slice(0, -1).split('\n');
    assert.deepEqual(
      lines.map((line) => JSON.parse(line) as unknown),
      expected,
    );
  });

  it('failure halfway leaves no object', async () => {
    const key = 'failed/observations.csv';
    await assert.rejects(
      runExport({
        what: 'observations',
        format: 'csv',
        target: `s3://${BUCKET}/${key}`,
        source: failingAfter(sample, 30),
        range: RANGE,
        timeZone: 'UTC',
        s3: { client, partSizeBytes: PART_SIZE_BYTES },
      }),
      /page 30 failed/,
    );

    assert.ok(commands.includes('UploadPartCommand'), 'parts were uploaded before the failure');
    assert.equal(commands.at(-1), 'AbortMultipartUploadCommand');
    assert.equal(await objectExists(key), false);
  });

  it('cancel leaves no object', async () => {
    const key = 'cancelled/observations.parquet';
    const controller = new AbortController();
    await assert.rejects(
      runExport({
        what: 'observations',
        format: 'parquet',
        target: `s3://${BUCKET}/${key}`,
        source: sample,
        range: RANGE,
        timeZone: 'UTC',
        s3: { client, partSizeBytes: PART_SIZE_BYTES },
        signal: controller.signal,
        onProgress: (step) => {
          if (step.pages === 45) {
            controller.abort();
          }
        },
      }),
      (error: Error) => error.name === 'AbortError',
    );
    assert.equal(await objectExists(key), false);
  });

  it('cli writes parquet to s3', async () => {
    const server: RunningServer = await startServer({
      data: { seed: 5, observations: 3000, days: 2, endMs: END_MS },
    });
    const saved = { ...process.env };
    // The CLI takes S3 credentials from the AWS SDK's default chain, which reads process.env.
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    });
    try {
      let stderr = '';
      const code = await main(
        [
          'export',
          '--what',
          'observations',
          '--out',
          `s3://${BUCKET}/cli/observations.parquet`,
          '--from',
          new Date(END_MS - 2 * 86_400_000).toISOString(),
          '--to',
          new Date(END_MS).toISOString(),
          '--s3-endpoint',
          endpoint,
          '--s3-path-style',
          '--s3-region',
          'us-east-1',
        ],
        {
          stdout: process.stdout,
          stderr: textSink((text) => (stderr += text)),
          env: {
            LANGFUSE_PUBLIC_KEY: server.publicKey,
            LANGFUSE_SECRET_KEY: server.secretKey,
            LANGFUSE_BASE_URL: server.url,
          },
        },
      );
      assert.equal(code, 0, stderr);
      assert.match(stderr, /exported 3000 observations rows/);
      assert.ok(!stderr.includes(server.secretKey), 'no Langfuse secret in the output');
      assert.ok(!stderr.includes('S3RVER'), 'no AWS credential in the output');

      const object = await client.send(
        new GetObjectCommand({ Bucket: BUCKET, Key: 'cli/observations.parquet' }),
      );
      const bytes = await object.Body?.transformToByteArray();
      const parquetPath = join(folder, 'downloaded.parquet');
      await writeFile(parquetPath, bytes ?? new Uint8Array());
      const { rows } = await readParquetRows(parquetPath);
      assert.equal(rows.length, 3000);
      assert.equal(new Set(rows.map((row) => row.id)).size, 3000);
    } finally {
      process.env = saved;
      await server.close();
    }
  });

  it('endpoint from environment', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    });
    try {
      const result = await runExport({
        what: 'traces',
        format: 'json',
        target: `s3://${BUCKET}/env/traces.json`,
        source: sample,
        range: { fromMs: END_MS - 86_400_000, toMs: END_MS },
        timeZone: 'UTC',
      });
      const parsed = JSON.parse(await objectText('env/traces.json')) as unknown[];
      assert.ok(result.rows > 0);
      assert.equal(parsed.length, result.rows);
    } finally {
      process.env = saved;
    }
  });

  it('cli missing bucket exits 1', async () => {
    const server: RunningServer = await startServer({
      data: { seed: 5, observations: 200, days: 2, endMs: END_MS },
    });
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    });
    try {
      let stderr = '';
      const code = await main(
        [
          'export',
          '--what',
          'observations',
          '--out',
          's3://no-such-bucket/observations.csv',
          '--s3-endpoint',
          endpoint,
          '--s3-path-style',
          '--s3-region',
          'us-east-1',
        ],
        {
          stdout: process.stdout,
          stderr: textSink((text) => (stderr += text)),
          env: {
            LANGFUSE_PUBLIC_KEY: server.publicKey,
            LANGFUSE_SECRET_KEY: server.secretKey,
            LANGFUSE_BASE_URL: server.url,
          },
        },
      );
      assert.equal(code, 1, stderr);
      assert.match(stderr, /S3 upload to s3:\/\/no-such-bucket\/observations.csv failed/);
      assert.match(stderr, /NoSuchBucket/);
      assert.ok(!stderr.includes('S3RVER'), 'no AWS credential in the output');
    } finally {
      process.env = saved;
      await server.close();
    }
  });
});

function failingAfter(source: ObservationSource, failOnPage: number): ObservationSource {
  return {
    async *observationPages(range: TimeRange, signal?: AbortSignal): AsyncIterable<Observation[]> {
      let index = 0;
      for await (const page of source.observationPages(range, signal)) {
        if (index === failOnPage) {
          throw new Error(`page ${index} failed`);
        }
        index += 1;
        yield page;
      }
    },
  };
}

function textSink(append: (text: string) => void): NodeJS.WriteStream {
  return new Writable({
    write(chunk, _encoding, callback) {
      append(String(chunk));
      callback();
    },
  }) as unknown as NodeJS.WriteStream;
}
