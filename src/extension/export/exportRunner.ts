import { buildReport } from '../../metrics';
import type { Report } from '../../metrics/types';
import {
  exportObservationData,
  exportReport,
  type ExportFormat,
  type ExportKind,
  type ExportProgress,
  type ExportResult,
} from '../../export/exportData';
import type { TimeRange } from '../../langfuse/types';
import { resolveTimeRange } from '../timeRange';
import type { ExtensionServices } from '../services';

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  targetPath: string;
}

/**
 * Exports what the views show: the range of the last load (or the selected range when nothing
 * is loaded) from the active source. The report export reuses the loaded report.
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
    loaded?.range ?? resolveTimeRange(services.analytics.preset, Date.now(), config.timeZone);

  if (request.kind === 'report' && loaded) {
    logger.info(`writing the loaded report as ${request.format} to ${request.targetPath}`);
    return exportReport(loaded.analytics.report, request.format, request.targetPath);
  }

  const opened = await services.analytics.openActiveSource();
  if (opened.kind !== 'ok') {
    const reason =
      opened.kind === 'signedOut' ? 'Sign in or open the sample data first.' : opened.message;
    throw new Error(`Nothing to export: ${reason}`);
  }

  logger.info(
    `exporting ${request.kind} as ${request.format} from ${opened.label} to ${request.targetPath}`,
  );
  try {
    if (request.kind === 'report') {
      const report: Report = await buildReport(opened.source.observationPages(range, signal), {
        range,
        timeZone: config.timeZone,
      });
      return await exportReport(report, request.format, request.targetPath);
    }

    const result = await exportObservationData({
      kind: request.kind,
      format: request.format,
      targetPath: request.targetPath,
      source: opened.source,
      range,
      signal,
      onProgress,
    });
    logger.info(`exported ${result.rows} rows from ${result.observations} observations`);
    return result;
  } finally {
    await opened.close();
  }
}
