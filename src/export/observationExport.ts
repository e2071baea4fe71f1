import type { Filter } from '../analytics/filters';
import { LangfuseClient } from '../langfuse/client';
import { LangfuseError } from '../langfuse/errors';
import { ByteSink } from './byteSink';
import {
  checkpointPathsFor,
  deleteFiles,
  fingerprintOf,
  readCheckpoint,
  writeCheckpoint,
  type Checkpoint,
} from './checkpoint';
import { isS3Target, type Destination } from './destinations/destination';
import type { LocalFileDestination } from './destinations/localFile';
import {
  createFormatWriter,
  isTabular,
  RESUMABLE_FORMATS,
  type FormatWriter,
} from './formats/formatWriter';
import { openLocalTarget } from './localTarget';
import { OBSERVATION_COLUMNS, OBSERVATION_DYNAMIC_PREFIXES, observationRecord } from './records';
import { openDestination, type ExportOptions } from './exportOptions';
import { observationBatches } from './sources/observationBatches';
import { TabularLayout } from './tabularLayout';
import type { ExportResult } from './types';
import { describe } from './writeRecords';

interface ResumeState {
  checkpointPath: string;
  fingerprint: string;
  checkpoint: Checkpoint | undefined;
}

/**
 * Streams observations page by page to the destination, so memory contains one page (and,
 * for Parquet, one row group). CSV and Parquet columns are the fixed ones plus the usage, cost and
 * metadata keys of the first page; later keys go to the `extra` column.
 */
export async function streamObservations(
  options: ExportOptions,
  filters: readonly Filter[],
): Promise<ExportResult> {
  const resumable =
    !isS3Target(options.target) &&
    RESUMABLE_FORMATS.includes(options.format) &&
    options.source instanceof LangfuseClient;
  const resume = resumable ? await prepareResume(options) : undefined;

  let destination: Destination;
  if (resume) {
    destination = await openResumable(options.target, resume);
  } else {
    destination = await openDestination(options);
  }

  const checkpoint = resume?.checkpoint;
  const sink = new ByteSink(destination.stream, destination.initialBytes);
  let layout = checkpoint?.columns ? new TabularLayout(checkpoint.columns) : undefined;
  let writer: FormatWriter | undefined;
  let rows = checkpoint?.rows ?? 0;
  let observations = checkpoint?.observations ?? 0;
  let pages = checkpoint?.pages ?? 0;
  let savedCheckpoint = checkpoint !== undefined;
  if (checkpoint) {
    options.logger?.info(
      `[export] resuming ${destination.target} after ${checkpoint.rows} rows and ` +
        `${checkpoint.pages} pages`,
    );
  }

  try {
    const batches = observationBatches(options.source, options.range, {
      filters,
      withMetadata: true,
      startCursor: checkpoint?.cursor,
      signal: options.signal,
      logger: options.logger,
    });
    for await (const batch of batches) {
      options.signal?.throwIfAborted();
      const records = batch.observations.map(observationRecord);
      if (isTabular(options.format)) {
        layout ??= TabularLayout.discover(
          OBSERVATION_COLUMNS,
          OBSERVATION_DYNAMIC_PREFIXES,
          records,
        );
      }
      writer ??= createFormatWriter({ format: options.format, sink, layout, resumedRows: rows });
      await writer.write(records);

      rows += records.length;
      observations += batch.read;
      pages += 1;
      if (resume && batch.resumable && batch.nextCursor !== undefined) {
        await sink.flushed();
        await writeCheckpoint(resume.checkpointPath, {
          version: 1,
          fingerprint: resume.fingerprint,
          bytes: sink.bytes,
          rows,
          observations,
          pages,
          cursor: batch.nextCursor,
          columns: layout ? [...layout.columns] : undefined,
        });
        savedCheckpoint = true;
      }
      options.onProgress?.({ rows, pages, observations });
    }

    if (isTabular(options.format)) {
      layout ??= TabularLayout.discover(OBSERVATION_COLUMNS, OBSERVATION_DYNAMIC_PREFIXES, []);
    }
    writer ??= createFormatWriter({ format: options.format, sink, layout, resumedRows: rows });
    await writer.finish();
    await sink.flushed();
    options.signal?.throwIfAborted();
    await destination.commit();
    if (resume) {
      await deleteFiles(resume.checkpointPath);
    }
    options.logger?.info(
      `[export] wrote ${rows} observations as ${options.format} to ${destination.target}`,
    );
    return {
      rows,
      observations,
      target: destination.target,
      resumedRows: checkpoint?.rows ?? 0,
    };
  } catch (error) {
    if (resume && savedCheckpoint && isTransient(error)) {
      await (destination as LocalFileDestination).close();
      options.logger?.warn(
        `[export] ${destination.target} interrupted after ${rows} rows (${describe(error)}); ` +
          'the partial file and its checkpoint are kept, so the same export continues there.',
      );
      throw new ExportInterruptedError(destination.target, rows, error);
    }
    await destination.discard(error);
    if (resume) {
      await deleteFiles(resume.checkpointPath);
    }
    options.logger?.info(`[export] nothing written to ${destination.target}: ${describe(error)}`);
    throw error;
  }
}

/**
 * An export that stopped on a rate limit or network failure and can be continued by running it
 * again with the same parameters. The target itself is untouched.
 */
export class ExportInterruptedError extends Error {
  override readonly name = 'ExportInterruptedError';

  constructor(
    readonly target: string,
    readonly rowsWritten: number,
    override readonly cause: unknown,
  ) {
    super(
      `The export to ${target} stopped after ${rowsWritten} rows: ${
        cause instanceof Error ? cause.message : String(cause)
      } Run the same export again to continue from there; no row is written twice.`,
    );
  }
}

/** Failures that a later run may not meet: rate limits, timeouts, lost connections, 5xx. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof LangfuseError)) {
    return false;
  }
  switch (error.kind) {
    case 'rate-limited':
    case 'timeout':
    case 'unreachable':
    case 'invalid-response':
      return true;
    case 'http':
      return error.status === undefined || error.status >= 500;
    default:
      return false;
  }
}

async function prepareResume(options: ExportOptions): Promise<ResumeState> {
  const client = options.source as LangfuseClient;
  const fingerprint = fingerprintOf({
    what: options.what,
    format: options.format,
    origin: client.baseUrl.href,
    range: options.range,
    filters: options.filters ?? [],
  });
  const { checkpointPath } = checkpointPathsFor(options.target);
  const checkpoint = await readCheckpoint(checkpointPath, fingerprint);
  return { checkpointPath, fingerprint, checkpoint };
}

async function openResumable(target: string, resume: ResumeState): Promise<Destination> {
  const { partialPath, checkpointPath } = checkpointPathsFor(target);
  if (resume.checkpoint) {
    try {
      return await openLocalTarget(target, {
        partialPath,
        resumeAtBytes: resume.checkpoint.bytes,
      });
    } catch (error) {
      if (!(error instanceof RangeError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
      resume.checkpoint = undefined;
    }
  }
  await deleteFiles(partialPath, checkpointPath);
  return openLocalTarget(target, { partialPath });
}
