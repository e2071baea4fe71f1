import {
  runExport as runDataExport,
  type ExportFormat,
  type ExportProgress,
  type ExportResult,
  type ExportWhat,
  type S3DestinationOptions,
} from '../../export/exportData';
import type { TimeRange } from '../../langfuse/types';
import { resolveTimeRange } from '../timeRange';
import type { ExtensionServices } from '../services';

export interface ExportRequest {
  kind: ExportWhat;
  format: ExportFormat;
  /** A local file path or an s3://bucket/key URL. */
  targetPath: string;
  /** Filters in the `--filter` syntax; default: the dashboard's current filters. */
  filters?: string[];
  /** S3 client settings, e.g. a custom endpoint; credentials always come from the AWS chain. */
  s3?: Omit<S3DestinationOptions, 'logger'>;
}

/**
 * Exports what the views show: the range of the last load (or the selected range when nothing
 * is loaded) from the active source, with the dashboard's filters. The report export reuses the
 * loaded report when no filter applies.
 */
export async function runExport(
  services: ExtensionServices,
  request: ExportRequest,
  signal?: AbortSignal,
  onProgress?: (progress: ExportProgress) => void,
): Promise<ExportResult> {
  const logger = services.logger('export');
  const config = services.getConfig();
  const loaded = services.analytics.lastResult;
  const range: TimeRange =
    loaded?.range ??
    resolveTimeRange(
      services.analytics.preset,
      Date.now(),
      config.timeZone,
      services.analytics.customRange ?? undefined,
    );
  const viewFilters = loaded?.view?.filters ?? [];
  const filters = request.kind === 'scores' ? [] : (request.filters ?? viewFilters);
  if (request.kind === 'scores' && (request.filters ?? viewFilters).length > 0) {
    logger.info('the dashboard filters select traces, not scores; exporting every score');
  }

  const opened = await services.analytics.openActiveSource();
  if (opened.kind !== 'ok') {
    const reason =
      opened.kind === 'signedOut' ? 'Sign in or open the sample data first.' : opened.message;
    throw new Error(`Nothing to export: ${reason}`);
  }

  const loadedReport =
    request.kind === 'report' && loaded && filters.length === 0
      ? loaded.analytics.report
      : undefined;
  logger.info(
    `exporting ${request.kind} as ${request.format} from ${opened.label} to ` +
      `${request.targetPath} with ${filters.length} filters`,
  );
  try {
    const result = await runDataExport({
      what: request.kind,
      format: request.format,
      target: request.targetPath,
      source: opened.source,
      range,
      timeZone: loaded?.timeZone ?? config.timeZone,
      filters,
      groupBy: request.kind === 'breakdown' ? loaded?.view?.dimension : undefined,
      report: loadedReport,
      s3: request.s3,
      signal,
      onProgress,
      logger,
    });
    logger.info(`exported ${result.rows} rows from ${result.observations} observations`);
    return result;
  } finally {
    await opened.close();
  }
}
