/** The kinds of data an export can contain. */
export const EXPORT_WHATS = ['traces', 'observations', 'scores', 'report', 'breakdown'] as const;
export type ExportWhat = (typeof EXPORT_WHATS)[number];

/** The file formats an export can be written in. */
export const EXPORT_FORMATS = ['csv', 'json', 'jsonl', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The storage type of a column in the tabular formats (CSV and Parquet):
 * - `string`: text, or null.
 * - `double`: a number, or null.
 * - `boolean`: true or false, or null.
 * - `timestamp`: an ISO 8601 string in the record; a UTC millisecond timestamp in Parquet.
 * - `json`: any value written as its JSON text (tags, the `extra` column).
 * - `text`: a string as it is, any other value as its JSON text (metadata and score values,
 *   whose type varies from row to row).
 */
export type ColumnType = 'string' | 'double' | 'boolean' | 'timestamp' | 'json' | 'text';

export interface Column {
  name: string;
  type: ColumnType;
}

/** One exported row before flattening: plain JSON values, nested objects allowed. */
export type ExportRecord = Record<string, unknown>;

export interface ExportProgress {
  /** Rows written so far. */
  rows: number;
  /** API pages read so far. */
  pages: number;
  /** Observations read so far, before filters. */
  observations: number;
}

export interface ExportResult {
  /** Data rows written: traces, observations, scores, report keys or breakdown groups. */
  rows: number;
  /** Observations read from the source; 0 for scores. */
  observations: number;
  /** The file path or s3:// URL the export was written to. */
  target: string;
  /** Rows found in the checkpoint of an earlier, interrupted run and kept; 0 for a fresh run. */
  resumedRows: number;
}
