import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Observation, ObservationSource, TimeRange } from '../langfuse/types';
import type { Report } from '../metrics/types';
import { temporaryPathFor, writeChunk, writeFileAtomically } from './atomicFile';
import { flattenObservation, observationColumns, type CsvValue } from './observationRows';
import { TRACE_COLUMNS, TraceRowCollector, type TraceRow } from './traceRows';

export type ExportKind = 'traces' | 'observations' | 'report';
export type ExportFormat = 'csv' | 'json';

export interface ExportProgress {
  pages: number;
  observations: number;
}

export interface StreamExportOptions {
  kind: 'traces' | 'observations';
  format: ExportFormat;
  targetPath: string;
  source: ObservationSource;
  range: TimeRange;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
}

export interface ExportResult {
  /** Data rows written: traces, observations or report keys. */
  rows: number;
  observations: number;
}

const CSV_ROWS_PER_CHUNK = 1000;

/**
 * Streams the traces or observations of a range to a CSV or JSON file. The file appears only
 * when the export completes; on failure or abort nothing is left at `targetPath`.
 */
export async function exportObservationData(options: StreamExportOptions): Promise<ExportResult> {
  if (options.kind === 'traces') {
    return exportTraces(options);
  }
  if (options.format === 'json') {
    return exportObservationsJson(options);
  }
  return exportObservationsCsv(options);
}

/** Writes the metrics report as JSON, or as a CSV table of dotted keys and values. */
export async function exportReport(
  report: Report,
  format: ExportFormat,
  targetPath: string,
): Promise<ExportResult> {
  if (format === 'json') {
    await writeFileAtomically(targetPath, (out) =>
      writeChunk(out, `${JSON.stringify(report, null, 2)}\n`),
    );
    return { rows: 1, observations: report.observations };
  }

  const records = flattenReport(report);
  await writeFileAtomically(targetPath, (out) =>
    writeChunk(out, toCsv(records, ['key', 'value'], true)),
  );
  return { rows: records.length, observations: report.observations };
}

/** Flattens nested report objects into `{ key: 'cost.byModel.gpt-4o', value }` records. */
export function flattenReport(report: Report): { key: string; value: CsvValue }[] {
  const records: { key: string; value: CsvValue }[] = [];
  const visit = (prefix: string, value: unknown): void => {
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        visit(prefix ? `${prefix}.${key}` : key, child);
      }
      return;
    }
    records.push({ key: prefix, value: value as CsvValue });
  };
  visit('', report);
  return records;
}

async function exportTraces(options: StreamExportOptions): Promise<ExportResult> {
  const collector = new TraceRowCollector();
  const observations = await forEachPage(options, (page) => {
    for (const observation of page) {
      collector.add(observation);
    }
  });
  const rows = collector.rows();

  await writeFileAtomically(
    options.targetPath,
    async (out) => {
      if (options.format === 'json') {
        await writeJsonArray(out, rows, options.signal);
        return;
      }
      await writeCsvRows(out, rows, [...TRACE_COLUMNS], options.signal);
    },
    options.signal,
  );
  return { rows: rows.length, observations };
}

async function exportObservationsJson(options: StreamExportOptions): Promise<ExportResult> {
  let observations = 0;
  await writeFileAtomically(
    options.targetPath,
    async (out) => {
      await writeChunk(out, '[');
      await forEachPageAsync(options, async (page) => {
        let chunk = '';
        for (const observation of page) {
          chunk += `${observations === 0 ? '' : ','}\n${JSON.stringify(observation)}`;
          observations += 1;
        }
        await writeChunk(out, chunk);
      });
      await writeChunk(out, observations === 0 ? ']\n' : '\n]\n');
    },
    options.signal,
  );
  return { rows: observations, observations };
}

/**
 * Writes observations as CSV in two passes. The columns depend on the usage and cost keys of
 * all observations, which are known only at the end. So the first pass spools the observations
 * to a temporary NDJSON file next to the target, and the second writes the CSV from it, which
 * keeps memory bounded by one page.
 */
