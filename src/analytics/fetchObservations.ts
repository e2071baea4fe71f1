import { DEFAULT_FIELD_GROUPS, type LangfuseClient } from '../langfuse/client';
import type { Logger } from '../langfuse/http';
import { normalizeV2Observation } from '../langfuse/normalize';
import type { Observation, Score, TimeRange } from '../langfuse/types';
import { observationQueryOf, type Filter } from './filters';

const V2_OBSERVATIONS = '/api/public/v2/observations';

export interface FetchOptions {
  filters: readonly Filter[];
  /** Request the `metadata` field group, for metadata dimensions and ROI keys. */
  withMetadata: boolean;
  logger?: Logger;
  signal?: AbortSignal;
}

/**
 * Streams the range's observations through the v2 endpoint with the filters the API supports
 * as query parameters, and the metadata field group when asked. On a server without the v2
 * endpoint (404 on the first page) it falls back to the client's own v1 path, unfiltered, and the
 * analytics apply every filter locally either way.
 */
export async function* filteredObservationPages(
  client: LangfuseClient,
  range: TimeRange,
  options: FetchOptions,
): AsyncIterable<Observation[]> {
  const pushedDown = observationQueryOf(options.filters);
  const fields = options.withMetadata
    ? [...DEFAULT_FIELD_GROUPS, 'metadata']
    : DEFAULT_FIELD_GROUPS;
  options.logger?.info(
    `[analytics] reading ${V2_OBSERVATIONS} with fields ${fields.join(',')} and API filters ` +
      `${JSON.stringify(pushedDown)}`,
  );

  let cursor: string | undefined;
  let first = true;
  do {
    const { status, body } = await client.getJson(
      V2_OBSERVATIONS,
      {
        ...pushedDown,
        fields: fields.join(','),
        limit: 1000,
        cursor,
        fromStartTime: new Date(range.fromMs).toISOString(),
        toStartTime: new Date(range.toMs).toISOString(),
      },
      options.signal,
    );
    if (status === 404 && first) {
      options.logger?.info(
        `[analytics] ${V2_OBSERVATIONS} answered 404; reading the v1 endpoints and filtering locally`,
      );
      yield* client.observationPages(range, options.signal);
      return;
    }

    const record = body as { data?: unknown; meta?: { cursor?: unknown } } | undefined;
    if (!record || !Array.isArray(record.data)) {
      throw new Error(`${V2_OBSERVATIONS} answered ${status} without a "data" array.`);
    }
    first = false;
    yield record.data.map((raw) => withMetadata(raw as Record<string, unknown>));
    const next = record.meta?.cursor;
    cursor = typeof next === 'string' && next !== '' ? next : undefined;
  } while (cursor !== undefined);
}

function withMetadata(raw: Record<string, unknown>): Observation {
  const observation = normalizeV2Observation(raw);
  const metadata = raw.metadata;
  if (metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)) {
    observation.metadata = metadata as Record<string, unknown>;
  }
  return observation;
}

/**
 * Reads every score of the range through the client (v3, or v2 on older servers).
 *
 * NOTE: scores are selected by their own timestamp, so a score written after the range ends
 * (a late evaluation of a trace inside it) is missed.
 */
export async function readScores(
  client: LangfuseClient,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<Score[]> {
  const scores: Score[] = [];
  for await (const page of client.scorePages(range, signal)) {
    scores.push(...page);
  }
  return scores;
}
