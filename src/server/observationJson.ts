/**
 * Serializes v2 observations straight to JSON text, one writer per field group. The output is
 * byte-identical to `JSON.stringify` of the projected object (see `observationProjector`), but
 * the fixed property reads let V8 optimise them, which makes large pages several times faster.
 */
import { RawObject } from './traceBuilder';

type GroupWriter = (o: RawObject) => string;

// Each writer starts with a comma because the core group always comes first.
const GROUP_WRITERS: Readonly<Record<string, GroupWriter>> = {
  basic: (o) =>
    `,"name":${json(o.name)},"level":${json(o.level)},"statusMessage":${json(o.statusMessage)}` +
    `,"version":${json(o.version)},"environment":${json(o.environment)}` +
    `,"bookmarked":${json(o.bookmarked)},"public":${json(o.public)},"userId":${json(o.userId)}` +
    `,"sessionId":${json(o.sessionId)},"isRootObservation":${json(o.isRootObservation)}`,
  time: (o) =>
    `,"completionStartTime":${json(o.completionStartTime)},"createdAt":${json(o.createdAt)}` +
    `,"updatedAt":${json(o.updatedAt)}`,
  io: (o) => `,"input":${json(o.input)},"output":${json(o.output)}`,
  metadata: (o) => `,"metadata":${json(o.metadata)}`,
  model: (o) =>
    `,"providedModelName":${json(o.providedModelName)},"internalModelId":${json(o.internalModelId)}` +
    `,"modelParameters":${json(o.modelParameters)}`,
  usage: (o) =>
    `,"usageDetails":${json(o.usageDetails)},"costDetails":${json(o.costDetails)}` +
    `,"totalCost":${json(o.totalCost)},"usagePricingTierName":${json(o.usagePricingTierName)}`,
  prompt: (o) =>
    `,"promptId":${json(o.promptId)},"promptName":${json(o.promptName)}` +
    `,"promptVersion":${json(o.promptVersion)}`,
  metrics: (o) => `,"latency":${json(o.latency)},"timeToFirstToken":${json(o.timeToFirstToken)}`,
  trace_context: (o) =>
    `,"tags":${json(o.tags)},"release":${json(o.release)},"traceName":${json(o.traceName)}`,
};

function writeCore(o: RawObject): string {
  return (
    `{"id":${json(o.id)},"traceId":${json(o.traceId)},"startTime":${json(o.startTime)}` +
    `,"endTime":${json(o.endTime)},"projectId":${json(o.projectId)}` +
    `,"parentObservationId":${json(o.parentObservationId)},"type":${json(o.type)}`
  );
}

function writeModelPrices(o: RawObject): string {
  return (
    `,"modelId":${json(o.modelId)},"inputPrice":${json(o.inputPrice)}` +
    `,"outputPrice":${json(o.outputPrice)},"totalPrice":${json(o.totalPrice)}}`
  );
}

const NULL_MODEL_PRICES = ',"modelId":null,"inputPrice":null,"outputPrice":null,"totalPrice":null}';

/** Builds a serializer for the given field groups, which must be known group names. */
export function observationSerializer(groups: string[]): (observation: RawObject) => string {
  const writers: GroupWriter[] = [];
  for (const group of new Set(groups)) {
    const writer = GROUP_WRITERS[group];
    if (writer) {
      writers.push(writer);
    }
  }
  const includeModel = groups.includes('model');

  return (observation) => {
    let text = writeCore(observation);
    for (const writer of writers) {
      text += writer(observation);
    }
    return text + (includeModel ? writeModelPrices(observation) : NULL_MODEL_PRICES);
  };
}

// Control characters must be escaped in JSON strings, so the pattern has to name them.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;

/** Returns `JSON.stringify(value)`, with shortcuts for the primitives most fields hold. */
function json(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (typeof value === 'string') {
    return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : 'null';
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  return JSON.stringify(value);
}
