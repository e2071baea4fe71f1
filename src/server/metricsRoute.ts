/**
 * GET /api/public/v2/metrics for the `observations` view: server-side aggregation of the
 * generated observations by dimensions and UTC time buckets, as Langfuse's metrics API v2 does.
 * Rows carry each dimension under its field name, the bucket start as `time_dimension` and each
 * metric as `<aggregation>_<measure>`.
 */
import type { Dataset } from './dataset';
import { BadRequestError, optionalString } from './queryParams';
import type { RawObject } from './traceBuilder';

const DIMENSIONS: Record<string, (raw: RawObject) => unknown> = {
  providedModelName: (raw) => raw.providedModelName ?? null,
  traceName: (raw) => raw.traceName ?? null,
  environment: (raw) => raw.environment ?? null,
  type: (raw) => raw.type ?? null,
  name: (raw) => raw.name ?? null,
  level: (raw) => raw.level ?? null,
  version: (raw) => raw.version ?? null,
  release: (raw) => raw.release ?? null,
  promptName: (raw) => raw.promptName ?? null,
  promptVersion: (raw) => raw.promptVersion ?? null,
};

/** Dimensions the real endpoint rejects as high cardinality (400). */
const HIGH_CARDINALITY = new Set(['id', 'traceId', 'userId', 'sessionId', 'parentObservationId']);

const MEASURES: Record<string, (raw: RawObject) => number | null> = {
  count: () => 1,
  totalCost: (raw) => numberOrNull(raw.totalCost),
  inputCost: (raw) => numberOrNull(raw.inputCost),
  outputCost: (raw) => numberOrNull(raw.outputCost),
  inputTokens: (raw) => usage(raw, 'input'),
  outputTokens: (raw) => usage(raw, 'output'),
  totalTokens: (raw) => usage(raw, 'total'),
  latency: (raw) => {
    const start = Date.parse(String(raw.startTime));
    const end = raw.endTime ? Date.parse(String(raw.endTime)) : NaN;
    return Number.isFinite(end) ? end - start : null;
  },
};

const AGGREGATIONS = ['sum', 'avg', 'count', 'max', 'min', 'p50', 'p75', 'p90', 'p95', 'p99'];
const GRANULARITY_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

interface MetricsQuery {
  dimensions: string[];
  metrics: { measure: string; aggregation: string }[];
  filters: { column: string; operator: string; value: unknown }[];
  granularity: string | null;
  fromMs: number;
  toMs: number;
  rowLimit: number;
}

export function metricsV2(dataset: Dataset, params: URLSearchParams): RawObject {
  const query = parseQuery(optionalString(params, 'query'));
  const groups = new Map<string, { row: RawObject; values: number[][] }>();

  for (const raw of dataset.observationsV2(query.fromMs, query.toMs)) {
    if (!query.filters.every((filter) => matches(raw, filter))) {
      continue;
    }
    const row: RawObject = {};
    for (const dimension of query.dimensions) {
      row[dimension] = (DIMENSIONS[dimension] as (raw: RawObject) => unknown)(raw);
    }
    if (query.granularity) {
      row.time_dimension = new Date(
        bucketStartMs(Date.parse(String(raw.startTime)), query.granularity),
      ).toISOString();
    }
    const key = JSON.stringify(row);
    let group = groups.get(key);
    if (group === undefined) {
      group = { row, values: query.metrics.map(() => []) };
      groups.set(key, group);
    }
    query.metrics.forEach((metric, index) => {
      const value = (MEASURES[metric.measure] as (raw: RawObject) => number | null)(raw);
      if (value !== null) {
        group.values[index]?.push(value);
      }
    });
  }

  const rows = [...groups.values()].map(({ row, values }) => {
    query.metrics.forEach((metric, index) => {
      row[`${metric.aggregation}_${metric.measure}`] = aggregate(
        values[index] ?? [],
        metric.aggregation,
      );
    });
    return row;
  });
  rows.sort((left, right) =>
    String(left.time_dimension ?? '').localeCompare(String(right.time_dimension ?? '')),
  );
  return { data: rows.slice(0, query.rowLimit) };
}

