/**
 * Shapes raw generated objects into what each endpoint returns: v2 observations reduced to the
 * requested field groups, v1 ObservationsView objects, and v3 scores reduced to their groups.
 */
import { RawObject } from './traceBuilder';

/** The fields of each v2 observation field group, as Langfuse's API documents them. */
export const OBSERVATION_FIELD_GROUPS: Readonly<Record<string, readonly string[]>> = {
  core: ['id', 'traceId', 'startTime', 'endTime', 'projectId', 'parentObservationId', 'type'],
  basic: [
    'name',
    'level',
    'statusMessage',
    'version',
    'environment',
    'bookmarked',
    'public',
    'userId',
    'sessionId',
    'isRootObservation',
  ],
  time: ['completionStartTime', 'createdAt', 'updatedAt'],
  io: ['input', 'output'],
  metadata: ['metadata'],
  model: ['providedModelName', 'internalModelId', 'modelParameters'],
  usage: ['usageDetails', 'costDetails', 'totalCost', 'usagePricingTierName'],
  prompt: ['promptId', 'promptName', 'promptVersion'],
  metrics: ['latency', 'timeToFirstToken'],
  trace_context: ['tags', 'release', 'traceName'],
};

export const DEFAULT_OBSERVATION_GROUPS = ['core', 'basic'];

/** The spec requires these on every v2 observation; they are null unless `model` is requested. */
const MODEL_PRICE_FIELDS = ['modelId', 'inputPrice', 'outputPrice', 'totalPrice'];

export const SCORE_FIELD_GROUPS: Readonly<Record<string, readonly string[]>> = {
  details: ['comment', 'configId', 'metadata'],
  subject: ['subject'],
  annotation: ['authorUserId', 'queueId'],
};

const SCORE_CORE_FIELDS = [
  'id',
  'projectId',
  'name',
  'value',
  'dataType',
  'source',
  'timestamp',
  'environment',
  'createdAt',
  'updatedAt',
];

/**
 * Parses a comma-separated `fields` value into known group names.
 * Throws an Error naming the unknown group and the allowed ones.
 */
export function parseFieldGroups(
  value: string | null,
  known: Readonly<Record<string, readonly string[]>>,
  defaults: string[],
): string[] {
  if (value === null || value.trim() === '') {
    return defaults;
  }

  const groups = value
    .split(',')
    .map((group) => group.trim())
    .filter((group) => group !== '');
  for (const group of groups) {
    if (!(group in known)) {
      const allowed = Object.keys(known).join(', ');
      throw new Error(`Invalid field group "${group}": use a comma-separated list of ${allowed}.`);
    }
  }
  return groups;
}

/** Builds a projector that copies the fields of the given v2 groups; `core` is always included. */
export function observationProjector(groups: string[]): (observation: RawObject) => RawObject {
  const fields = projectedObservationFields(groups);

  return (observation) => {
    const projected: RawObject = {};
    for (const [field, included] of fields) {
      projected[field] = included ? observation[field] : null;
    }
    return projected;
  };
}

/** Lists the output fields in order, each with whether its value is copied or always null. */
function projectedObservationFields(groups: string[]): [string, boolean][] {
  const fields = new Set<string>(OBSERVATION_FIELD_GROUPS.core);
  for (const group of groups) {
    for (const field of OBSERVATION_FIELD_GROUPS[group] ?? []) {
      fields.add(field);
    }
  }
  const includeModel = groups.includes('model');
  const list: [string, boolean][] = [...fields].map((field) => [field, true]);
  for (const field of MODEL_PRICE_FIELDS) {
    list.push([field, includeModel]);
  }
  return list;
}

export function scoreProjector(groups: string[]): (score: RawObject) => RawObject {
  const fields = [...SCORE_CORE_FIELDS];
  for (const group of groups) {
    fields.push(...(SCORE_FIELD_GROUPS[group] ?? []));
  }

  return (score) => {
    const projected: RawObject = {};
    for (const field of fields) {
      projected[field] = score[field];
    }
    return projected;
  };
}

/** Converts a raw v2 observation into the v1 ObservationsView shape. */
export function toObservationView(observation: RawObject): RawObject {
  const usageDetails = (observation.usageDetails ?? {}) as Record<string, number>;
  const costDetails = (observation.costDetails ?? {}) as Record<string, number>;
  const totalCost = observation.totalCost as number | null;
  const inputCost = sumMatching(
    costDetails,
    (key) => key.startsWith('input') || key.startsWith('cache'),
  );
  const outputCost = sumMatching(costDetails, (key) => key.startsWith('output'));
  const usageTotal = usageDetails.total ?? sumMatching(usageDetails, (key) => key !== 'total') ?? 0;

  return {
    id: observation.id,
    traceId: observation.traceId,
    type: observation.type,
    name: observation.name,
    startTime: observation.startTime,
    endTime: observation.endTime,
    completionStartTime: observation.completionStartTime,
    model: observation.providedModelName,
    modelParameters: observation.modelParameters,
    input: parseJson(observation.input),
    version: observation.version,
    metadata: observation.metadata,
    output: parseJson(observation.output),
    usage: {
      input: usageDetails.input ?? 0,
      output: usageDetails.output ?? 0,
      total: usageTotal,
      unit: observation.providedModelName ? 'TOKENS' : null,
      inputCost,
      outputCost,
      totalCost,
    },
    level: observation.level,
    statusMessage: observation.statusMessage,
    parentObservationId: observation.parentObservationId,
    promptId: observation.promptId,
    usageDetails,
    costDetails,
    environment: observation.environment,
    promptName: observation.promptName,
    promptVersion: observation.promptVersion,
    modelId: observation.modelId,
    inputPrice: numberOrNull(observation.inputPrice),
    outputPrice: numberOrNull(observation.outputPrice),
    totalPrice: numberOrNull(observation.totalPrice),
    calculatedInputCost: inputCost,
    calculatedOutputCost: outputCost,
    calculatedTotalCost: totalCost,
    latency: observation.latency,
    timeToFirstToken: observation.timeToFirstToken,
  };
}

function sumMatching(
  values: Record<string, number>,
  matches: (key: string) => boolean,
): number | null {
  let sum: number | null = null;
  for (const [key, value] of Object.entries(values)) {
    if (matches(key)) {
      sum = (sum ?? 0) + value;
    }
  }
  return sum;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'string' ? Number(value) : null;
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value ?? null;
  }
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