async function exportObservationsCsv(options: StreamExportOptions): Promise<ExportResult> {
  const spoolPath = `${temporaryPathFor(options.targetPath)}.ndjson`;
  const usageKeys = new Set<string>();
  const costKeys = new Set<string>();

  try {
    let observations = 0;
    await writeFileAtomically(
      spoolPath,
      async (spool) => {
        observations = await forEachPageAsync(options, async (page) => {
          let chunk = '';
          for (const observation of page) {
            collectKeys(observation, usageKeys, costKeys);
            chunk += `${JSON.stringify(observation)}\n`;
          }
          await writeChunk(spool, chunk);
        });
      },
      options.signal,
    );

    const columns = observationColumns(usageKeys, costKeys);
    await writeFileAtomically(
      options.targetPath,
      (out) => writeCsvFromSpool(out, spoolPath, columns, options.signal),
      options.signal,
    );
    return { rows: observations, observations };
  } finally {
    await unlink(spoolPath).catch(() => undefined);
  }
}

async function writeCsvFromSpool(
  out: Writable,
  spoolPath: string,
  columns: string[],
  signal?: AbortSignal,
): Promise<void> {
  const lines = createInterface({ input: createReadStream(spoolPath), crlfDelay: Infinity });
  let batch: Record<string, CsvValue>[] = [];
  let header = true;

  for await (const line of lines) {
    if (line === '') {
      continue;
    }
    batch.push(flattenObservation(JSON.parse(line) as Observation));
    if (batch.length >= CSV_ROWS_PER_CHUNK) {
      signal?.throwIfAborted();
      await writeChunk(out, toCsv(batch, columns, header));
      header = false;
      batch = [];
    }
  }
  if (batch.length > 0 || header) {
    await writeChunk(out, toCsv(batch, columns, header));
  }
}

async function writeCsvRows(
  out: Writable,
  rows: readonly TraceRow[],
  columns: string[],
  signal?: AbortSignal,
): Promise<void> {
  await writeChunk(out, toCsv([], columns, true));
  for (let start = 0; start < rows.length; start += CSV_ROWS_PER_CHUNK) {
    signal?.throwIfAborted();
    const chunk = rows.slice(start, start + CSV_ROWS_PER_CHUNK);
    await writeChunk(out, toCsv(chunk as unknown as Record<string, CsvValue>[], columns, false));
  }
}

async function writeJsonArray(
  out: Writable,
  rows: readonly unknown[],
  signal?: AbortSignal,
): Promise<void> {
  await writeChunk(out, '[');
  for (let start = 0; start < rows.length; start += CSV_ROWS_PER_CHUNK) {
    signal?.throwIfAborted();
    const chunk = rows
      .slice(start, start + CSV_ROWS_PER_CHUNK)
      .map((row, index) => `${start + index === 0 ? '' : ','}\n${JSON.stringify(row)}`)
      .join('');
    await writeChunk(out, chunk);
  }
  await writeChunk(out, rows.length === 0 ? ']\n' : '\n]\n');
}

/**
 * Formats records as RFC 4180 CSV. Text cells that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or CR) get a leading apostrophe; negative numbers stay numbers.
 */
export function toCsv(
  records: readonly Record<string, CsvValue>[],
  columns: readonly string[],
  header: boolean,
): string {
  if (records.length === 0 && !header) {
    return '';
  }
  return stringify(records as Record<string, CsvValue>[], {
    columns: [...columns],
    header,
    escape_formulas: true,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
}

function collectKeys(
  observation: Observation,
  usageKeys: Set<string>,
  costKeys: Set<string>,
): void {
  for (const key in observation.usageDetails) {
    usageKeys.add(key);
  }
  for (const key in observation.costDetails) {
    costKeys.add(key);
  }
}

async function forEachPage(
  options: StreamExportOptions,
  visit: (page: readonly Observation[]) => void,
): Promise<number> {
  return forEachPageAsync(options, async (page) => visit(page));
}

/** Reads every page of the range, checks the signal between pages and reports progress. */
async function forEachPageAsync(
  options: StreamExportOptions,
  visit: (page: readonly Observation[]) => Promise<void>,
): Promise<number> {
  let pages = 0;
  let observations = 0;
  for await (const page of options.source.observationPages(options.range, options.signal)) {
    options.signal?.throwIfAborted();
    await visit(page);
    pages += 1;
    observations += page.length;
    options.onProgress?.({ pages, observations });
    options.signal?.throwIfAborted();
  }
  return observations;
}
