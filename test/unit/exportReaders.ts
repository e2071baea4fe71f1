import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { tableFromIPC } from 'apache-arrow';
import { parquetMetadata } from 'hyparquet';
import { readParquet } from 'parquet-wasm';
import type { Observation } from '../../src/langfuse/types';

/** Cells of a CSV file as csv-parse reads them: null for an unquoted empty field. */
export async function readCsv(
  path: string,
): Promise<{ header: string[]; rows: (string | null)[][] }> {
  const text = await readFile(path, 'utf8');
  const records = parse(text, {
    cast: (value, context) => (value === '' && !context.quoting ? null : value),
    relax_column_count: false,
  }) as (string | null)[][];
  const [header, ...rows] = records;
  return { header: (header ?? []) as string[], rows };
}

/**
 * Rebuilds nested records from CSV rows as the README describes: drop one leading
 * apostrophe from text, read the listed number columns as numbers and the JSON columns as JSON,
 * merge the `extra` object, and nest dotted names.
 */
export function recordsFromCsv(
  table: { header: string[]; rows: (string | null)[][] },
  isNumber: (column: string) => boolean,
  isJson: (column: string) => boolean,
): Record<string, unknown>[] {
  return table.rows.map((row) => {
    const flat: Record<string, unknown> = {};
    table.header.forEach((column, index) => {
      const cell = row[index] ?? null;
      if (cell === null) {
        return;
      }
      if (column === 'extra') {
        Object.assign(flat, JSON.parse(cell) as object);
      } else if (isNumber(column)) {
        flat[column] = Number(cell);
      } else if (isJson(column)) {
        flat[column] = JSON.parse(cell);
      } else {
        flat[column] = cell.startsWith("'") ? cell.slice(1) : cell;
      }
    });
    return nest(flat);
  });
}

/** Reads a Parquet file with parquet-wasm (the Rust parquet crate) into plain row objects. */
export async function readParquetRows(path: string): Promise<{
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
}> {
  const table = tableFromIPC(readParquet(await readFile(path)).intoIPCStream());
  const columns = table.schema.fields.map((field) => ({
    name: field.name,
    type: String(field.type),
  }));
  const rows = table.toArray().map((row) => ({ ...(row.toJSON() as Record<string, unknown>) }));
  return { columns, rows };
}

/** Reads a Parquet file's row count and column names with hyparquet. */
export async function readParquetMetadata(
  path: string,
): Promise<{ rows: number; columns: string[] }> {
  const bytes = await readFile(path);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const metadata = parquetMetadata(buffer);
  return {
    rows: Number(metadata.num_rows),
    columns: metadata.schema.slice(1).map((element) => element.name),
  };
}

/** Nests dotted keys: `{ 'a.b': 1 }` becomes `{ a: { b: 1 } }`. */
export function nest(flat: Record<string, unknown>): Record<string, unknown> {
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

/** Drops null fields and empty objects, which CSV and Parquet cannot tell from absent ones. */
export function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value) || value === null || typeof value !== 'object') {
    return value;
  }
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const cleaned = withoutEmpty(child);
    if (cleaned === null || cleaned === undefined) {
      continue;
    }
    if (
      typeof cleaned === 'object' &&
      !Array.isArray(cleaned) &&
      Object.keys(cleaned).length === 0
    ) {
      continue;
    }
    result[key] = cleaned;
  }
  return result;
}

export const T0 = Date.parse('2026-12-01T10:00:00.000Z');

export function observation(overrides: Partial<Observation>): Observation {
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
