import type { Logger } from '../langfuse/http';
import type { JsonTransport } from '../langfuse/metricsApi';
import type { ObservationSource, TimeRange } from '../langfuse/types';
import type { Analytics } from '../metrics/analyticsTypes';
import { readDailyModelFigures } from './dailyModelFigures';
import { analyticsFromMetrics } from './metricsAnalytics';
import type { MetricsCache } from './metricsCache';
import { readLatencyPercentiles } from './modelLatency';

/** `auto` uses the metrics API v2 for ranges of 31 days or more; `always` and `never` force it. */
export type MetricsApiMode = 'auto' | 'always' | 'never';

export const METRICS_API_MODES: readonly MetricsApiMode[] = ['auto', 'always', 'never'];

/** Ranges of at least this many days use the metrics API in `auto` mode. */
export const MIN_DAYS_FOR_METRICS_API = 31;

/** Langfuse Cloud's daily quota of metrics queries on the Hobby plan, for the log line. */
const HOBBY_QUERIES_PER_DAY = 100;

const DAY_MS = 86_400_000;

/**
 * The figures the metrics API v2 serves: cost, tokens and observation counts per model and UTC
 * day (and their totals), and observation latency percentiles by model and by type. It has no
 * traces view and rejects trace, user and session ids as dimensions, so the rest needs every
 * observation.
 */
export const FIGURES_NOT_FROM_METRICS_API = [
  'traces',
  'error traces and error rate',
  'users',
  'sessions',
  'trace latency',
  'unpriced observations',
  'breakdowns, scores and comparisons',
] as const;

/** The paths that served a load's figures, for the log, the dashboard's note and tests. */
export interface MetricsApiSummary {
  /** Figure name to its path, for example `Metrics API v2 (cache hit)`. */
  servedBy: Record<string, string>;
  /** Metrics API requests this load sent. */
  requests: number;
  /** Metrics API requests counted today (UTC) in this cache, this load's included. */
  requestsToday: number;
  unavailable: string[];
  /** The zone of the days of the series: the API buckets days in UTC. */
  dayTimeZone: 'UTC';
}

export interface MetricsApiAnalysis {
  analytics: Analytics;
  metricsApi: MetricsApiSummary;
}

export interface MetricsPathOptions {
  range: TimeRange;
  timeZone: string;
  nowMs: number;
  mode: MetricsApiMode;
  /** The number of filters of the view; the metrics path applies none, so any forces streaming. */
  filterCount: number;
  cache: MetricsCache;
  logger?: Logger;
  signal?: AbortSignal;
}

/** Decides whether a load reads the metrics API, and why, for the log. */
export function chooseMetricsPath(
  source: ObservationSource,
  options: Pick<MetricsPathOptions, 'range' | 'mode' | 'filterCount'>,
): { use: boolean; reason: string } {
  const days = (options.range.toMs - options.range.fromMs) / DAY_MS;
  if (options.mode === 'never') {
    return { use: false, reason: 'the metrics API setting is "never"' };
  }
  if (!isJsonTransport(source)) {
    return { use: false, reason: 'the source is not a Langfuse server' };
  }
  if (options.filterCount > 0) {
    const filters = options.filterCount === 1 ? '1 filter' : `${options.filterCount} filters`;
    return { use: false, reason: `the view has ${filters}, which this path does not apply` };
  }
  if (options.mode === 'auto' && days < MIN_DAYS_FOR_METRICS_API) {
    return {
      use: false,
      reason: `${days.toFixed(1)} days is shorter than ${MIN_DAYS_FOR_METRICS_API}`,
    };
  }
  return { use: true, reason: `${days.toFixed(1)} days, mode ${options.mode}` };
}

/**
 * Computes the dashboard's analytics from the metrics API v2 without reading observations.
 * Returns null after logging why when the path does not apply, the server has no such endpoint
 * (404) or a query fails. The caller then streams observations. Aborts are rethrown.
 */
export async function analyseWithMetricsApi(
  source: ObservationSource,
  options: MetricsPathOptions,
): Promise<MetricsApiAnalysis | null> {
  const { logger } = options;
  const choice = chooseMetricsPath(source, options);
  if (!choice.use || !isJsonTransport(source)) {
    logger?.info(`[metrics] all figures: streaming observations (${choice.reason})`);
    return null;
  }

  const { range, cache, nowMs, signal } = options;
  const readOptions = { cache, nowMs, logger, signal };
  const requestsBefore = cache.requestsOn(nowMs);
  try {
    const daily = await readDailyModelFigures(source, range, readOptions);
    const byModel =
      daily && (await readLatencyPercentiles(source, range, 'providedModelName', readOptions));
    const byType = byModel && (await readLatencyPercentiles(source, range, 'type', readOptions));
    if (!daily || !byModel || !byType) {
      logger?.info(
        '[metrics] all figures: streaming observations (the Metrics API v2 answered 404 or ' +
          'may have cut a response at its row limit)',
      );
      return null;
    }

    const requestsToday = cache.requestsOn(nowMs);
    const servedBy: Record<string, string> = {
      'cost, tokens and observations by model/day': pathLabel(daily.metricsRequests === 0),
      'latency percentiles by model': pathLabel(byModel.cacheHit),
      'latency percentiles by type': pathLabel(byType.cacheHit),
    };
    for (const [figure, path] of Object.entries(servedBy)) {
      logger?.info(`[metrics] ${figure}: ${path}`);
    }
    logger?.info(
      `[metrics] not available from the Metrics API: ${FIGURES_NOT_FROM_METRICS_API.join(', ')}`,
    );
    logger?.info(
      `[metrics] ${requestsToday - requestsBefore} Metrics API queries in this load, ` +
        `${requestsToday} today (UTC) from this cache; Langfuse Cloud Hobby allows ` +
        `${HOBBY_QUERIES_PER_DAY} a day`,
    );

    const analytics = analyticsFromMetrics(
      daily.figures,
      byModel.percentiles,
      byType.percentiles,
      range,
      options.timeZone,
      nowMs,
    );
    return {
      analytics,
      metricsApi: {
        servedBy,
        requests: requestsToday - requestsBefore,
        requestsToday,
        unavailable: [...FIGURES_NOT_FROM_METRICS_API],
        dayTimeZone: 'UTC',
      },
    };
  } catch (error) {
    if (signal?.aborted) {
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    logger?.warn(
      `[metrics] all figures: streaming observations (the Metrics API v2 failed: ${message})`,
    );
    return null;
  }
}

function pathLabel(cacheHit: boolean): string {
  return cacheHit ? 'Metrics API v2 (cache hit)' : 'Metrics API v2 (queried)';
}

function isJsonTransport(source: ObservationSource): source is ObservationSource & JsonTransport {
  return typeof (source as Partial<JsonTransport>).getJson === 'function';
}
