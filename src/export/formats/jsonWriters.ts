import type { ByteSink } from '../byteSink';
import type { ExportRecord } from '../types';
import type { FormatWriter } from './formatWriter';

/** One JSON array, a record per line, streamed: `[`, the records, then `]`. */
export class JsonArrayWriter implements FormatWriter {
  private rows: number;

  constructor(
    private readonly sink: ByteSink,
    resumedRows: number,
  ) {
    this.rows = resumedRows;
  }

  async write(records: readonly ExportRecord[]): Promise<void> {
    let chunk = this.rows === 0 && this.sink.bytes === 0 ? '[' : '';
    for (const record of records) {
      chunk += `${this.rows === 0 ? '\n' : ',\n'}${JSON.stringify(record)}`;
      this.rows += 1;
    }
    await this.sink.write(chunk);
  }

  async finish(): Promise<void> {
    if (this.sink.bytes === 0) {
      await this.sink.write('[]\n');
      return;
    }
    await this.sink.write(this.rows === 0 ? ']\n' : '\n]\n');
  }
}

/** JSON Lines: one JSON object per line, each line ending in `\n`. */
export class JsonLinesWriter implements FormatWriter {
  constructor(private readonly sink: ByteSink) {}

  async write(records: readonly ExportRecord[]): Promise<void> {
    let chunk = '';
    for (const record of records) {
      chunk += `${JSON.stringify(record)}\n`;
    }
    await this.sink.write(chunk);
  }

  async finish(): Promise<void> {
    // Nothing closes a JSON Lines file.
  }
}
