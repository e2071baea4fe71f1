import {
  EXPORT_FORMATS,
  EXPORT_WHATS,
  ExportInterruptedError,
  isS3Target,
  parseS3Url,
  runExport,
} from '../export/exportData';
import { parseFilter } from '../analytics/filters';
import { resolveRangeOptions, resolveTimeZone, UsageError } from './options';
import { Progress } from './progress';
import { isCancellation } from '../langfuse/errors';
import { createClient, stderrLogger, type CommandIo } from './report';

export interface ExportCommandOptions {
  what?: string;
  format?: string;
  out?: string;
  range?: string;
  from?: string;
  to?: string;
  timeZone?: string;
  filter?: string[];
  groupBy?: string;
  granularity?: string;
  baseUrl?: string;
  s3Endpoint?: string;
  s3Region?: string;
  s3PathStyle?: boolean;
  verbose?: boolean;
}

/**
 * Runs `trace-insight export` and returns the exit status: 0 when the export is complete, 1
 * when it failed (nothing is left at --out) or was interrupted (run it again to continue).
 * Usage mistakes throw a UsageError, which the CLI turns into status 2.
 */
export async function runExportCommand(
  options: ExportCommandOptions,
  io: CommandIo,
): Promise<number> {
  const what = choice('--what', options.what, EXPORT_WHATS);
  const format = choice('--format', options.format ?? formatFromPath(options.out), EXPORT_FORMATS);
  const target = requireTarget(options.out);
  const timeZone = resolveTimeZone(options.timeZone);
  const range = resolveRangeOptions(options, timeZone);
  const filters = options.filter ?? [];
  for (const filter of filters) {
    try {
      parseFilter(filter);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  if (what === 'scores' && filters.length > 0) {
    throw new UsageError('--filter selects traces and observations, not scores; remove it.');
  }

  const client = createClient(options, io);
  const logger = stderrLogger(io.stderr, Boolean(options.verbose));
  const progress = new Progress(io.stderr);
  try {
    const result = await runExport({
      what,
      format,
      target,
      source: client,
      range,
      timeZone,
      filters,
      groupBy: options.groupBy,
      granularity: options.granularity,
      s3: {
        endpoint: options.s3Endpoint,
        region: options.s3Region,
        forcePathStyle: options.s3PathStyle,
      },
      signal: io.signal,
      logger,
      onProgress: (step) => progress.update(step.observations, step.pages),
    });
    progress.done();
    const resumed = result.resumedRows > 0 ? ` (continued after ${result.resumedRows} rows)` : '';
    io.stderr.write(
      `trace-insight: exported ${result.rows} ${what} rows from ${result.observations} ` +
        `observations to ${result.target}${resumed}\n`,
    );
    return 0;
  } catch (error) {
    progress.done();
    if (error instanceof ExportInterruptedError) {
      io.stderr.write(`trace-insight: ${error.message}\n`);
      return 1;
    }
    if (isCancellation(error) || (error instanceof Error && error.name === 'AbortError')) {
      io.stderr.write(`trace-insight: export cancelled; nothing written to ${target}\n`);
      return 1;
    }
    if (isAwsServiceError(error)) {
      io.stderr.write(
        `trace-insight: the S3 upload to ${target} failed, and no object was written: ` +
          `${error.name}: ${error.message} Check the bucket, the region and the AWS credentials.\n`,
      );
      return 1;
    }
    throw error;
  } finally {
    await client.close();
  }
}

/** True for the errors the AWS SDK raises for an S3 response, which carry `$metadata`. */
function isAwsServiceError(error: unknown): error is Error {
  return error instanceof Error && '$metadata' in error;
}

function choice<T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
): T {
  if (value === undefined) {
    throw new UsageError(`${option} is missing; use one of ${allowed.join(', ')}.`);
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${option} ${value} is invalid; use one of ${allowed.join(', ')}.`);
  }
  return value as T;
}

function formatFromPath(out: string | undefined): string | undefined {
  const match = /\.(csv|json|jsonl|parquet)$/i.exec(out ?? '');
  return match?.[1]?.toLowerCase();
}

function requireTarget(out: string | undefined): string {
  if (out === undefined || out.trim() === '') {
    throw new UsageError('--out is missing; pass a file path or an s3://bucket/key URL.');
  }
  if (isS3Target(out)) {
    try {
      parseS3Url(out);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return out;
}
