import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExport } from '../../src/export/exportData';
import { observationRecord } from '../../src/export/records';
import type { ExportFormat } from '../../src/export/types';
import type { Observation, ObservationSource, TimeRange } from '../../src/langfuse/types';
import {
  T0,
  observation,
  readCsv,
  readParquetMetadata,
  readParquetRows,
  recordsFromCsv,
  withoutEmpty,
} from './exportReaders';

const RANGE: TimeRange = { fromMs: T0 - 3_600_000, toMs: T0 + 3_600_000 };

/** Text a CSV writer or a spreadsheet can get wrong. */
const HOSTILE = [
  'comma, inside',
  'quote " inside',
  'new\nline and\r\ncrlf',
  'Grüße, 東京, emoji 🚀',
  '=HYPERLINK("http://x")',
  '+1+2',
  '-2',
  '@SUM(A1)',
  "'already quoted",
  '',
];

const PAGES: Observation[][] = [
  HOSTILE.map((text, index) =>
    observation({
      id: `o${index}`,
      traceId: `t${index % 3}`,
      name: text,
      traceName: text,
      userId: text === '' ? null : text,
      startTimeMs: T0 + index * 1000,
      endTimeMs: index % 4 === 0 ? null : T0 + index * 1000 + 250,
      level: index === 3 ? 'ERROR' : 'DEFAULT',
      tags: [text, 'plain'],
      usageDetails: { input: index * 10, output: index },
      costDetails: index % 2 === 0 ? { input: 0.0001 * index } : {},
      totalCostUsd: index % 2 === 0 ? 0.0001 * index : null,
      promptVersion: index === 2 ? 3 : null,
      metadata: { ticket_id: text, attempt: index, nested: { region: 'eu-west-1' } },
    }),
  ),
  [
    // Keys first seen on the second page: they land in the `extra` column of CSV and Parquet.
    observation({
      id: 'late',
      traceId: 't9',
      name: 'late keys',
      usageDetails: { input: 1, cache_read_input_tokens: 5 },
      metadata: { ticket_id: 'T-9', late_key: '=late' },
    }),
  ],
];

function sourceOf(pages: Observation[][], failOnPage?: number): ObservationSource {
  return {
    async *observationPages() {
      for (let index = 0; index < pages.length; index++) {
        if (index === failOnPage) {
          throw new Error(`page ${index} failed`);
        }
        yield pages[index] ?? [];
      }
    },
  };
}

const NUMBER_COLUMN = /^(totalCostUsd|promptVersion|usageDetails\..+|costDetails\..+)$/;
const EXPECTED = PAGES.flat().map((item) => observationRecord(item));

