import { LangfuseError } from './errors';
import {
  DEFAULT_RETRY_POLICY,
  HttpTransport,
  type Logger,
  type QueryValue,
  type RetryPolicy,
  silentLogger,
} from './http';
import {
  normalizeScore,
  normalizeV1Observation,
  normalizeV1Trace,
  normalizeV2Observation,
  type TraceContext,
} from './normalize';
import { parseBaseUrl } from './regions';
import type { Observation, ObservationSource, Score, TimeRange } from './types';

export type { Logger } from './http';

export interface LangfuseClientOptions {
  baseUrl: string;
  publicKey: string;
  secretKey: string;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  maxRetries?: number;
  /** Override the backoff (tests use short steps). */
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  /** v2 observation page size, at most 1000. */
  pageSize?: number;
  /** v2 field groups to request; `core` is always included by the server. */
  fieldGroups?: readonly string[];
}

/** The v2 field groups the metrics need: no input/output, metadata or timing details. */
export const DEFAULT_FIELD_GROUPS = ['core', 'basic', 'model', 'usage', 'prompt', 'trace_context'];

const V2_OBSERVATIONS = '/api/public/v2/observations';
const V1_OBSERVATIONS = '/api/public/observations';
const V1_TRACES = '/api/public/traces';
const V3_SCORES = '/api/public/v3/scores';
const V2_SCORES = '/api/public/v2/scores';
const HEALTH = '/api/public/health';

const V1_PAGE_LIMIT = 100;
const V3_SCORES_PAGE_LIMIT = 100;

/**
 * v1 traces are read from this long before the range starts, so a trace that began before the
 * range but has observations inside it still gets its name, user and session.
 */
const V1_TRACE_LOOKBACK_MS = 24 * 60 * 60 * 1000;

type ApiGeneration = 'unknown' | 'v2' | 'v1';

/**
 * A read-only client for Langfuse's public API. It reads observations through the v2 endpoint
 * and falls back to the v1 endpoints when a server returns 404 (self-hosted versions older
 * than the v2 API).
 */
export class LangfuseClient implements ObservationSource {
  readonly origin: string;
  readonly baseUrl: URL;

  private readonly http: HttpTransport;
  private readonly logger: Logger;
  private readonly pageSize: number;
  private readonly fieldGroups: readonly string[];
  private observationsApi: ApiGeneration = 'unknown';
  private scoresApi: 'unknown' | 'v3' | 'v2' = 'unknown';

  constructor(options: LangfuseClientOptions) {
    this.baseUrl = parseBaseUrl(options.baseUrl);
    this.origin = this.baseUrl.origin;
    this.logger = options.logger ?? silentLogger;

    // Keys pasted from a file or a terminal often carry a newline or spaces; Langfuse's keys
    // never contain whitespace, so trimming cannot change a valid key.
    const publicKey = options.publicKey.trim();
    const secretKey = options.secretKey.trim();
    if (!publicKey || !secretKey) {
      throw new LangfuseError(
        'auth',
        'The Langfuse public key or secret key is empty. Set both (LANGFUSE_PUBLIC_KEY and ' +
          'LANGFUSE_SECRET_KEY for the CLI, or run "Trace Insight: Sign In").',
      );
    }

    const pageSize = options.pageSize ?? 1000;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      throw new RangeError(`pageSize ${pageSize} is outside 1..1000, the v2 API's page limit`);
    }
    this.pageSize = pageSize;
    this.fieldGroups = options.fieldGroups ?? DEFAULT_FIELD_GROUPS;

