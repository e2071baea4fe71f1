import type { Observation } from '../langfuse/types';
import type { Analytics, ReportOptions } from './analyticsTypes';
import { ReportBuilder } from './reportBuilder';
import type { Report } from './types';

export * from './analyticsTypes';
export { ReportBuilder } from './reportBuilder';
export * from './types';

/** Builds the report from a stream of observation pages. */
export async function buildReport(
  pages: AsyncIterable<readonly Observation[]>,
  options: ReportOptions,
): Promise<Report> {
  return (await buildAnalytics(pages, options)).report;
}

/** Builds the report with the daily series and groups from a stream of observation pages. */
export async function buildAnalytics(
  pages: AsyncIterable<readonly Observation[]>,
  options: ReportOptions,
): Promise<Analytics> {
  const builder = new ReportBuilder(options);
  for await (const page of pages) {
    builder.addPage(page);
  }
  return builder.buildAnalytics();
}
