import type { Column, ColumnType, ExportRecord } from './types';

/** A CSV or Parquet cell: text, a number, a boolean, or null for an empty cell. */
export type Cell = string | number | boolean | null;

/** The column that holds, as a JSON object, the fields that have no column of their own. */
export const EXTRA_COLUMN: Column = { name: 'extra', type: 'json' };

/**
 * The cap on columns discovered beyond the fixed ones, so a page with thousands of distinct
 * metadata keys cannot produce a file too wide for spreadsheets. The rest go to `extra`.
 */
export const MAX_DISCOVERED_COLUMNS = 200;

/** The cap on dotted names cached per prefix, so metadata with ever-new keys cannot grow it. */
const MAX_CACHED_NAMES = 10_000;

/**
 * The columns of a tabular export, fixed before the first row is written, and the mapping of
 * a record onto them. Nested objects become dotted columns (`usageDetails.input`,
 * `metadata.ticket_id`). A field without a column, or whose value does not fit its column's
 * type, goes into the `extra` column as `{"dotted.key": value}`.
 */
export class TabularLayout {
  readonly columns: readonly Column[];
  private readonly indexByName = new Map<string, number>();
  private readonly extraIndex: number;
  private readonly namesByPrefix = new Map<string, Map<string, string>>();

  constructor(columns: readonly Column[]) {
    this.columns = columns;
    columns.forEach((column, index) => this.indexByName.set(column.name, index));
    this.extraIndex = this.indexByName.get(EXTRA_COLUMN.name) ?? -1;
  }

  /**
   * Builds the layout from the fixed columns and the keys under `prefixes` seen in `sample`,
   * typically the first API page. Keys first seen later land in `extra`.
   */
  static discover(
    fixed: readonly Column[],
    prefixes: readonly string[],
    sample: readonly ExportRecord[],
  ): TabularLayout {
    if (prefixes.length === 0) {
      return new TabularLayout(fixed);
    }

    const fixedNames = new Set(fixed.map((column) => column.name));
    const discovered = new Map<string, ColumnType>();
    for (const record of sample) {
      for (const [key, value] of Object.entries(flattenRecord(record))) {
        if (fixedNames.has(key) || discovered.has(key) || value === null) {
          continue;
        }
        if (!prefixes.some((prefix) => key.startsWith(`${prefix}.`))) {
          continue;
        }
        discovered.set(key, inferType(key, value));
      }
    }

    const ordered = [...discovered.entries()]
      .sort(([a], [b]) => comparePrefixed(a, b, prefixes))
      .slice(0, MAX_DISCOVERED_COLUMNS)
      .map(([name, type]) => ({ name, type }));
    return new TabularLayout([...fixed, ...ordered, EXTRA_COLUMN]);
  }

  /** Maps a record onto the columns, in column order. */
  cells(record: ExportRecord): Cell[] {
    const cells: Cell[] = new Array<Cell>(this.columns.length).fill(null);
    const extra = this.place(record, '', cells, undefined);

    if (extra !== undefined) {
      if (this.extraIndex < 0) {
        throw new TypeError(
          `The export has no column for ${Object.keys(extra).join(', ')} and no "extra" column.`,
        );
      }
      cells[this.extraIndex] = JSON.stringify(extra);
    }
    return cells;
  }

  /**
   * Walks a nested object as flattenRecord does, but writes each leaf straight into its cell,
   * because building the flat object first doubles the garbage of a large export.
   */
  private place(
    object: Record<string, unknown>,
    prefix: string,
    cells: Cell[],
    extra: Record<string, unknown> | undefined,
  ): Record<string, unknown> | undefined {
    for (const key in object) {
      const value = object[key];
      const name = this.dottedName(prefix, key);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        extra = this.place(value as Record<string, unknown>, name, cells, extra);
        continue;
      }

      const index = this.indexByName.get(name);
      if (index !== undefined && index !== this.extraIndex) {
        const cell = toCell((this.columns[index] as Column).type, value);
        if (cell !== undefined) {
          cells[index] = cell;
          continue;
        }
      }
      if (value !== null && value !== undefined) {
        extra ??= {};
        extra[name] = value;
      }
    }
    return extra;
  }

  /** Returns `prefix.key`, cached, since the same few names repeat on every row. */
  private dottedName(prefix: string, key: string): string {
    if (prefix === '') {
      return key;
    }
    let names = this.namesByPrefix.get(prefix);
    if (names === undefined) {
      names = new Map();
      this.namesByPrefix.set(prefix, names);
    }
    let name = names.get(key);
    if (name === undefined) {
      name = `${prefix}.${key}`;
      if (names.size < MAX_CACHED_NAMES) {
        names.set(key, name);
      }
    }
    return name;
  }
}

/**
 * Flattens nested plain objects into dotted keys. Arrays and primitives are leaves; an empty
 * object has no leaves.
 */
export function flattenRecord(record: ExportRecord): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  const visit = (prefix: string, value: unknown): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) {
        visit(prefix === '' ? key : `${prefix}.${key}`, child);
      }
      return;
    }
    flat[prefix] = value === undefined ? null : value;
  };
  visit('', record);
  return flat;
}

/** Converts a value for a column, or returns undefined when it does not fit the type. */
function toCell(type: ColumnType, value: unknown): Cell | undefined {
  if (value === null || value === undefined) {
    return null;
  }
  switch (type) {
    case 'string':
    case 'timestamp':
      return typeof value === 'string' ? value : undefined;
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'json':
      return JSON.stringify(value);
    case 'text':
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

function inferType(key: string, value: unknown): ColumnType {
  if (key.startsWith('metadata.')) {
    // Metadata values change type between observations more often than not.
    return 'text';
  }
  if (typeof value === 'number') {
    return 'double';
  }
  if (typeof value === 'boolean') {
    return 'boolean';
  }
  return typeof value === 'string' ? 'string' : 'json';
}

function comparePrefixed(a: string, b: string, prefixes: readonly string[]): number {
  const rank = (key: string): number =>
    prefixes.findIndex((prefix) => key.startsWith(`${prefix}.`));
  const byPrefix = rank(a) - rank(b);
  if (byPrefix !== 0) {
    return byPrefix;
  }
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}
