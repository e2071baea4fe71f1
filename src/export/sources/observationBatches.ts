import {
  matchesFilters,
  needsScores,
  observationQueryOf,
  type Filter,
} from '../../analytics/filters';
import { ScoreIndex } from '../../analytics/scoreIndex';
import { DEFAULT_FIELD_GROUPS, LangfuseClient } from '../../langfuse/client';
import type { Logger, QueryValue } from '../../langfuse/http';
import { normalizeV2Observation } from '../../langfuse/normalize';
import type { Observation, ObservationSource, TimeRange } from '../../langfuse/types';

const V2_OBSERVATIONS = '/api/public/v2/observations';
const V2_PAGE_LIMIT = 1000;

/** One API page, after the filters. */
export interface ObservationBatch {
  /** The observations of the page that pass the filters. */
  observations: Observation[];
  /** Observations on the page before the filters. */
  read: number;
  /**
   * The cursor of the next page. It is undefined on the last page and on every page of a
   * source without cursors (the sample data, the v1 endpoints), which cannot be resumed.
   */
  nextCursor: string | undefined;
  resumable: boolean;
}

export interface ObservationBatchOptions {
  filters: readonly Filter[];
  /** Request the `metadata` field group (the observations export writes metadata columns). */
  withMetadata: boolean;
  /** Continue from this cursor of an interrupted run instead of the first page. */
  startCursor?: string;
  signal?: AbortSignal;
  logger?: Logger;
}

/**
 * Streams the range's observations page by page with the filters applied. From a Langfuse
 * client it reads `/api/public/v2/observations` itself, to know each page's cursor and to pass
 * the filters the API supports as query parameters. On a server without the v2 endpoint it
 * falls back to the client's v1 path. Score filters read the range's scores first.
 */
export async function* observationBatches(
  source: ObservationSource,
  range: TimeRange,
  options: ObservationBatchOptions,
): AsyncIterable<ObservationBatch> {
  const scoresOfTrace = await scoreLookup(source, range, options);
  const keep = (page: readonly Observation[]): Observation[] =>
    options.filters.length === 0
      ? [...page]
      : page.filter((observation) => matchesFilters(observation, options.filters, scoresOfTrace));

  if (!(source instanceof LangfuseClient)) {
    for await (const page of source.observationPages(range, options.signal)) {
      options.signal?.throwIfAborted();
      yield {
        observations: keep(page),
        read: page.length,
        nextCursor: undefined,
        resumable: false,
      };
    }
    return;
  }

  const fields = options.withMetadata
    ? [...DEFAULT_FIELD_GROUPS, 'metadata']
    : DEFAULT_FIELD_GROUPS;
  const pushedDown = observationQueryOf(options.filters);
  let cursor = options.startCursor;
  let first = true;
  do {
    const { status, body } = await source.getJson(
      V2_OBSERVATIONS,
      {
        ...pushedDown,
        fields: fields.join(','),
        limit: V2_PAGE_LIMIT,
        cursor,
        fromStartTime: new Date(range.fromMs).toISOString(),
        toStartTime: new Date(range.toMs).toISOString(),
      } satisfies Record<string, QueryValue>,
      options.signal,
    );

    if (status === 404 && first && cursor === undefined) {
      options.logger?.info(
        `[export] ${V2_OBSERVATIONS} answered 404; reading the v1 endpoints, which cannot be resumed`,
      );
      for await (const page of source.observationPages(range, options.signal)) {
        yield {
          observations: keep(page),
          read: page.length,
          nextCursor: undefined,
          resumable: false,
        };
      }
      return;
    }

    const record = body as { data?: unknown; meta?: { cursor?: unknown } } | undefined;
    if (!record || !Array.isArray(record.data)) {
      throw new Error(
        `${V2_OBSERVATIONS} returned status ${status} without a "data" array; check the base URL.`,
      );
    }
    first = false;
    const page = record.data.map((raw) => toObservation(raw as Record<string, unknown>));
    const next = record.meta?.cursor;
    cursor = typeof next === 'string' && next !== '' ? next : undefined;
    yield { observations: keep(page), read: page.length, nextCursor: cursor, resumable: true };
  } while (cursor !== undefined);
}

function toObservation(raw: Record<string, unknown>): Observation {
  const observation = normalizeV2Observation(raw);
  const metadata = raw.metadata;
  if (metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)) {
    observation.metadata = metadata as Record<string, unknown>;
  }
  return observation;
}

async function scoreLookup(
  source: ObservationSource,
  range: TimeRange,
  options: ObservationBatchOptions,
): Promise<(traceId: string) => ReturnType<ScoreIndex['byTrace']['get']>> {
  if (!needsScores(options.filters)) {
    return () => undefined;
  }
  if (!(source instanceof LangfuseClient)) {
    throw new RangeError(
      'Score filters need scores from Langfuse, and this source has none; remove the score ' +
        'filter or export from a Langfuse project.',
    );
  }

  // NOTE: the scores of the whole range are held in memory, as the analytics do.
  const index = new ScoreIndex();
  for await (const page of source.scorePages(range, options.signal)) {
    for (const score of page) {
      index.add(score);
    }
  }
  options.logger?.info(`[export] read ${index.entries.length} scores for the score filters`);
  return (traceId) => index.byTrace.get(traceId);
}
