import { modelPriceFromApi } from '../pricing/priceTable';
import type { ModelPrice } from '../pricing/modelPrices';
import { LangfuseError } from './errors';
import type { QueryValue } from './http';

/** The part of LangfuseClient these reads need, so tests can pass any transport. */
export interface JsonTransport {
  getJson(
    path: string,
    query: Record<string, QueryValue>,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: unknown }>;
}

export const MODELS_PATH = '/api/public/models';
export const METRICS_V2_PATH = '/api/public/v2/metrics';

const MODELS_PAGE_LIMIT = 100;

/**
 * Reads the project's model definitions (`GET /api/public/models`, page by page) as price
 * entries. Returns null when the server has no such endpoint (404).
 */
export async function readProjectModels(
  transport: JsonTransport,
  signal?: AbortSignal,
): Promise<ModelPrice[] | null> {
  const prices: ModelPrice[] = [];
  for (let page = 1; ; page++) {
    const { status, body } = await transport.getJson(
      MODELS_PATH,
      { page, limit: MODELS_PAGE_LIMIT },
      signal,
    );
    if (status === 404) {
      return page === 1 ? null : prices;
    }
    const record = body as { data?: unknown; meta?: { totalPages?: unknown } } | undefined;
    if (!record || !Array.isArray(record.data)) {
      throw new LangfuseError(
        'invalid-response',
        `${MODELS_PATH} sent a response without a "data" array.`,
        { endpoint: MODELS_PATH },
      );
    }
    for (const item of record.data) {
      const price = modelPriceFromApi(item as Record<string, unknown>);
      if (price) {
        prices.push(price);
      }
    }
    const totalPages = typeof record.meta?.totalPages === 'number' ? record.meta.totalPages : 0;
    if (page >= totalPages || record.data.length === 0) {
      return prices;
    }
  }
}

/** A query of the metrics API v2, as its `query` parameter documents it. */
export interface MetricsQuery {
  view: 'observations' | 'scores-numeric' | 'scores-boolean' | 'scores-categorical';
  dimensions?: { field: string }[];
  metrics: { measure: string; aggregation: string }[];
  filters?: { column: string; operator: string; value: unknown; type: string; key?: string }[];
  timeDimension?: { granularity: string } | null;
  fromTimestamp: string;
  toTimestamp: string;
  orderBy?: { field: string; direction: 'asc' | 'desc' }[] | null;
  config?: { bins?: number; row_limit?: number };
}

/**
 * Runs one metrics API v2 query. Returns the rows, or null when the server has no such
 * endpoint (404), so the caller can compute the figures from observations instead.
 */
export async function queryMetrics(
  transport: JsonTransport,
  query: MetricsQuery,
  signal?: AbortSignal,
): Promise<Record<string, unknown>[] | null> {
  const { status, body } = await transport.getJson(
    METRICS_V2_PATH,
    { query: JSON.stringify(query) },
    signal,
  );
  if (status === 404) {
    return null;
  }
  const record = body as { data?: unknown } | undefined;
  if (!record || !Array.isArray(record.data)) {
    throw new LangfuseError(
      'invalid-response',
      `${METRICS_V2_PATH} sent a response without a "data" array.`,
      { endpoint: METRICS_V2_PATH },
    );
  }
  return record.data as Record<string, unknown>[];
}
