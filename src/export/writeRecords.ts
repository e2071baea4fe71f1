import type { Logger } from '../langfuse/http';
import { ByteSink } from './byteSink';
import type { Destination } from './destinations/destination';
import { createFormatWriter, type FormatWriter } from './formats/formatWriter';
import type { TabularLayout } from './tabularLayout';
import type { ExportFormat, ExportRecord, ExportResult } from './types';

export interface WriteContext {
  format: ExportFormat;
  signal?: AbortSignal;
  logger?: Logger;
}

export type WriteBatch = (records: readonly ExportRecord[]) => Promise<void>;

/**
 * Runs `produce`, which hands batches of records to `write`, and commits the destination when
 * it returns. On any error, cancel included, the destination is discarded and the error is
 * thrown again.
 */
export async function writeRecords(
  context: WriteContext,
  destination: Destination,
  layout: TabularLayout | undefined,
  produce: (write: WriteBatch) => Promise<{ rows: number; observations: number }>,
): Promise<ExportResult> {
  const sink = new ByteSink(destination.stream, destination.initialBytes);
  let writer: FormatWriter | undefined;
  const write: WriteBatch = async (records) => {
    context.signal?.throwIfAborted();
    writer ??= createFormatWriter({ format: context.format, sink, layout });
    await writer.write(records);
  };

  try {
    const counts = await produce(write);
    writer ??= createFormatWriter({ format: context.format, sink, layout });
    await writer.finish();
    await sink.flushed();
    context.signal?.throwIfAborted();
    await destination.commit();
    context.logger?.info(
      `[export] wrote ${counts.rows} rows as ${context.format} to ${destination.target}`,
    );
    return { ...counts, target: destination.target, resumedRows: 0 };
  } catch (error) {
    await destination.discard(error);
    context.logger?.info(`[export] nothing written to ${destination.target}: ${describe(error)}`);
    throw error;
  }
}

/** Writes one prepared text (the report as pretty JSON) and commits it. */
export async function writeDocument(
  context: WriteContext,
  destination: Destination,
  text: string,
  counts: { rows: number; observations: number },
): Promise<ExportResult> {
  const sink = new ByteSink(destination.stream);
  try {
    await sink.write(text);
    await sink.flushed();
    context.signal?.throwIfAborted();
    await destination.commit();
    context.logger?.info(`[export] wrote the report as ${context.format} to ${destination.target}`);
    return { ...counts, target: destination.target, resumedRows: 0 };
  } catch (error) {
    await destination.discard(error);
    throw error;
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
