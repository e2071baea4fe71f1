import { parseFilter, type Filter } from '../analytics/filters';
import type { AnalyticsCommandOptions } from '../analytics/reportOptions';
import { LangfuseClient } from '../langfuse/client';
import { openDestination, type ExportOptions } from './exportOptions';
import { isTabular } from './formats/formatWriter';
import { streamObservations } from './observationExport';
import {
  BREAKDOWN_COLUMNS,
  REPORT_COLUMNS,
  SCORE_COLUMNS,
  TRACE_EXPORT_COLUMNS,
  scoreRecord,
} from './records';
import { observationBatches } from './sources/observationBatches';
import { breakdownRecords, buildReportData, reportKeyValues } from './sources/reportData';
import { EXTRA_COLUMN, TabularLayout } from './tabularLayout';
import { TraceRowCollector } from './traceRows';
import type { ExportRecord, ExportResult } from './types';
import { writeDocument, writeRecords } from './writeRecords';

export type { ExportOptions } from './exportOptions';

/** Rows per write for exports whose rows are all in memory (traces, report, breakdown). */
const ROWS_PER_WRITE = 1000;

/**
 * Exports traces, observations, scores, the report or a breakdown to a local file or an S3
 * object in CSV, JSON, JSONL or Parquet. The target appears only when the export completes.
 * An observations export to a local CSV, JSON or JSONL file from the Langfuse v2 API can be
 * resumed: when a rate limit or network failure outlasts the client's retries, it throws an
 * ExportInterruptedError, and the same call later continues after the last written page.
 * Every other export that fails or is cancelled leaves nothing at the target.
 */
export async function runExport(options: ExportOptions): Promise<ExportResult> {
  options.signal?.throwIfAborted();
  const filters = (options.filters ?? []).map((text) => parseFilter(text));
  if (options.what === 'scores' && filters.length > 0) {
    throw new RangeError(
      'Filters select traces and observations, not scores; export scores without filters.',
    );
  }

  switch (options.what) {
    case 'observations':
      return streamObservations(options, filters);
    case 'scores':
      return exportScores(options);
    case 'traces':
      return exportTraces(options, filters);
    case 'report':
    case 'breakdown':
      return exportReportOrBreakdown(options);
  }
}

async function exportScores(options: ExportOptions): Promise<ExportResult> {
  const destination = await openDestination(options);
  const layout = isTabular(options.format) ? new TabularLayout(SCORE_COLUMNS) : undefined;
  const source = options.source;

  return writeRecords(options, destination, layout, async (write) => {
    if (!(source instanceof LangfuseClient)) {
      options.logger?.info('[export] this source has no scores; writing an empty export');
      return { rows: 0, observations: 0 };
    }
    let pages = 0;
    let rows = 0;
    for await (const page of source.scorePages(options.range, options.signal)) {
      await write(page.map(scoreRecord));
      pages += 1;
      rows += page.length;
      options.onProgress?.({ rows, pages, observations: 0 });
    }
    return { rows, observations: 0 };
  });
}

/**
 * Writes one row per trace. Memory grows with the number of traces, because a trace's
 * observations can arrive on any page, and nothing is written before the last page.
 */
async function exportTraces(options: ExportOptions, filters: Filter[]): Promise<ExportResult> {
  const collector = new TraceRowCollector();
  let pages = 0;
  let observations = 0;
  const batches = observationBatches(options.source, options.range, {
    filters,
    withMetadata: false,
    signal: options.signal,
    logger: options.logger,
  });
  for await (const batch of batches) {
    for (const observation of batch.observations) {
      collector.add(observation);
    }
    pages += 1;
    observations += batch.read;
    options.onProgress?.({ rows: 0, pages, observations });
  }

  const records = collector.rows() as unknown as ExportRecord[];
  const layout = isTabular(options.format) ? new TabularLayout(TRACE_EXPORT_COLUMNS) : undefined;
  return writeAll(options, records, layout, observations);
}

async function exportReportOrBreakdown(options: ExportOptions): Promise<ExportResult> {
  let pages = 0;
  let observations = 0;
  const analytics: AnalyticsCommandOptions = {
    analytics: true,
    filter: [...(options.filters ?? [])],
    groupBy: options.groupBy ?? (options.what === 'breakdown' ? 'model' : undefined),
    granularity: options.granularity,
  };

  let document = options.what === 'report' ? options.report : undefined;
  let records: ExportRecord[] = [];
  if (document === undefined) {
    const data = await buildReportData(options.source, {
      range: options.range,
      timeZone: options.timeZone,
      analytics,
      signal: options.signal,
      logger: options.logger,
      onPage: (count) => {
        pages += 1;
        observations += count;
        options.onProgress?.({ rows: 0, pages, observations });
      },
    });
    document = { ...data.report, analytics: data.analytics };
    records = breakdownRecords(data.analytics);
  }

  if (options.what === 'breakdown') {
    const layout = isTabular(options.format)
      ? new TabularLayout([...BREAKDOWN_COLUMNS, EXTRA_COLUMN])
      : undefined;
    return writeAll(options, records, layout, observations);
  }

  if (options.format === 'json') {
    const destination = await openDestination(options);
    const text = `${JSON.stringify(document, null, 2)}\n`;
    return writeDocument(options, destination, text, { rows: 1, observations });
  }
  if (options.format === 'jsonl') {
    return writeAll(options, [document as ExportRecord], undefined, observations);
  }
  return writeAll(
    options,
    reportKeyValues(document),
    new TabularLayout(REPORT_COLUMNS),
    observations,
  );
}

async function writeAll(
  options: ExportOptions,
  records: readonly ExportRecord[],
  layout: TabularLayout | undefined,
  observations: number,
): Promise<ExportResult> {
  const destination = await openDestination(options);
  return writeRecords(options, destination, layout, async (write) => {
    for (let start = 0; start < records.length; start += ROWS_PER_WRITE) {
      await write(records.slice(start, start + ROWS_PER_WRITE));
    }
    return { rows: records.length, observations };
  });
}