describe('export formats', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'trace-insight-export-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function exportObservations(format: ExportFormat): Promise<string> {
    const target = join(folder, `observations.${format}`);
    const result = await runExport({
      what: 'observations',
      format,
      target,
      source: sourceOf(PAGES),
      range: RANGE,
      timeZone: 'UTC',
    });
    assert.equal(result.rows, EXPECTED.length);
    assert.equal(result.target, target);
    assert.deepEqual(await readdir(folder), [`observations.${format}`]);
    return target;
  }

  it('json round trip equals source', async () => {
    const target = await exportObservations('json');
    const parsed = JSON.parse(await readFile(target, 'utf8')) as unknown[];
    assert.deepEqual(parsed, EXPECTED);
  });

  it('jsonl round trip equals source', async () => {
    const target = await exportObservations('jsonl');
    const text = await readFile(target, 'utf8');
    assert.ok(text.endsWith('\n'));
    const lines = text.slice(0, -1).split('\n');
    assert.equal(lines.length, EXPECTED.length);
    assert.deepEqual(
      lines.map((line) => JSON.parse(line) as unknown),
      EXPECTED,
    );
  });

  it('csv round trip equals source', async () => {
    const target = await exportObservations('csv');
    const table = await readCsv(target);
    const restored = recordsFromCsv(
      table,
      (column) => NUMBER_COLUMN.test(column),
      (column) => column === 'tags',
    );
    // metadata.attempt is a `text` column: numbers come back as their JSON text.
    const expected = EXPECTED.map((record) => {
      const metadata = record.metadata as Record<string, unknown>;
      const attempt = metadata.attempt;
      return withoutEmpty({
        ...record,
        metadata: { ...metadata, attempt: attempt === undefined ? undefined : String(attempt) },
      });
    });
    assert.deepEqual(restored.map(withoutEmpty), expected);
  });

  it('csv header has dotted columns', async () => {
    const table = await readCsv(await exportObservations('csv'));
    assert.deepEqual(table.header.slice(0, 3), ['id', 'traceId', 'type']);
    assert.deepEqual(table.header.slice(-7), [
      'usageDetails.input',
      'usageDetails.output',
      'costDetails.input',
      'metadata.attempt',
      'metadata.nested.region',
      'metadata.ticket_id',
      'extra',
    ]);
    assert.ok(!table.header.includes('usageDetails.cache_read_input_tokens'));
  });

  it('csv neutralises formula-like text', async () => {
    const target = await exportObservations('csv');
    const text = await readFile(target, 'utf8');
    const table = await readCsv(target);
    const nameIndex = table.header.indexOf('name');
    const names = table.rows.map((row) => row[nameIndex]);
    assert.equal(names[4], `'=HYPERLINK("http://x")`);
    assert.equal(names[5], "'+1+2");
    assert.equal(names[6], "'-2");
    assert.equal(names[7], "'@SUM(A1)");
    assert.equal(names[8], "''already quoted");
    assert.equal(names[9], '');
    assert.ok(text.includes('\r\n'), 'records end in CRLF');
    assert.ok(!/(^|,)=/m.test(text), 'no field starts with =');
  });

  it('csv keeps negative numbers', async () => {
    const target = join(folder, 'negative.csv');
    await runExport({
      what: 'observations',
      format: 'csv',
      target,
      source: sourceOf([
        [observation({ id: 'n', usageDetails: { input: -5 }, totalCostUsd: -0.5 })],
      ]),
      range: RANGE,
      timeZone: 'UTC',
    });
    const table = await readCsv(target);
    const row = table.rows[0] ?? [];
    assert.equal(row[table.header.indexOf('totalCostUsd')], '-0.5');
    assert.equal(row[table.header.indexOf('usageDetails.input')], '-5');
  });

  it('parquet round trip equals source', async () => {
    const target = await exportObservations('parquet');
    const { columns, rows } = await readParquetRows(target);
    const types = new Map(columns.map((column) => [column.name, column.type]));
    assert.equal(types.get('totalCostUsd'), 'Float64');
    assert.equal(types.get('name'), 'Utf8');
    assert.match(types.get('startTime') ?? '', /^Timestamp/);

    const restored = rows.map((row) => {
      const flat: Record<string, unknown> = {};
      for (const [column, value] of Object.entries(row)) {
        if (value === null) {
          continue;
        }
        if (column === 'extra') {
          Object.assign(flat, JSON.parse(value as string) as object);
        } else if (column === 'startTime' || column === 'endTime') {
          flat[column] = new Date(Number(value)).toISOString();
        } else if (column === 'tags') {
          flat[column] = JSON.parse(value as string);
        } else {
          flat[column] = value;
        }
      }
      return withoutEmpty(nestKeys(flat));
    });
    const expected = EXPECTED.map((record) => {
      const metadata = record.metadata as Record<string, unknown>;
      return withoutEmpty({
        ...record,
        metadata: {
          ...metadata,
          attempt: metadata.attempt === undefined ? undefined : String(metadata.attempt),
        },
      });
    });
    assert.deepEqual(restored, expected);
  });

  it('empty range writes valid files', async () => {
    for (const format of ['csv', 'json', 'jsonl', 'parquet'] as const) {
      const target = join(folder, `empty.${format}`);
      const result = await runExport({
        what: 'observations',
        format,
        target,
        source: sourceOf([[]]),
        range: RANGE,
        timeZone: 'UTC',
      });
      assert.equal(result.rows, 0, format);
    }
    assert.deepEqual(JSON.parse(await readFile(join(folder, 'empty.json'), 'utf8')), []);
    assert.equal(await readFile(join(folder, 'empty.jsonl'), 'utf8'), '');
    assert.equal((await readCsv(join(folder, 'empty.csv'))).rows.length, 0);
    // hyparquet, not parquet-wasm: see the NOTE in src/export/formats/parquetWriter.ts.
    const parquet = await readParquetMetadata(join(folder, 'empty.parquet'));
    assert.equal(parquet.rows, 0);
    assert.equal(parquet.columns[0], 'id');
  });

  it('traces csv derives one row per trace', async () => {
    const target = join(folder, 'traces.csv');
    const pages = [
      [
        observation({
          id: 'o1',
          traceId: 't1',
          traceName: 'chat-answer',
          userId: 'u1',
          sessionId: 's1',
          startTimeMs: T0,
          endTimeMs: T0 + 2000,
          usageDetails: { input: 100, output: 20, total: 120 },
          totalCostUsd: 0.003,
        }),
        observation({
          id: 'o2',
          traceId: 't2',
          traceName: '=HYPERLINK("http://x")',
          userId: '-u2',
          startTimeMs: T0 + 5000,
          endTimeMs: T0 + 5500,
          level: 'ERROR',
        }),
      ],
      [
        observation({
          id: 'o3',
          traceId: 't1',
          startTimeMs: T0 + 500,
          endTimeMs: T0 + 4500,
          usageDetails: { input: 10, cache_read_input_tokens: 5, output_reasoning_tokens: 7 },
          totalCostUsd: 0.0004,
        }),
        observation({ id: 'o4', traceId: 't2', startTimeMs: T0 + 6000, endTimeMs: null }),
      ],
    ];
    const result = await runExport({
      what: 'traces',
      format: 'csv',
      target,
      source: sourceOf(pages),
      range: RANGE,
      timeZone: 'UTC',
    });

    assert.equal(result.rows, 2);
    assert.equal(result.observations, 4);
    const lines = (await readFile(target, 'utf8')).split('\r\n');
    assert.equal(
      lines[0],
      'traceId,traceName,userId,sessionId,startTime,endTime,latencySeconds,costUsd,' +
        'inputTokens,outputTokens,error,observations',
    );
    // t1: 10:00:00 to 10:00:04.5, cost 0.003 + 0.0004, input 100 + 10 + 5, output 20 + 7.
    assert.equal(
      lines[1],
      't1,chat-answer,u1,s1,2026-12-01T10:00:00.000Z,2026-12-01T10:00:04.500Z,4.5,0.0034,' +
        '115,27,false,2',
    );
    // t2: only o2 has ended, so latency is 0.5 s; the name and user are neutralised.
    assert.equal(
      lines[2],
      't2,"\'=HYPERLINK(""http://x"")",\'-u2,,2026-12-01T10:00:05.000Z,' +
        '2026-12-01T10:00:05.500Z,0.5,0,0,0,true,2',
    );
    assert.equal(lines[3], '');
    assert.equal(lines.length, 4);
  });

  it('report csv lists dotted keys', async () => {
    const target = join(folder, 'report.csv');
    const report = {
      observations: 4,
      cost: { totalUsd: 0.5, byModel: { 'gpt-4o': 0.5 } },
      tags: ['a'],
    };
    const result = await runExport({
      what: 'report',
      format: 'csv',
      target,
      source: sourceOf([]),
      range: RANGE,
      timeZone: 'UTC',
      report,
    });
    assert.equal(result.rows, 4);
    const table = await readCsv(target);
    assert.deepEqual(table.header, ['key', 'value']);
    assert.deepEqual(table.rows, [
      ['observations', '4'],
      ['cost.totalUsd', '0.5'],
      ['cost.byModel.gpt-4o', '0.5'],
      ['tags.0', 'a'],
    ]);
  });

  for (const format of ['csv', 'json', 'jsonl', 'parquet'] as const) {
    it(`${format} failure leaves no file`, async () => {
      await assert.rejects(
        runExport({
          what: 'observations',
          format,
          target: join(folder, `failed.${format}`),
          source: sourceOf([...PAGES, ...PAGES], 2),
          range: RANGE,
          timeZone: 'UTC',
        }),
        /page 2 failed/,
      );
      assert.deepEqual(await readdir(folder), []);
    });

    it(`${format} cancel leaves no file`, async () => {
      const controller = new AbortController();
      let progressCalls = 0;
      await assert.rejects(
        runExport({
          what: 'observations',
          format,
          target: join(folder, `cancelled.${format}`),
          source: sourceOf([...PAGES, ...PAGES]),
          range: RANGE,
          timeZone: 'UTC',
          signal: controller.signal,
          onProgress: () => {
            progressCalls += 1;
            controller.abort();
          },
        }),
        (error: Error) => error.name === 'AbortError',
      );
      assert.equal(progressCalls, 1);
      assert.deepEqual(await readdir(folder), []);
    });
  }
});

function nestKeys(flat: Record<string, unknown>): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let target = nested;
    for (const part of parts.slice(0, -1)) {
      target[part] ??= {};
      target = target[part] as Record<string, unknown>;
    }
    target[parts[parts.length - 1] as string] = value;
  }
  return nested;
}
