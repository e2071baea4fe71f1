import { AnalyticsBuilder } from '../../analytics/analyticsBuilder';
import type { AnalyticsReport } from '../../analytics/assembleReport';
import { matchesFilters } from '../../analytics/filters';
import { analyticsOptionsOf, type AnalyticsCommandOptions } from '../../analytics/reportOptions';
import { buildReportWithAnalytics } from '../../analytics/runAnalytics';
import { LangfuseClient } from '../../langfuse/client';
import type { Logger } from '../../langfuse/http';
import type { ObservationSource, TimeRange } from '../../langfuse/types';
import { ReportBuilder } from '../../metrics';
import type { Report } from '../../metrics/types';
import { breakdownRecord } from '../records';
import type { ExportRecord } from '../types';

export interface ReportData {
  report: Report;
  analytics: AnalyticsReport;
}

export interface ReportDataOptions {
  range: TimeRange;
  timeZone: string;
  analytics: AnalyticsCommandOptions;
  signal?: AbortSignal;
  logger?: Logger;
  onPage?: (observations: number) => void;
}

/**
 * Builds the metrics report and its analytics (breakdowns, series, scores) over the
 * observations that pass the filters, as `trace-insight report --json --analytics` does. A
 * source other than a Langfuse client (the sample data) has no scores or project prices, so
 * its score filters match nothing and prices come from the bundled table.
 */
export async function buildReportData(
  source: ObservationSource,
  options: ReportDataOptions,
): Promise<ReportData> {
  if (source instanceof LangfuseClient) {
    return buildReportWithAnalytics(source, options.analytics, options.range, options.timeZone, {
      logger: options.logger,
      signal: options.signal,
      onPage: options.onPage,
    });
  }

  const analyticsOptions = analyticsOptionsOf(options.analytics, options.range, options.timeZone);
  const analytics = new AnalyticsBuilder(analyticsOptions);
  const report = new ReportBuilder({ range: options.range, timeZone: options.timeZone });
  const filters = analyticsOptions.filters ?? [];
  for await (const page of source.observationPages(options.range, options.signal)) {
    options.signal?.throwIfAborted();
    analytics.addPage(page);
    for (const observation of page) {
      if (matchesFilters(observation, filters, () => undefined)) {
        report.add(observation);
      }
    }
    options.onPage?.(page.length);
  }
  return { report: report.build(), analytics: analytics.build() };
}

/** Returns one record per group of every breakdown. */
export function breakdownRecords(analytics: AnalyticsReport): ExportRecord[] {
  return analytics.breakdowns.flatMap((breakdown) =>
    breakdown.groups.map((group) => breakdownRecord(breakdown.dimension, group)),
  );
}

/**
 * Flattens a report into `{ key, value }` records with dotted keys, arrays by index
 * (`analytics.breakdowns.0.groups.1.costUsd`), for the tabular formats.
 */
export function reportKeyValues(document: unknown): ExportRecord[] {
  const records: ExportRecord[] = [];
  const visit = (prefix: string, value: unknown): void => {
    if (value !== null && typeof value === 'object') {
      const entries = Array.isArray(value)
        ? value.map((item, i) => [String(i), item])
        : Object.entries(value);
      for (const [key, child] of entries) {
        visit(prefix === '' ? String(key) : `${prefix}.${String(key)}`, child);
      }
      return;
    }
    records.push({ key: prefix, value: value ?? null });
  };
  visit('', document);
  return records;
}
