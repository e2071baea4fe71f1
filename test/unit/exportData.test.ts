import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  exportObservationData,
  exportReport,
  flattenReport,
  toCsv,
} from '../../src/export/exportData';
import type { Observation, ObservationSource, TimeRange } from '../../src/langfuse/types';
import type { Report } from '../../src/metrics/types';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const RANGE: TimeRange = { fromMs: T0 - 3_600_000, toMs: T0 + 3_600_000 };

function observation(overrides: Partial<Observation>): Observation {
  return {
    id: 'o',
    traceId: 't',
    type: 'GENERATION',
    name: 'call',
    startTimeMs: T0,
    endTimeMs: T0 + 1000,
    level: 'DEFAULT',
    model: 'gpt-4o',
    usageDetails: {},
    costDetails: {},
    totalCostUsd: null,
    userId: null,
    sessionId: null,
    environment: 'production',
    traceName: null,
    tags: [],
    release: null,
    version: null,
    promptName: null,
    promptVersion: null,
    ...overrides,
  };
}

/** Trace t1 spans both pages; t2 has an error, a formula-like name and a running observation. */
const PAGES: Observation[][] = [
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
      costDetails: { input: 0.001, output: 0.002 },
      totalCostUsd: 0.003,
    }),
    observation({
      id: 'o2',
      traceId: 't2',
      type: 'SPAN',
      model: null,
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
      costDetails: { input: 0.0001, total: 0.0004 },
    }),
    observation({
      id: 'o4',
      traceId: 't2',
      type: 'EVENT',
      model: null,
      startTimeMs: T0 + 6000,
      endTimeMs: null,
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

describe('export', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'trace-insight-export-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('traces CSV derives one row per trace', async () => {
    const targetPath = join(folder, 'traces.csv');
    const result = await exportObservationData({
      kind: 'traces',
      format: 'csv',
      targetPath,
      source: sourceOf(PAGES),
      range: RANGE,
    });

    assert.deepEqual(result, { rows: 2, observations: 4 });
    const lines = (await readFile(targetPath, 'utf8')).trimEnd().split('\n');
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
    assert.equal(lines.length, 3);
  });

  it('traces JSON keeps types', async () => {
    const targetPath = join(folder, 'traces.json');
    await exportObservationData({
      kind: 'traces',
      format: 'json',
      targetPath,
      source: sourceOf(PAGES),
      range: RANGE,
    });

    const rows = JSON.parse(await readFile(targetPath, 'utf8')) as Record<string, unknown>[];
    assert.equal(rows.length, 2);
    assert.equal(rows[0]?.traceId, 't1');
    assert.equal(rows[0]?.latencySeconds, 4.5);
    assert.equal(rows[0]?.costUsd, 0.0034);
    assert.equal(rows[1]?.traceName, '=HYPERLINK("http://x")');
    assert.equal(rows[1]?.error, true);
  });

  it('observations JSON round-trips every page', async () => {
    const targetPath = join(folder, 'observations.json');
    const result = await exportObservationData({
      kind: 'observations',
      format: 'json',
      targetPath,
      source: sourceOf(PAGES),
      range: RANGE,
    });

    assert.equal(result.rows, 4);
    const parsed = JSON.parse(await readFile(targetPath, 'utf8')) as Observation[];
    assert.deepEqual(parsed, PAGES.flat());
  });

  it('observations JSON of an empty range is []', async () => {
    const targetPath = join(folder, 'empty.json');
    await exportObservationData({
      kind: 'observations',
      format: 'json',
      targetPath,
      source: sourceOf([[]]),
      range: RANGE,
    });
    assert.deepEqual(JSON.parse(await readFile(targetPath, 'utf8')), []);
  });

  it('observations CSV flattens usage and cost', async () => {
    const targetPath = join(folder, 'observations.csv');
    await exportObservationData({
      kind: 'observations',
      format: 'csv',
      targetPath,
      source: sourceOf(PAGES),
      range: RANGE,
    });

    const lines = (await readFile(targetPath, 'utf8')).trimEnd().split('\n');
    const header = lines[0]?.split(',') ?? [];
    assert.deepEqual(header.slice(18), [
      'usage.cache_read_input_tokens',
      'usage.input',
      'usage.output',
      'usage.output_reasoning_tokens',
      'usage.total',
      'cost.input',
      'cost.output',
      'cost.total',
    ]);
    assert.equal(lines.length, 5);

    const o3 = lines[3]?.split(',') ?? [];
    assert.equal(o3[0], 'o3');
    assert.deepEqual(o3.slice(18), ['5', '10', '', '7', '', '0.0001', '', '0.0004']);
    assert.deepEqual(await readdir(folder), ['observations.csv']);
  });

  it('aborted export leaves no file', async () => {
    const targetPath = join(folder, 'aborted.csv');
    const controller = new AbortController();

    await assert.rejects(
      exportObservationData({
        kind: 'observations',
        format: 'csv',
        targetPath,
        source: sourceOf(PAGES),
        range: RANGE,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
      { name: 'AbortError' },
    );
    assert.deepEqual(await readdir(folder), []);
  });

  it('failed export keeps the old file', async () => {
    const targetPath = join(folder, 'traces.json');
    await writeFile(targetPath, 'previous export');

    await assert.rejects(
      exportObservationData({
        kind: 'observations',
        format: 'json',
        targetPath,
        source: sourceOf(PAGES, 1),
        range: RANGE,
      }),
      /page 1 failed/,
    );
    assert.equal(await readFile(targetPath, 'utf8'), 'previous export');
    assert.deepEqual(await readdir(folder), ['traces.json']);
  });

  it('report CSV lists dotted keys', async () => {
    const targetPath = join(folder, 'report.csv');
    const result = await exportReport(REPORT, 'csv', targetPath);

    const lines = (await readFile(targetPath, 'utf8')).trimEnd().split('\n');
    assert.equal(lines[0], 'key,value');
    assert.ok(lines.includes('range.timeZone,Europe/Berlin'));
    assert.ok(lines.includes('cost.byModel.gpt-4o,1.25'));
    assert.ok(lines.includes('latency.traces,'));
    assert.ok(lines.includes('errors.rate,0.25'));
    assert.equal(result.rows, lines.length - 1);
  });

  it('report JSON equals the report', async () => {
    const targetPath = join(folder, 'report.json');
    await exportReport(REPORT, 'json', targetPath);
    assert.deepEqual(JSON.parse(await readFile(targetPath, 'utf8')), REPORT);
  });

  it('flattenReport keeps nested maps', () => {
    const records = flattenReport(REPORT);
    assert.deepEqual(
      records.filter((record) => record.key.startsWith('cost.byDay')),
      [{ key: 'cost.byDay.2026-12-01', value: 1.5 }],
    );
  });
});

describe('toCsv', () => {
  it('neutralises formula cells', () => {
    const csv = toCsv(
      [
        { cell: '=1+2' },
        { cell: '+1' },
        { cell: '-1' },
        { cell: '@SUM(A1)' },
        { cell: '\tx' },
        { cell: '\rx' },
        { cell: -5 },
        { cell: 'plain' },
      ],
      ['cell'],
      false,
    );
    assert.deepEqual(csv.split('\n').slice(0, 8), [
      "'=1+2",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      `"'\rx"`,
      '-5',
      'plain',
    ]);
  });

  it('quotes commas, quotes and newlines', () => {
    const csv = toCsv([{ a: 'x,y', b: 'say "hi"', c: 'two\nlines' }], ['a', 'b', 'c'], true);
    assert.equal(csv, 'a,b,c\n"x,y","say ""hi""","two\nlines"\n');
  });

  it('writes booleans and nulls', () => {
    assert.equal(toCsv([{ a: true, b: false, c: null }], ['a', 'b', 'c'], false), 'true,false,\n');
  });
});

const REPORT: Report = {
  range: {
    from: '2026-12-01T00:00:00.000Z',
    to: '2026-12-02T00:00:00.000Z',
    timeZone: 'Europe/Berlin',
  },
  traces: 4,
  observations: 10,
  cost: {
    total: 1.5,
    byModel: { 'gpt-4o': 1.25, '(no model)': 0.25 },
    byDay: { '2026-12-01': 1.5 },
    unpricedObservations: 1,
  },
  tokens: { input: 100, output: 50, total: 150 },
  latency: { traces: null, byType: { SPAN: { p50: 1, p90: 2, p95: 3, p99: 4 } } },
  errors: { traces: 1, rate: 0.25 },
  users: 2,
  sessions: 3,
};
