import { LangfuseClient, type Logger } from '../langfuse/client';
import { normalizeScore } from '../langfuse/normalize';
import type { SampleSource } from '../langfuse/sampleSource';
import type { Observation, ObservationSource, Score, TimeRange } from '../langfuse/types';
import type { Analytics } from '../metrics/analyticsTypes';
import { ReportBuilder } from '../metrics/reportBuilder';
import { AnalyticsBuilder, type AnalyticsOptions } from './analyticsBuilder';
import type { AnalyticsReport } from './assembleReport';
import { filteredObservationPages, readScores } from './fetchObservations';
import { matchesFilters } from './filters';
import { needsMetadata } from './reportOptions';

/** The report the first dashboard draws, and the deeper analytics, from one pass. */
export interface SourceAnalysis {
  analytics: Analytics;
  insights: AnalyticsReport;
}

export interface SourceAnalysisHooks {
  nowMs: number;
  logger?: Logger;
  signal?: AbortSignal;
  /** Called after each page with the observations read so far. */
  onProgress?: (observations: number) => void;
}

/**
 * Reads the range's scores and observations from any source once, and builds both the report
 * over the observations that pass the filters and the analytics. A Langfuse client reads through
 * the v2 endpoint with the filters the API supports as query parameters. Other sources are read
 * whole and filtered locally.
 */
export async function analyseSource(
  source: ObservationSource,
  options: AnalyticsOptions,
  hooks: SourceAnalysisHooks,
): Promise<SourceAnalysis> {
  const { range, timeZone } = options;
  const insights = new AnalyticsBuilder(options);
  const scoreCount = await addScoresOf(insights, source, range, hooks.signal);
  hooks.logger?.info(`[analytics] read ${scoreCount} scores`);

  const report = new ReportBuilder({ range, timeZone, nowMs: hooks.nowMs });
  const filters = options.filters ?? [];
  const scoresOfTrace = (traceId: string) => insights.scores.byTrace.get(traceId);

  let observations = 0;
  for await (const page of pagesOf(source, options, hooks)) {
    hooks.signal?.throwIfAborted();
    insights.addPage(page);
    for (const observation of page) {
      if (filters.length === 0 || matchesFilters(observation, filters, scoresOfTrace)) {
        report.add(observation);
      }
    }
    observations += page.length;
    hooks.onProgress?.(observations);
  }

  return { analytics: report.buildAnalytics(), insights: insights.build() };
}

function pagesOf(
  source: ObservationSource,
  options: AnalyticsOptions,
  hooks: SourceAnalysisHooks,
): AsyncIterable<Observation[]> {
  if (source instanceof LangfuseClient) {
    return filteredObservationPages(source, options.range, {
      filters: options.filters ?? [],
      withMetadata: needsMetadata(options),
      logger: hooks.logger,
      signal: hooks.signal,
    });
  }
  return source.observationPages(options.range, hooks.signal);
}

/**
 * Adds the range's scores to the builder and returns their number. The score list stays local
 * to this function, so it can be collected while the observations stream.
 */
async function addScoresOf(
  builder: AnalyticsBuilder,
  source: ObservationSource,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<number> {
  const scores = await scoresOf(source, range, signal);
  builder.addScores(scores);
  return scores.length;
}

/** Reads the range's scores: from the API for a client, generated for the sample data, else none. */
async function scoresOf(
  source: ObservationSource,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<Score[]> {
  if (source instanceof LangfuseClient) {
    return readScores(source, range, signal);
  }
  // Duck-typed rather than instanceof, because a test bundle's SampleSource is another class.
  const dataset = (source as Partial<SampleSource>).dataset;
  if (dataset && typeof dataset.scoresV3 === 'function') {
    return [...dataset.scoresV3(range.fromMs, range.toMs)].map((raw) => normalizeScore(raw));
  }
  return [];
}