    const credentials = Buffer.from(`${publicKey}:${secretKey}`).toString('base64');
    this.http = new HttpTransport({
      baseUrl: this.baseUrl,
      authorization: `Basic ${credentials}`,
      redact: [secretKey, credentials],
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: {
        ...DEFAULT_RETRY_POLICY,
        ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
        ...options.retry,
      },
      logger: this.logger,
      userAgent: 'trace-insight/0.1',
    });
  }

  /** HTTP requests sent so far, retries included. */
  get requestCount(): number {
    return this.http.requestCount;
  }

  /** The observations endpoint that served the last read: 'v2', 'v1', or 'unknown' before one. */
  get observationsApiVersion(): ApiGeneration {
    return this.observationsApi;
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  /**
   * Sends an authenticated GET to a public API path with the client's retry policy. A 404
   * comes back as `{ status: 404, body: undefined }`; other failures throw a LangfuseError.
   */
  async getJson(
    path: string,
    query: Record<string, QueryValue>,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: unknown }> {
    return this.http.getJson(path, query, signal);
  }

  /** Reads `/api/public/health`, which needs no keys; proves the base URL is a Langfuse server. */
  async health(signal?: AbortSignal): Promise<{ version: string; status: string }> {
    const { status, body } = await this.http.getJson(HEALTH, {}, signal, {
      authenticated: false,
    });
    const record = asRecord(body);
    if (status === 404 || !record || typeof record.status !== 'string') {
      throw new LangfuseError(
        'not-langfuse',
        `${this.baseUrl.host} has no Langfuse health endpoint at ${HEALTH}. ` +
          'Check that the base URL points at a Langfuse server.',
        { status, endpoint: HEALTH },
      );
    }
    return {
      status: record.status,
      version: typeof record.version === 'string' ? record.version : 'unknown',
    };
  }

  /**
   * Checks the keys with the smallest authenticated read there is: one observation from the
   * last minute. Throws a LangfuseError of kind 'auth' when the server rejects them.
   */
  async checkCredentials(signal?: AbortSignal): Promise<void> {
    await this.health(signal);

    const toMs = Date.now();
    const range = { fromMs: toMs - 60_000, toMs };
    const v2 = await this.http.getJson(
      V2_OBSERVATIONS,
      { limit: 1, fields: 'core', ...rangeQuery('StartTime', range) },
      signal,
    );
    if (v2.status !== 404) {
      return;
    }
    const v1 = await this.http.getJson(
      V1_TRACES,
      { limit: 1, page: 1, ...rangeQuery('Timestamp', range) },
      signal,
    );
    if (v1.status === 404) {
      throw this.notLangfuse(V1_TRACES);
    }
  }

  /** Streams the observations that start in the range, one API page at a time. */
  async *observationPages(range: TimeRange, signal?: AbortSignal): AsyncIterable<Observation[]> {
    assertRange(range);

    if (this.observationsApi !== 'v1') {
      let first = true;
      for await (const page of this.v2ObservationPages(range, signal)) {
        if (page === undefined) {
          break;
        }
        first = false;
        yield page;
      }
      if (!first || this.observationsApi === 'v2') {
        return;
      }
    }

    yield* this.v1ObservationPages(range, signal);
  }

  /**
   * Yields v2 pages; yields a single `undefined` and marks the client v1-only when the server
   * has no v2 endpoint.
   */
  private async *v2ObservationPages(
    range: TimeRange,
    signal: AbortSignal | undefined,
  ): AsyncIterable<Observation[] | undefined> {
    let cursor: string | undefined;
    let pageNumber = 0;
    const seenCursors = new Set<string>();

    do {
      const query: Record<string, QueryValue> = {
        fields: this.fieldGroups.join(','),
        limit: this.pageSize,
        cursor,
        ...rangeQuery('StartTime', range),
      };
      const { status, body } = await this.http.getJson(V2_OBSERVATIONS, query, signal);

      if (status === 404) {
        if (pageNumber > 0) {
          throw new LangfuseError(
            'invalid-response',
            `${this.baseUrl.host} answered 404 for page ${pageNumber + 1} of ${V2_OBSERVATIONS} ` +
              'after serving earlier pages; the cursor may have expired. Run the report again.',
            { status, endpoint: V2_OBSERVATIONS },
          );
        }
        // A web server that returns 404 for every path is not an old Langfuse, so check its health first.
        await this.health(signal);
        this.observationsApi = 'v1';
        this.logger.info(
          `[client] ${this.baseUrl.host} has no ${V2_OBSERVATIONS} (404); ` +
            `falling back to the v1 endpoints ${V1_OBSERVATIONS} and ${V1_TRACES}`,
        );
        yield undefined;
        return;
      }

      this.observationsApi = 'v2';
      const record = this.expectPage(body, V2_OBSERVATIONS);
      const meta = asRecord(record.meta);
      cursor = typeof meta?.cursor === 'string' && meta.cursor !== '' ? meta.cursor : undefined;
      pageNumber++;
      if (cursor !== undefined) {
        this.rejectRepeatedCursor(seenCursors, cursor, V2_OBSERVATIONS, pageNumber);
      }

      yield this.normalizeItems(record.data as unknown[], V2_OBSERVATIONS, normalizeV2Observation);
    } while (cursor !== undefined);
  }

  private async *v1ObservationPages(
    range: TimeRange,
    signal: AbortSignal | undefined,
  ): AsyncIterable<Observation[]> {
    // v1 observations carry no trace name, user or session: read them from v1 traces first.
    // NOTE: this keeps one small record per trace in memory, like the metrics engine does.
    const traces = new Map<string, TraceContext>();
    const traceRange = { fromMs: range.fromMs - V1_TRACE_LOOKBACK_MS, toMs: range.toMs };
    for await (const items of this.v1Pages(
      V1_TRACES,
      rangeQuery('Timestamp', traceRange),
      signal,
    )) {
      for (const item of items) {
        const record = asRecord(item);
        if (record && typeof record.id === 'string') {
          traces.set(record.id, normalizeV1Trace(record));
        }
      }
    }
    this.logger.debug(`[client] read ${traces.size} traces from ${V1_TRACES}`);

    // Page-number paging shifts when observations arrive during the read, so the same item
    // can appear on two pages: skip ids already seen. NOTE: this keeps every id of the range in memory.
    const seenIds = new Set<string>();
    let duplicates = 0;
    const query = rangeQuery('StartTime', range);
    for await (const items of this.v1Pages(V1_OBSERVATIONS, query, signal)) {
      const page = this.normalizeItems(items, V1_OBSERVATIONS, (raw) =>
        normalizeV1Observation(raw, traces.get(String(raw.traceId))),
      );
      const fresh = page.filter((observation) => {
        if (seenIds.has(observation.id)) {
          duplicates++;
          return false;
        }
        seenIds.add(observation.id);
        return true;
      });
      yield fresh;
    }
    if (duplicates > 0) {
      this.logger.info(`[client] skipped ${duplicates} observations that v1 paging sent twice`);
    }
  }

  /** Walks a v1 page/limit endpoint to its last page. */
  private async *v1Pages(
    path: string,
    query: Record<string, QueryValue>,
    signal: AbortSignal | undefined,
  ): AsyncIterable<unknown[]> {
    for (let page = 1; ; page++) {
      const { status, body } = await this.http.getJson(
        path,
        { ...query, page, limit: V1_PAGE_LIMIT },
        signal,
      );
      if (status === 404) {
        throw this.notLangfuse(path);
      }

      const record = this.expectPage(body, path);
      const items = record.data as unknown[];
      yield items;

      const meta = asRecord(record.meta);
      const totalPages = typeof meta?.totalPages === 'number' ? meta.totalPages : undefined;
      const done = totalPages === undefined ? items.length < V1_PAGE_LIMIT : page >= totalPages;
      if (done || items.length === 0) {
        return;
      }
    }
  }

  /** Streams scores whose timestamp is in the range, through v3, or v2 on older servers. */
  async *scorePages(range: TimeRange, signal?: AbortSignal): AsyncIterable<Score[]> {
    assertRange(range);

    if (this.scoresApi !== 'v2') {
      let cursor: string | undefined;
      const seenCursors = new Set<string>();
      do {
        const { status, body } = await this.http.getJson(
          V3_SCORES,
          {
            limit: V3_SCORES_PAGE_LIMIT,
            fields: 'subject',
            cursor,
            ...rangeQuery('Timestamp', range),
          },
          signal,
        );
        if (status === 404 && cursor === undefined) {
          this.scoresApi = 'v2';
          this.logger.info(
            `[client] ${this.baseUrl.host} has no ${V3_SCORES} (404); falling back to ${V2_SCORES}`,
          );
          break;
        }
        if (status === 404) {
          throw this.notLangfuse(V3_SCORES);
        }

        this.scoresApi = 'v3';
        const record = this.expectPage(body, V3_SCORES);
        const meta = asRecord(record.meta);
        cursor = typeof meta?.cursor === 'string' && meta.cursor !== '' ? meta.cursor : undefined;
        if (cursor !== undefined) {
          this.rejectRepeatedCursor(seenCursors, cursor, V3_SCORES, seenCursors.size + 1);
        }
        yield this.normalizeItems(record.data as unknown[], V3_SCORES, normalizeScore);
      } while (cursor !== undefined);

      if (this.scoresApi === 'v3') {
        return;
      }
    }

    for await (const items of this.v1Pages(V2_SCORES, rangeQuery('Timestamp', range), signal)) {
      yield this.normalizeItems(items, V2_SCORES, normalizeScore);
    }
  }

  private expectPage(body: unknown, path: string): Record<string, unknown> {
    const record = asRecord(body);
    if (!record || !Array.isArray(record.data)) {
      throw new LangfuseError(
        'invalid-response',
        `${this.baseUrl.host} sent a response for ${path} without a "data" array; ` +
          'this does not look like the Langfuse API. Check the base URL.',
        { endpoint: path },
      );
    }
    return record;
  }

  private normalizeItems<T>(
    items: readonly unknown[],
    path: string,
    normalize: (raw: Record<string, unknown>) => T,
  ): T[] {
    const result: T[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const record = asRecord(items[i]);
      try {
        if (!record) {
          throw new TypeError('an item is not an object');
        }
        result[i] = normalize(record);
      } catch (error) {
        const id =
          typeof record?.id === 'string' ? ` (id ${JSON.stringify(record.id.slice(0, 100))})` : '';
        throw new LangfuseError(
          'invalid-response',
          `${this.baseUrl.host} sent an invalid item${id} in ${path}: ${(error as Error).message}.`,
          { endpoint: path, cause: error },
        );
      }
    }
    return result;
  }

  /** Stops a server that hands out a cursor it already gave, which would loop forever. */
  private rejectRepeatedCursor(
    seen: Set<string>,
    cursor: string,
    path: string,
    pageNumber: number,
  ): void {
    if (seen.has(cursor)) {
      throw new LangfuseError(
        'invalid-response',
        `${this.baseUrl.host} returned a cursor for ${path} page ${pageNumber + 1} that it had ` +
          'already returned, so paging would never end. The server is misbehaving; report it ' +
          'to its operator.',
        { endpoint: path },
      );
    }
    seen.add(cursor);
  }

  private notLangfuse(path: string): LangfuseError {
    return new LangfuseError(
      'not-langfuse',
      `${this.baseUrl.host} has no ${path} (404). Check that the base URL points at a ` +
        'Langfuse server (without /api/public at the end).',
      { status: 404, endpoint: path },
    );
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function rangeQuery(suffix: 'StartTime' | 'Timestamp', range: TimeRange): Record<string, string> {
  return {
    [`from${suffix}`]: new Date(range.fromMs).toISOString(),
    [`to${suffix}`]: new Date(range.toMs).toISOString(),
  };
}

function assertRange(range: TimeRange): void {
  if (
    !Number.isFinite(range.fromMs) ||
    !Number.isFinite(range.toMs) ||
    range.fromMs >= range.toMs
  ) {
    throw new RangeError(
      `The time range ${describeMs(range.fromMs)} to ${describeMs(range.toMs)} is empty or ` +
        'invalid; "from" must be before "to".',
    );
  }
}

function describeMs(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}
