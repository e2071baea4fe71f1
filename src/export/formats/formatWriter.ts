import type { ByteSink } from '../byteSink';
import type { TabularLayout } from '../tabularLayout';
import type { ExportFormat, ExportRecord } from '../types';
import { CsvWriter } from './csvWriter';
import { JsonArrayWriter, JsonLinesWriter } from './jsonWriters';
import { ParquetFormatWriter } from './parquetWriter';

/** Writes records in one format to a sink, with backpressure from the sink. */
export interface FormatWriter {
  write(records: readonly ExportRecord[]): Promise<void>;
  /** Writes what closes the file (the JSON bracket, the Parquet footer). */
  finish(): Promise<void>;
}

/** Formats a checkpointed file can be continued in: their bytes depend only on earlier rows. */
export const RESUMABLE_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'jsonl'];

export interface FormatWriterOptions {
  format: ExportFormat;
  sink: ByteSink;
  /** The columns; required for CSV and Parquet. */
  layout?: TabularLayout;
  /** Rows already in a resumed file. The sink's byte count shows whether a header is there. */
  resumedRows?: number;
}

export function createFormatWriter(options: FormatWriterOptions): FormatWriter {
  const resumedRows = options.resumedRows ?? 0;
  switch (options.format) {
    case 'json':
      return new JsonArrayWriter(options.sink, resumedRows);
    case 'jsonl':
      return new JsonLinesWriter(options.sink);
    case 'csv':
      return new CsvWriter(options.sink, requireLayout(options));
    case 'parquet':
      return new ParquetFormatWriter(options.sink, requireLayout(options));
  }
}

/** True for formats whose columns must be known before the first row. */
export function isTabular(format: ExportFormat): boolean {
  return format === 'csv' || format === 'parquet';
}

function requireLayout(options: FormatWriterOptions): TabularLayout {
  if (!options.layout) {
    throw new TypeError(`The ${options.format} writer needs the columns before the first row.`);
  }
  return options.layout;
}
