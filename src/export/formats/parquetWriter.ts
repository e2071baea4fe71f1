import { ByteWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import type { ByteSink } from '../byteSink';
import type { Cell, TabularLayout } from '../tabularLayout';
import type { Column, ExportRecord } from '../types';
import type { FormatWriter } from './formatWriter';

/**
 * Rows per Parquet row group. A row group is held in memory as column arrays until it is
 * encoded, so this bounds the memory of a Parquet export.
 */
export const PARQUET_ROW_GROUP_ROWS = 20_000;

/**
 * Parquet through hyparquet-writer: flat columns named as in CSV (`usageDetails.input`), all
 * optional, Snappy-compressed, timestamps as UTC milliseconds. Each row group is encoded and
 * written to the sink before the next one is collected.
 *
 * NOTE: hyparquet-writer 0.17 encodes the empty row-group list of a file without rows with
 * element type 0. Strict readers such as arrow-rs (parquet-wasm) reject that file, while
 * hyparquet reads it. Exports with rows are not affected.
 */
export class ParquetFormatWriter implements FormatWriter {
  private readonly byteWriter: SinkByteWriter;
  private readonly writer: ParquetWriter;
  private buffered: Cell[][] = [];

  constructor(
    sink: ByteSink,
    private readonly layout: TabularLayout,
    private readonly rowGroupRows = PARQUET_ROW_GROUP_ROWS,
  ) {
    this.byteWriter = new SinkByteWriter(sink);
    this.writer = new ParquetWriter({
      writer: this.byteWriter,
      schema: parquetSchema(layout.columns),
      createdBy: 'trace-insight',
    });
  }

  async write(records: readonly ExportRecord[]): Promise<void> {
    for (const record of records) {
      this.buffered.push(this.layout.cells(record));
      if (this.buffered.length >= this.rowGroupRows) {
        await this.writeRowGroup();
      }
    }
  }

  async finish(): Promise<void> {
    await this.writeRowGroup();
    this.writer.finish();
    await this.byteWriter.drained();
  }

  private async writeRowGroup(): Promise<void> {
    const rows = this.buffered;
    if (rows.length === 0) {
      return;
    }
    this.buffered = [];

    const columnData = this.layout.columns.map((column, index) => ({
      name: column.name,
      data: rows.map((row) => toParquetValue(column, row[index] ?? null)),
    }));
    await this.writer.write({ columnData, rowGroupSize: rows.length });
    await this.byteWriter.drained();
  }
}

/**
 * A hyparquet ByteWriter that hands its bytes to the sink whenever the Parquet writer flushes
 * (after each row group and at the end), so the file never sits in memory whole.
 */
class SinkByteWriter extends ByteWriter {
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly sink: ByteSink) {
    super();
  }

  flush(): Promise<void> {
    const bytes = Buffer.from(this.getBytes());
    this.index = 0;
    this.last = this.last.then(() => this.sink.write(bytes));
    return this.last;
  }

  override finish(): void {
    void this.flush().catch(() => undefined);
  }

  /** Resolves when every flushed chunk has been written to the sink. */
  drained(): Promise<void> {
    return this.last;
  }
}

function parquetSchema(columns: readonly Column[]): SchemaElement[] {
  const root: SchemaElement = { name: 'root', num_children: columns.length };
  return [root, ...columns.map(columnSchema)];
}

function columnSchema(column: Column): SchemaElement {
  const optional = { name: column.name, repetition_type: 'OPTIONAL' as const };
  switch (column.type) {
    case 'double':
      return { ...optional, type: 'DOUBLE' };
    case 'boolean':
      return { ...optional, type: 'BOOLEAN' };
    case 'timestamp':
      return { ...optional, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' };
    // JSON columns are UTF8 text holding JSON, as in CSV, because hyparquet-writer would
    // encode the JSON of the text again for converted_type JSON.
    case 'json':
    case 'string':
    case 'text':
      return { ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
  }
}

function toParquetValue(column: Column, cell: Cell): Cell | Date {
  if (cell === null || column.type !== 'timestamp') {
    return cell;
  }
  return new Date(cell as string);
}
