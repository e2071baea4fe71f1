/**
 * GET /api/public/traces (v1 TraceWithDetails pages), GET /api/public/v3/scores (cursor pages
 * of polymorphic scores) and GET /api/public/models (the generator's priced models).
 */
import { defaultTier } from '../pricing/modelPrices';
import { MODELS, PROJECT_ID } from './catalog';
import { Dataset, ItemQuery } from './dataset';
import { parseFieldGroups, SCORE_FIELD_GROUPS, scoreProjector } from './fieldGroups';
import {
  BadRequestError,
  decodeCursor,
  encodeCursor,
  integerParam,
  optionalString,
  optionalTimestampMs,
  rejectParams,
  stringList,
} from './queryParams';
import { RawObject, ScoreDraft } from './traceBuilder';

const TRACE_FIELD_GROUPS: Record<string, readonly string[]> = {
  core: [],
  io: ['input', 'output', 'metadata'],
  scores: ['scores'],
  observations: ['observations'],
  metrics: ['latency', 'totalCost'],
};

export function tracesV1(dataset: Dataset, params: URLSearchParams): RawObject {
  rejectParams(params, ['filter']);
  const page = integerParam(params, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  // NOTE: the spec states no maximum limit for traces or models; 100 matches v1 observations.
  const limit = integerParam(params, 'limit', 50, 1, 100);
  const descending = parseOrderBy(optionalString(params, 'orderBy'));
  const omitted = omittedTraceFields(optionalString(params, 'fields'));

  const fromMs = optionalTimestampMs(params, 'fromTimestamp');
  const toMs = optionalTimestampMs(params, 'toTimestamp');
  const first = fromMs === null ? 0 : dataset.firstTraceAtOrAfter(fromMs);
  const end = toMs === null ? dataset.traceCount : dataset.firstTraceAtOrAfter(toMs);

  const userId = optionalString(params, 'userId');
  const name = optionalString(params, 'name');
  const sessionId = optionalString(params, 'sessionId');
  const release = optionalString(params, 'release');
  const version = optionalString(params, 'version');
  const tags = stringList(params, 'tags', false);
  const environments = stringList(params, 'environment', false);
  const filtered = [userId, name, sessionId, release, version, tags, environments].some(
    (value) => value !== null,
  );

  let indexes: number[];
  if (!filtered) {
    indexes = [];
    for (let index = first; index < end; index++) {
      indexes.push(index);
    }
  } else {
    indexes = [];
    for (let index = first; index < end; index++) {
      const header = dataset.header(index);
      const matches =
        (userId === null || header.userId === userId) &&
        (name === null || header.feature.name === name) &&
        (sessionId === null || header.sessionId === sessionId) &&
        (release === null || header.release === release) &&
        (version === null || header.version === version) &&
        (tags === null || tags.every((tag) => header.tags.includes(tag))) &&
        (environments === null || environments.includes(header.environment));
      if (matches) {
        indexes.push(index);
      }
    }
  }
  if (descending) {
    indexes.reverse();
  }

  const pageIndexes = indexes.slice((page - 1) * limit, page * limit);
  const data = pageIndexes.map((index) => {
    const trace = dataset.traceV1(index);
    for (const field of omitted) {
      delete trace[field];
    }
    return trace;
  });

  const totalItems = indexes.length;
  return { data, meta: { page, limit, totalItems, totalPages: Math.ceil(totalItems / limit) } };
}

/**
 * Langfuse sorts traces newest first by default. Only `timestamp` ordering is implemented.
 * NOTE: the other fields Langfuse accepts (name, userId, ...) are rejected with a 400.
 */
function parseOrderBy(value: string | null): boolean {
  if (value === null) {
    return true;
  }
  if (value === 'timestamp.asc' || value === 'timestamp.desc') {
    return value === 'timestamp.desc';
  }
  throw new BadRequestError(
    `Invalid orderBy "${value}": this local server supports timestamp.asc and timestamp.desc.`,
  );
}

function omittedTraceFields(value: string | null): string[] {
  if (value === null) {
    return [];
  }
  let groups: string[];
  try {
    groups = parseFieldGroups(value, TRACE_FIELD_GROUPS, []);
  } catch (error) {
    throw new BadRequestError((error as Error).message);
  }
  return Object.entries(TRACE_FIELD_GROUPS)
    .filter(([group]) => !groups.includes(group))
    .flatMap(([, fields]) => fields);
}

const UNSUPPORTED_SCORE_FILTERS = [
  'id',
  'configId',
  'queueId',
  'authorUserId',
  'value',
  'valueMin',
  'valueMax',
  'experimentId',
];

export function scoresV3(dataset: Dataset, params: URLSearchParams): RawObject {
  rejectParams(params, UNSUPPORTED_SCORE_FILTERS);
  const limit = integerParam(params, 'limit', 50, 1, 100);
  const start = decodeCursor(params, true);
  let groups: string[];
  try {
    groups = parseFieldGroups(optionalString(params, 'fields'), SCORE_FIELD_GROUPS, []);
  } catch (error) {
    throw new BadRequestError((error as Error).message);
  }

  const page = dataset.scorePage(scoreQuery(dataset, params), start, limit);
  const project = scoreProjector(groups);
  const meta: RawObject = { limit };
  if (page.next) {
    meta.cursor = encodeCursor(page.next, true);
  }
  return { data: page.items.map((score) => project(score.object)), meta };
}

function scoreQuery(dataset: Dataset, params: URLSearchParams): ItemQuery<ScoreDraft> {
  const traceIds = stringList(params, 'traceId', true);
  const sessionIds = stringList(params, 'sessionId', true);
  const observationIds = stringList(params, 'observationId', true);
  if (observationIds !== null && traceIds === null) {
    throw new BadRequestError(
      'The observationId filter needs traceId: observation ids are scoped to a trace.',
    );
  }
  if (sessionIds !== null && traceIds !== null) {
    throw new BadRequestError(
      'The sessionId and traceId filters are mutually exclusive: pass one of them.',
    );
  }

  const query: ItemQuery<ScoreDraft> = {
    fromMs: optionalTimestampMs(params, 'fromTimestamp'),
    toMs: optionalTimestampMs(params, 'toTimestamp'),
  };
  if (traceIds !== null) {
    query.traceIndexes = traceIds
      .map((id) => dataset.traceIndexOfId(id))
      .filter((index) => index >= 0);
  }

  const names = stringList(params, 'name', true);
  const dataTypes =
    stringList(params, 'dataType', true)?.map((value) => value.toUpperCase()) ?? null;
  const sources = stringList(params, 'source', true)?.map((value) => value.toUpperCase()) ?? null;
  const environments = stringList(params, 'environment', true);
  query.itemMatches = (score) =>
    (names === null || names.includes(score.object.name as string)) &&
    (dataTypes === null || dataTypes.includes(score.object.dataType as string)) &&
    (sources === null || sources.includes(score.object.source as string)) &&
    (environments === null || environments.includes(score.object.environment as string)) &&
    (sessionIds === null || sessionIds.includes(score.sessionId)) &&
    (observationIds === null ||
      (score.observationId !== null && observationIds.includes(score.observationId)));

  return query;
}

export function models(params: URLSearchParams): RawObject {
  const page = integerParam(params, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  const limit = integerParam(params, 'limit', 50, 1, 100);

  const all: RawObject[] = [];
  for (const spec of MODELS.values()) {
    if (!spec.price) {
      continue;
    }
    const price = spec.price;
    const tier = defaultTier(price);
    all.push({
      id: price.id,
      modelName: price.modelName,
      matchPattern: price.matchPattern,
      startDate: null,
      unit: 'TOKENS',
      inputPrice: tier.prices.input ?? null,
      outputPrice: tier.prices.output ?? null,
      totalPrice: tier.prices.total ?? null,
      tokenizerId: price.tokenizerId ?? null,
      tokenizerConfig: price.tokenizerConfig ?? null,
      isLangfuseManaged: true,
      createdAt: price.createdAt,
      prices: Object.fromEntries(
        Object.entries(tier.prices).map(([key, value]) => [key, { price: value }]),
      ),
      pricingTiers: price.pricingTiers,
    });
  }

  const totalItems = all.length;
  return {
    data: all.slice((page - 1) * limit, page * limit),
    meta: { page, limit, totalItems, totalPages: Math.ceil(totalItems / limit) },
  };
}

/** `GET /api/public/projects`: the one project that the local keys belong to. */
export function projects(): unknown {
  return {
    data: [
      {
        id: PROJECT_ID,
        name: 'Local project',
        organization: { id: 'local-organization', name: 'Local organization' },
        metadata: {},
      },
    ],
  };
}