function parseQuery(text: string | null): MetricsQuery {
  if (text === null) {
    throw new BadRequestError('Missing query: pass the metrics query as JSON in "query".');
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new BadRequestError('Invalid query: "query" is not valid JSON.');
  }
  if (parsed.view !== 'observations') {
    throw new BadRequestError(
      `Invalid view ${JSON.stringify(parsed.view)}: this server supports "observations" only.`,
    );
  }

  const dimensions = arrayOf(parsed.dimensions).map((item) => String((item as RawObject).field));
  for (const dimension of dimensions) {
    if (HIGH_CARDINALITY.has(dimension)) {
      throw new BadRequestError(
        `Dimension ${dimension} is high cardinality and cannot be grouped by; filter on it.`,
      );
    }
    if (!(dimension in DIMENSIONS)) {
      throw new BadRequestError(`Unknown dimension ${dimension} for the observations view.`);
    }
  }

  const metrics = arrayOf(parsed.metrics).map((item) => {
    const record = item as RawObject;
    const measure = String(record.measure);
    const aggregation = String(record.aggregation);
    if (!(measure in MEASURES) || !AGGREGATIONS.includes(aggregation)) {
      throw new BadRequestError(`Unsupported metric ${aggregation}(${measure}).`);
    }
    return { measure, aggregation };
  });
  if (metrics.length === 0) {
    throw new BadRequestError('Invalid query: "metrics" needs at least one metric.');
  }

  const filters = arrayOf(parsed.filters).map((item) => {
    const record = item as RawObject;
    const column = String(record.column);
    if (!(column in DIMENSIONS)) {
      throw new BadRequestError(`Unsupported filter column ${column}.`);
    }
    return { column, operator: String(record.operator), value: record.value };
  });

  const timeDimension = parsed.timeDimension as RawObject | null | undefined;
  const granularity = timeDimension ? String(timeDimension.granularity) : null;
  if (granularity !== null && !(granularity in GRANULARITY_MS) && granularity !== 'month') {
    throw new BadRequestError(
      `Unsupported granularity ${granularity}: use minute, hour, day or month.`,
    );
  }

  const fromMs = Date.parse(String(parsed.fromTimestamp));
  const toMs = Date.parse(String(parsed.toTimestamp));
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || !(fromMs < toMs)) {
    throw new BadRequestError(
      'Invalid fromTimestamp/toTimestamp: use ISO date-times with from before to.',
    );
  }
  const config = (parsed.config ?? {}) as RawObject;
  const rowLimit = typeof config.row_limit === 'number' ? config.row_limit : 100;
  if (!Number.isInteger(rowLimit) || rowLimit < 1 || rowLimit > 1000) {
    throw new BadRequestError(`Invalid config.row_limit ${rowLimit}: use 1 to 1000.`);
  }

  return { dimensions, metrics, filters, granularity, fromMs, toMs, rowLimit };
}

function matches(raw: RawObject, filter: MetricsQuery['filters'][number]): boolean {
  const value = (DIMENSIONS[filter.column] as (raw: RawObject) => unknown)(raw);
  const list = Array.isArray(filter.value) ? filter.value : [filter.value];
  switch (filter.operator) {
    case '=':
      return value === filter.value;
    case 'any of':
      return list.includes(value);
    case 'none of':
      return !list.includes(value);
    default:
      throw new BadRequestError(
        `Unsupported filter operator ${filter.operator}: use =, any of or none of.`,
      );
  }
}

function bucketStartMs(timeMs: number, granularity: string): number {
  if (granularity === 'month') {
    const date = new Date(timeMs);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  const size = GRANULARITY_MS[granularity] as number;
  return Math.floor(timeMs / size) * size;
}

function aggregate(values: number[], aggregation: string): number | null {
  if (aggregation === 'count') {
    return values.length;
  }
  if (values.length === 0) {
    return null;
  }
  switch (aggregation) {
    case 'sum':
      return values.reduce((sum, value) => sum + value, 0);
    case 'avg':
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case 'max':
      return Math.max(...values);
    case 'min':
      return Math.min(...values);
    default: {
      // The value at rank floor(q * (n - 1)), the definition the metrics core uses as well.
      const sorted = [...values].sort((a, b) => a - b);
      const quantile = Number(aggregation.slice(1)) / 100;
      return sorted[Math.floor(quantile * (sorted.length - 1))] ?? null;
    }
  }
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function numberOrNull(value: unknown): number | null {
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : null;
}

/**
 * Token sums as Langfuse's dashboards count them: input sums the usage keys that contain
 * `input`, output those that contain `output`, total is the `total` key or else every key.
 */
function usage(raw: RawObject, kind: 'input' | 'output' | 'total'): number | null {
  const details = (raw.usageDetails ?? {}) as Record<string, unknown>;
  if (kind === 'total' && details.total !== undefined) {
    return numberOrNull(details.total);
  }
  let sum = 0;
  for (const [key, value] of Object.entries(details)) {
    if (key === 'total') {
      continue;
    }
    if (
      kind === 'total' ||
      (kind === 'input' ? key.includes('input') : !key.includes('input') && key.includes('output'))
    ) {
      sum += numberOrNull(value) ?? 0;
    }
  }
  return sum;
}
