import type { Logger } from '../langfuse/http';
import { queryMetrics, type JsonTransport, type MetricsQuery } from '../langfuse/metricsApi';
import type { ObservationSource, TimeRange } from '../langfuse/types';
import {
  observationCostUsd,
  readTokenCounts,
  type TokenCounts,
} from '../metrics/observationValues';
import type { MetricsCache } from './metricsCache';

/** Cost, tokens and observations of one model on one UTC day. */
export interface DailyModelFigure {
  /** `YYYY-MM-DD`, in UTC. */
  day: string;
  model: string;
  observations: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export interface DailyModelFigures {
  /** The path that served the figures. */
  path: 'metrics-v2' | 'observations';
  figures: DailyModelFigure[];
  /** Metrics API requests sent; results read from the cache are not counted. */
  metricsRequests: number;
}

export interface DailyModelOptions {
  nowMs: number;
  cache: MetricsCache;
  /** Ranges shorter than this many days are streamed; default 31. */
  minDaysForMetrics?: number;
  logger?: Logger;
  signal?: AbortSignal;
}

export const NO_MODEL = '(no model)';

const DAY_MS = 86_400_000;
/** The metrics API returns at most this many rows, so a full response may be truncated. */
const ROW_LIMIT = 1000;

const METRICS: MetricsQuery['metrics'] = [
  { measure: 'count', aggregation: 'count' },
  { measure: 'totalCost', aggregation: 'sum' },
  { measure: 'inputTokens', aggregation: 'sum' },
  { measure: 'outputTokens', aggregation: 'sum' },
  { measure: 'totalTokens', aggregation: 'sum' },
];

/**
 * Cost, tokens and observation counts per model and UTC day. Long ranges are read from the
 * metrics API v2 (server-side aggregation), whose results are cached: closed past days for good,
 * the rest of the range for the cache's TTL. Short ranges, servers without the endpoint (404)
 * and responses that may be truncated at the row limit are computed by streaming observations.
 *
 * NOTE: the metrics API buckets days in UTC, so these figures use UTC days on both paths.
 */
export async function dailyModelFigures(
  client: JsonTransport & ObservationSource,
  range: TimeRange,
  options: DailyModelOptions,
): Promise<DailyModelFigures> {
  const days = (range.toMs - range.fromMs) / DAY_MS;
  const minDays = options.minDaysForMetrics ?? 31;
  if (days < minDays) {
    options.logger?.info(
      `[metrics] ${days.toFixed(1)} days is shorter than ${minDays}; streaming observations`,
    );
    return streamed(client, range, options);
  }

  const metrics = await readDailyModelFigures(client, range, options);
  if (metrics === null) {
    return streamed(client, range, options);
  }
  options.logger?.info(
    `[metrics] cost and tokens by model and day served by ${'/api/public/v2/metrics'} ` +
      `(${metrics.metricsRequests} requests, the rest from the cache)`,
  );
  return metrics;
}

/**
 * Reads cost, tokens and observation counts per model and UTC day from the metrics API v2 and
 * the cache only. Returns null when the server has no such endpoint (404) or a response may be
 * truncated at the row limit; other failures are thrown.
 */
export async function readDailyModelFigures(
  client: JsonTransport,
  range: TimeRange,
  options: DailyModelOptions,
): Promise<DailyModelFigures | null> {
  const { cache, nowMs } = options;
  const closedFromMs = Math.ceil(range.fromMs / DAY_MS) * DAY_MS;
  const closedToMs = Math.max(
    closedFromMs,
    Math.floor(Math.min(range.toMs, nowMs) / DAY_MS) * DAY_MS,
  );

  const rows: Record<string, unknown>[] = [];
  let requests = 0;
  const run = async (fromMs: number, toMs: number): Promise<Record<string, unknown>[] | null> => {
    requests++;
    const result = await queryMetrics(client, queryFor(fromMs, toMs), options.signal);
    cache.countRequest(nowMs);
    if (result === null) {
      options.logger?.info('[metrics] /api/public/v2/metrics answered 404; streaming observations');
      return null;
    }
    if (result.length >= ROW_LIMIT) {
      options.logger?.info(
        `[metrics] the answer reached the ${ROW_LIMIT}-row limit and may be cut; streaming observations`,
      );
      return null;
    }
    return result;
  };

  // Closed days: one request for the span of the days the cache lacks, then one entry per day.
  const missing: number[] = [];
  for (let dayMs = closedFromMs; dayMs < closedToMs; dayMs += DAY_MS) {
    const cached = cache.get(dayKey(dayMs), nowMs);
    if (cached === undefined) {
      missing.push(dayMs);
    } else {
      rows.push(...cached);
    }
  }
  if (missing.length > 0) {
    const first = missing[0] as number;
    const last = missing[missing.length - 1] as number;
    const fetched = await run(first, last + DAY_MS);
    if (fetched === null) {
      return null;
    }
    for (const dayMs of missing) {
      const day = new Date(dayMs).toISOString().slice(0, 10);
      const dayRows = fetched.filter((row) => String(row.time_dimension).startsWith(day));
      cache.set(dayKey(dayMs), dayRows, nowMs, true);
      rows.push(...dayRows);
    }
  }

  // The edges: a partial first day, kept for good once it ended before today's UTC midnight, and
  // the part from today's UTC midnight on, kept for the TTL.
  const edges: [number, number][] = [
    [range.fromMs, Math.min(closedFromMs, range.toMs)],
    [Math.max(closedToMs, range.fromMs), range.toMs],
  ];
  for (const [fromMs, toMs] of edges) {
    if (!(fromMs < toMs)) {
      continue;
    }
    const key = `open:${fromMs}:${Math.floor(toMs / DAY_MS)}:cost,tokens,total,count`;
    let edgeRows = cache.get(key, nowMs);
    if (edgeRows === undefined) {
      const fetched = await run(fromMs, toMs);
      if (fetched === null) {
        return null;
      }
      edgeRows = fetched;
      // A partial first day that ended before today's UTC midnight no longer changes.
      cache.set(key, edgeRows, nowMs, toMs <= Math.floor(nowMs / DAY_MS) * DAY_MS);
    }
    rows.push(...edgeRows);
  }

  return { path: 'metrics-v2', figures: figuresFromRows(rows), metricsRequests: requests };
}

function queryFor(fromMs: number, toMs: number): MetricsQuery {
  return {
    view: 'observations',
    dimensions: [{ field: 'providedModelName' }],
    metrics: METRICS,
    timeDimension: { granularity: 'day' },
    fromTimestamp: new Date(fromMs).toISOString(),
    toTimestamp: new Date(toMs).toISOString(),
    config: { row_limit: ROW_LIMIT },
  };
}

function dayKey(dayMs: number): string {
  return `day:${new Date(dayMs).toISOString().slice(0, 10)}:model:cost,tokens,total,count`;
}

function figuresFromRows(rows: readonly Record<string, unknown>[]): DailyModelFigure[] {
  const sums = new Map<string, DailyModelFigure>();
  for (const row of rows) {
    const day = String(row.time_dimension).slice(0, 10);
    const model =
      typeof row.providedModelName === 'string' && row.providedModelName !== ''
        ? row.providedModelName
        : NO_MODEL;
    const figure = figureOf(sums, day, model);
    figure.observations += numberOf(row.count_count);
    figure.costUsd += numberOf(row.sum_totalCost);
    figure.inputTokens += numberOf(row.sum_inputTokens);
    figure.outputTokens += numberOf(row.sum_outputTokens);
    figure.totalTokens += numberOf(row.sum_totalTokens);
  }
  return sorted(sums);
}

async function streamed(
  source: ObservationSource,
  range: TimeRange,
  options: DailyModelOptions,
): Promise<DailyModelFigures> {
  const sums = new Map<string, DailyModelFigure>();
  const tokens: TokenCounts = { input: 0, output: 0, total: 0 };
  for await (const page of source.observationPages(range, options.signal)) {
    for (const observation of page) {
      if (!(observation.startTimeMs >= range.fromMs && observation.startTimeMs < range.toMs)) {
        continue;
      }
      const day = new Date(observation.startTimeMs).toISOString().slice(0, 10);
      const figure = figureOf(sums, day, observation.model ? observation.model : NO_MODEL);
      readTokenCounts(observation, tokens);
      figure.observations++;
      figure.costUsd += observationCostUsd(observation);
      figure.inputTokens += tokens.input;
      figure.outputTokens += tokens.output;
      figure.totalTokens += tokens.total;
    }
  }
  options.logger?.info(
    '[metrics] cost and tokens by model and day served by streaming observations',
  );
  return { path: 'observations', figures: sorted(sums), metricsRequests: 0 };
}

function figureOf(
  sums: Map<string, DailyModelFigure>,
  day: string,
  model: string,
): DailyModelFigure {
  const key = `${day}\u0000${model}`;
  let figure = sums.get(key);
  if (figure === undefined) {
    figure = {
      day,
      model,
      observations: 0,
      costUsd: 0,
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
    };
    sums.set(key, figure);
  }
  return figure;
}

function sorted(sums: Map<string, DailyModelFigure>): DailyModelFigure[] {
  return [...sums.values()].sort(
    (left, right) => left.day.localeCompare(right.day) || left.model.localeCompare(right.model),
  );
}

/** Reads a number the API may send as a number or as a decimal string. */
function numberOf(value: unknown): number {
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : 0;
}
