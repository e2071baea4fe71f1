/**
 * GET /api/public/v2/observations (cursor pages, field groups) and the legacy
 * GET /api/public/observations (page numbers, ObservationsView objects).
 */
import { Dataset, ItemQuery } from './dataset';
import {
  DEFAULT_OBSERVATION_GROUPS,
  OBSERVATION_FIELD_GROUPS,
  parseFieldGroups,
  toObservationView,
} from './fieldGroups';
import { JsonText } from './jsonText';
import { observationSerializer } from './observationJson';
import {
  BadRequestError,
  decodeCursor,
  encodeCursor,
  integerParam,
  optionalBoolean,
  optionalString,
  optionalTimestampMs,
  rejectParams,
  stringList,
} from './queryParams';
import { RawObject, TraceHeader } from './traceBuilder';

export function observationsV2(dataset: Dataset, params: URLSearchParams): JsonText {
  rejectParams(params, ['filter']);
  if (optionalBoolean(params, 'parseIoAsJson') === true) {
    throw new BadRequestError('parseIoAsJson=true is no longer supported: remove the parameter.');
  }

  let groups: string[];
  try {
    groups = parseFieldGroups(
      optionalString(params, 'fields'),
      OBSERVATION_FIELD_GROUPS,
      DEFAULT_OBSERVATION_GROUPS,
    );
  } catch (error) {
    throw new BadRequestError((error as Error).message);
  }
  const limit = integerParam(params, 'limit', 50, 1, 1000);
  const start = decodeCursor(params, false);
  const query = observationQuery(dataset, params, true);

  const page = dataset.observationPage(query, start, limit);
  const serialize = observationSerializer(groups);
  const meta: RawObject = {};
  if (page.next) {
    meta.cursor = encodeCursor(page.next, false);
  }
  return new JsonText(
    `{"data":[${page.items.map(serialize).join(',')}],"meta":${JSON.stringify(meta)}}`,
  );
}

/** Counts per query, so walking the pages of one query counts its matches once. */
const countCache = new WeakMap<Dataset, Map<string, number>>();

export function observationsV1(dataset: Dataset, params: URLSearchParams): RawObject {
  rejectParams(params, ['filter']);
  const page = integerParam(params, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  const limit = integerParam(params, 'limit', 50, 1, 100);
  const query = observationQuery(dataset, params, false);

  const totalItems = cachedCount(dataset, params, () => dataset.countObservations(query));
  const offset = (page - 1) * limit;
  const start = offset < totalItems ? dataset.locateObservation(query, offset) : null;
  const items = start ? dataset.observationPage(query, start, limit).items : [];

  return {
    data: items.map(toObservationView),
    meta: { page, limit, totalItems, totalPages: Math.ceil(totalItems / limit) },
  };
}

function cachedCount(dataset: Dataset, params: URLSearchParams, count: () => number): number {
  const key = [...params.entries()]
    .filter(([name]) => name !== 'page' && name !== 'limit')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');

  let counts = countCache.get(dataset);
  if (!counts) {
    counts = new Map();
    countCache.set(dataset, counts);
  }
  const cached = counts.get(key);
  if (cached !== undefined) {
    return cached;
  }

  const value = count();
  if (counts.size >= 64) {
    counts.clear();
  }
  counts.set(key, value);
  return value;
}

/** Translates the simple query-parameter filters; v2 also has sessionId and isRootObservation. */
function observationQuery(
  dataset: Dataset,
  params: URLSearchParams,
  v2: boolean,
): ItemQuery<RawObject> {
  const query: ItemQuery<RawObject> = {
    fromMs: optionalTimestampMs(params, 'fromStartTime'),
    toMs: optionalTimestampMs(params, 'toStartTime'),
  };

  const traceId = optionalString(params, 'traceId');
  if (traceId !== null) {
    const index = dataset.traceIndexOfId(traceId);
    query.traceIndexes = index < 0 ? [] : [index];
  }

  const userId = optionalString(params, 'userId');
  const sessionId = v2 ? optionalString(params, 'sessionId') : null;
  const environments = stringList(params, 'environment', false);
  const version = optionalString(params, 'version');
  if (userId !== null || sessionId !== null || environments !== null || version !== null) {
    query.traceMatches = (header: TraceHeader) =>
      (userId === null || header.userId === userId) &&
      (sessionId === null || header.sessionId === sessionId) &&
      (environments === null || environments.includes(header.environment)) &&
      (version === null || header.version === version);
  }

  const type = optionalString(params, 'type');
  const name = optionalString(params, 'name');
  const level = optionalString(params, 'level');
  const hasParentFilter = params.has('parentObservationId');
  const parentObservationId = optionalString(params, 'parentObservationId');
  const isRoot = v2 ? optionalBoolean(params, 'isRootObservation') : null;
  if (type !== null || name !== null || level !== null || hasParentFilter || isRoot !== null) {
    query.itemMatches = (observation: RawObject) =>
      (type === null || observation.type === type) &&
      (name === null || observation.name === name) &&
      (level === null || observation.level === level) &&
      (!hasParentFilter || observation.parentObservationId === parentObservationId) &&
      (isRoot === null || observation.isRootObservation === isRoot);
  }

  return query;
}
