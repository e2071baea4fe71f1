import { stringify } from 'csv-stringify/sync';
import type { ByteSink } from '../byteSink';
import type { Cell, TabularLayout } from '../tabularLayout';
import type { ExportRecord } from '../types';
import type { FormatWriter } from './formatWriter';

/**
 * Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR), and
 * text starting with an apostrophe, gets one leading apostrophe. So a reader restores the
 * original value of any text cell by dropping the first character when it is an apostrophe.
 * Numbers are written as numbers, so negative numbers stay numbers.
 */
const NEEDS_APOSTROPHE = /^[=+\-@\t\r']/;

/**
 * RFC 4180 CSV in UTF-8: a header row, CRLF between records, fields quoted when they contain a
 * comma, quote, CR or LF, quotes doubled. An empty string is written as `""` and null as an
 * empty field, so the two stay apart for readers that look at quoting.
 */
export class CsvWriter implements FormatWriter {
  private headerWritten: boolean;

  constructor(
    private readonly sink: ByteSink,
    private readonly layout: TabularLayout,
  ) {
    // A resumed file already starts with the header.
    this.headerWritten = sink.bytes > 0;
  }

  async write(records: readonly ExportRecord[]): Promise<void> {
    const rows: Cell[][] = this.headerWritten ? [] : [this.layout.columns.map((c) => c.name)];
    this.headerWritten = true;
    for (const record of records) {
      rows.push(this.layout.cells(record));
    }
    await this.sink.write(formatCsvRows(rows));
  }

  async finish(): Promise<void> {
    if (!this.headerWritten) {
      await this.write([]);
    }
  }
}

/** Formats rows of cells as CSV records, neutralising formula-like text. */
export function formatCsvRows(rows: readonly (readonly Cell[])[]): string {
  if (rows.length === 0) {
    return '';
  }
  const neutralised = rows.map((row) => row.map(neutraliseCell));
  return stringify(neutralised, {
    record_delimiter: 'windows',
    // csv-stringify quotes only the CRLF delimiter by default; a lone CR or LF must be quoted too.
    quoted_match: /[\r\n]/,
    cast: {
      boolean: (value) => (value ? 'true' : 'false'),
      // A quoted empty field, written as is; quoted_empty would quote null cells as well.
      string: (value) => (value === '' ? { value: '""', quote: '' } : value),
    },
  });
}

/** Prefixes an apostrophe to text a spreadsheet would read as a formula; see NEEDS_APOSTROPHE. */
export function neutraliseCell(cell: Cell): Cell {
  return typeof cell === 'string' && NEEDS_APOSTROPHE.test(cell) ? `'${cell}` : cell;
}

/** Restores a text cell written by neutraliseCell. */
export function restoreCell(text: string): string {
  return text.startsWith("'") ? text.slice(1) : text;
}
