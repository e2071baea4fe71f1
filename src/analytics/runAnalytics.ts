import type { LangfuseClient } from '../langfuse/client';
import type { Logger } from '../langfuse/http';
import { readProjectModels } from '../langfuse/metricsApi';
import type { TimeRange } from '../langfuse/types';
import { ReportBuilder, type Report } from '../metrics';
import { AnalyticsBuilder } from './analyticsBuilder';
import type { AnalyticsReport } from './assembleReport';
import { filteredObservationPages, readScores } from './fetchObservations';
import { matchesFilters } from './filters';
import { analyticsOptionsOf, needsMetadata, type AnalyticsCommandOptions } from './reportOptions';

export interface ReportWithAnalytics {
  report: Report;
  analytics: AnalyticsReport;
}

/**
 * Reads the project's prices, the range's scores and its observations once, and builds both
 * the report (over the observations that pass the filters) and the analytics.
 */
export async function buildReportWithAnalytics(
  client: LangfuseClient,
  commandOptions: AnalyticsCommandOptions,
  range: TimeRange,
  timeZone: string,
  hooks: { logger?: Logger; signal?: AbortSignal; onPage?: (observations: number) => void },
): Promise<ReportWithAnalytics> {
  const projectModels = await readProjectModels(client, hooks.signal);
  hooks.logger?.info(
    projectModels === null
      ? '[analytics] the server has no /api/public/models; using the bundled price table'
      : `[analytics] read ${projectModels.length} model prices from /api/public/models`,
  );

  const options = analyticsOptionsOf(
    commandOptions,
    range,
    timeZone,
    projectModels ?? [],
    client.baseUrl.href,
  );
  const analytics = new AnalyticsBuilder(options);
  const scores = await readScores(client, range, hooks.signal);
  analytics.addScores(scores);
  hooks.logger?.info(`[analytics] read ${scores.length} scores`);

  const report = new ReportBuilder({ range, timeZone });
  const filters = options.filters ?? [];
  const scoresOfTrace = (traceId: string) => analytics.scores.byTrace.get(traceId);
  const pages = filteredObservationPages(client, range, {
    filters,
    withMetadata: needsMetadata(options),
    logger: hooks.logger,
    signal: hooks.signal,
  });
  for await (const page of pages) {
    analytics.addPage(page);
    for (const observation of page) {
      if (matchesFilters(observation, filters, scoresOfTrace)) {
        report.add(observation);
      }
    }
    hooks.onPage?.(page.length);
  }

  return { report: report.build(), analytics: analytics.build() };
}
