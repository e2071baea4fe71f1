import * as assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportInterruptedError, runExport } from '../../src/export/exportData';
import type { ExportFormat, ExportResult } from '../../src/export/types';
import { LangfuseClient } from '../../src/langfuse/client';
import { isCancellation } from '../../src/langfuse/errors';
import type { TimeRange } from '../../src/langfuse/types';
import { startServer, type RunningServer } from '../../src/server/server';

const END_MS = Date.UTC(2026, 10, 30, 12);
const RANGE: TimeRange = { fromMs: END_MS - 3 * 86_400_000, toMs: END_MS };
const FAST_RETRY = { baseBackoffMs: 1, maxBackoffMs: 2, maxRetryAfterMs: 5000 };

describe('export resume', function () {
  let server: RunningServer;
  let folder: string;
  let clients: LangfuseClient[] = [];

  before(async () => {
    server = await startServer({
      data: { seed: 11, observations: 4500, days: 3, endMs: END_MS },
    });
  });

  after(async () => {
    await server?.close();
  });

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'trace-insight-resume-'));
    server.setFaults({});
  });

  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close()));
    clients = [];
    await rm(folder, { recursive: true, force: true });
  });

  function client(): LangfuseClient {
    const created = new LangfuseClient({
      baseUrl: server.url,
      publicKey: server.publicKey,
      secretKey: server.secretKey,
      maxRetries: 1,
      retry: FAST_RETRY,
    });
    clients.push(created);
    return created;
  }

  function exportTo(
    target: string,
    format: ExportFormat,
    extra: { filters?: string[]; onPage?: (pages: number) => void; signal?: AbortSignal } = {},
  ): Promise<ExportResult> {
    return runExport({
      what: 'observations',
      format,
      target,
      source: client(),
      range: RANGE,
      timeZone: 'UTC',
      filters: extra.filters,
      signal: extra.signal,
      onProgress: (step) => extra.onPage?.(step.pages),
    });
  }

  /** Fails every request after the second page, beyond the client's single retry. */
  function failAfterTwoPages(pages: number): void {
    if (pages === 2) {
      server.setFaults({ serverError: { count: 1000, status: 503 } });
    }
  }

  for (const format of ['csv', 'json', 'jsonl'] as const) {
    it(`${format} continues without duplicates`, async () => {
      const clean = join(folder, `clean.${format}`);
      const cleanResult = await exportTo(clean, format);
      assert.ok(cleanResult.rows > 2000, 'more than two pages of data');

      const target = join(folder, `observations.${format}`);
      const interrupted = await exportTo(target, format, { onPage: failAfterTwoPages }).then(
        () => assert.fail('the export should have been interrupted'),
        (error: unknown) => error,
      );
      assert.ok(interrupted instanceof ExportInterruptedError, String(interrupted));
      assert.equal(interrupted.rowsWritten, 2000);
      assert.deepEqual((await readdir(folder)).sort(), [
        `.observations.${format}.checkpoint.json`,
        `.observations.${format}.partial`,
        `clean.${format}`,
      ]);

      // Bytes past the checkpoint, as a crash in the middle of a write leaves them, are cut off.
      await appendFile(join(folder, `.observations.${format}.partial`), 'half a row,');
      server.setFaults({});
      const requestsBefore = server.requestLog.length;
      const resumed = await exportTo(target, format);

      assert.equal(resumed.resumedRows, 2000);
      assert.equal(resumed.rows, cleanResult.rows);
      assert.equal(await readFile(target, 'utf8'), await readFile(clean, 'utf8'));
      assert.deepEqual((await readdir(folder)).sort(), [
        `clean.${format}`,
        `observations.${format}`,
      ]);
      const firstRequest = server.requestLog[requestsBefore];
      assert.match(firstRequest?.query ?? '', /cursor=/, 'the resumed run starts at the cursor');
    });
  }

  it('other parameters start over', async () => {
    const target = join(folder, 'observations.jsonl');
    await assert.rejects(
      exportTo(target, 'jsonl', { onPage: failAfterTwoPages }),
      ExportInterruptedError,
    );
    server.setFaults({});

    const result = await exportTo(target, 'jsonl', { filters: ['type = GENERATION'] });
    assert.equal(result.resumedRows, 0);
    const lines = (await readFile(target, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, result.rows);
    assert.ok(lines.every((line) => (JSON.parse(line) as { type: string }).type === 'GENERATION'));
    assert.deepEqual(await readdir(folder), ['observations.jsonl']);
  });

  it('cancel removes partial and checkpoint', async () => {
    const target = join(folder, 'observations.csv');
    const controller = new AbortController();
    await assert.rejects(
      exportTo(target, 'csv', {
        signal: controller.signal,
        onPage: (pages) => {
          if (pages === 2) {
            controller.abort();
          }
        },
      }),
      (error: Error) => error.name === 'AbortError' || isCancellation(error),
    );
    assert.deepEqual(await readdir(folder), []);
  });

  it('parquet failure leaves nothing', async () => {
    const target = join(folder, 'observations.parquet');
    await assert.rejects(
      exportTo(target, 'parquet', { onPage: failAfterTwoPages }),
      (error: Error) => /503|server/i.test(error.message),
    );
    assert.deepEqual(await readdir(folder), []);
  });
});
