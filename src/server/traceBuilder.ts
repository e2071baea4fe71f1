/**
 * Builds one generated trace: its trace-level attributes, its observations as raw v2 API
 * objects with every field group, and its scores as raw v3 API objects. Everything comes from
 * PRNG streams seeded by (dataset seed, trace index), so a trace is the same whenever it is
 * rebuilt.
 */
import { computeCost } from '../pricing/modelPrices';
import {
  CONTAINER_TYPES,
  ENVIRONMENTS,
  FeatureSpec,
  modelSpec,
  OPTIONAL_TAGS,
  PROJECT_ID,
  StepSpec,
  UsageStyle,
} from './catalog';
import { isoTime } from './isoTime';
import { Random, streamSeed, toHex8 } from './random';

/** Every observation starts within this long after its trace's start. */
export const MAX_OBSERVATION_OFFSET_MS = 10 * 60_000;

/** Every score's timestamp is within this long after its trace's start. */
export const MAX_SCORE_OFFSET_MS = 2 * 3_600_000;

const STREAM_HEADER = 1;
const STREAM_OBSERVATIONS = 2;
const STREAM_SCORES = 3;

export type RawObject = Record<string, unknown>;

/** Trace-level attributes; cheap to build, so filters on them skip the observations. */
export interface TraceHeader {
  index: number;
  id: string;
  startMs: number;
  feature: FeatureSpec;
  userId: string;
  sessionId: string;
  environment: string;
  tags: string[];
  release: string;
  version: string;
}

export interface BuiltTrace {
  header: TraceHeader;
  observations: RawObject[];
  /** Start time of each observation in epoch milliseconds, in the same order. */
  observationStartMs: number[];
  /** Sum of the observations' totalCost in USD, or null when none has a cost. */
  totalCostUsd: number | null;
  endMs: number | null;
}

/** Per-trace entry of the dataset index. */
export interface TraceSlot {
  index: number;
  startMs: number;
  feature: FeatureSpec;
  observationCount: number;
  /** Ordinal of the trace's first observation over the whole dataset. */
  firstObservationOrdinal: number;
}

export interface BuildContext {
  seed: number;
  traceCount: number;
  endMs: number;
  userCount: number;
}

export function traceId(seed: number, index: number): string {
  const random = new Random(streamSeed(seed, index, 0));
  return random.hex8() + random.hex8() + random.hex8() + toHex8(index);
}

/** Parses the trace index out of a generated trace id, or returns -1. */
export function traceIndexOf(id: string): number {
  if (!/^[0-9a-f]{32}$/.test(id)) {
    return -1;
  }
  return parseInt(id.slice(24), 16);
}

export function buildTraceHeader(context: BuildContext, slot: TraceSlot): TraceHeader {
  const random = new Random(streamSeed(context.seed, slot.index, STREAM_HEADER));

  // A few heavy users produce most traffic: the square skews draws toward low user numbers.
  const userNumber = Math.floor(random.next() ** 2 * context.userCount);
  const userId = `user-${String(userNumber + 1).padStart(4, '0')}`;
  const dayNumber = Math.floor(slot.startMs / 86_400_000);
  const sessionId = `sess-${userNumber + 1}-${dayNumber}-${random.int(1, 3)}`;

  const tags = [...slot.feature.tags];
  if (random.chance(0.2)) {
    tags.push(random.pick(OPTIONAL_TAGS));
  }

  // A new release every three days, counted back from the end of the dataset.
  const releasesBack = Math.floor((context.endMs - slot.startMs) / (3 * 86_400_000));
  const release = `v2.${Math.max(0, 40 - releasesBack)}.0`;

  return {
    index: slot.index,
    id: traceId(context.seed, slot.index),
    startMs: slot.startMs,
    feature: slot.feature,
    userId,
    sessionId,
    environment: random.weighted(ENVIRONMENTS),
    tags,
    release,
    version: `${slot.feature.name}@${1 + (releasesBack % 3 === 0 ? 1 : 0) + random.int(0, 1)}`,
  };
}

interface Node {
  step: StepSpec;
  object: RawObject;
  startMs: number;
  endMs: number;
  parent: Node | null;
  childCount: number;
}

/** Traces decide their fate up front: some recover from an error, a few fail. */
type TraceOutcome = 'ok' | 'recovered-error' | 'failed';

export function buildTrace(context: BuildContext, slot: TraceSlot): BuiltTrace {
  const header = buildTraceHeader(context, slot);
  const random = new Random(streamSeed(context.seed, slot.index, STREAM_OBSERVATIONS));
  const feature = slot.feature;

  const outcomeDraw = random.next();
  let outcome: TraceOutcome = 'ok';
  if (outcomeDraw < 0.015) {
    outcome = 'failed';
  } else if (outcomeDraw < 0.055) {
    outcome = 'recovered-error';
  }
  const recentTrace = context.endMs - slot.startMs < 3_600_000;
  const unended = random.chance(recentTrace ? 0.2 : 0.002);

  const nodes: Node[] = [];
  const root = createNode(
    context,
    header,
    random,
    feature.root,
    null,
    0,
    header.startMs + random.int(0, 20),
  );
  nodes.push(root);

  // Containers (SPAN, AGENT, CHAIN) take the next three steps as children, then close.
  let openContainer: Node | null = null;
  let cursorMs = root.startMs + random.int(1, 15);
  for (let position = 1; position < slot.observationCount; position++) {
    const step = feature.steps[(position - 1) % feature.steps.length];
    if (!step) {
      throw new Error(`Feature ${feature.name} has no steps after its root.`);
    }

    const parent: Node = openContainer ?? root;
    const node = createNode(context, header, random, step, parent, position, cursorMs);
    nodes.push(node);
    parent.childCount++;

    if (CONTAINER_TYPES.has(step.type) && openContainer === null) {
      openContainer = node;
      cursorMs = node.startMs + random.int(1, 5);
      continue;
    }

    cursorMs = node.endMs + random.int(2, 40);
    if (openContainer !== null && openContainer.childCount >= 3) {
      closeContainer(openContainer, cursorMs);
      cursorMs += random.int(1, 10);
      openContainer = null;
    }
  }
  if (openContainer !== null) {
    closeContainer(openContainer, cursorMs);
  }
  if (nodes.length > 1) {
    root.endMs = Math.max(root.endMs, cursorMs + random.int(1, 8));
  }

  applyOutcome(nodes, outcome, random);
  if (unended) {
    markUnended(nodes);
  }

  return finishTrace(header, nodes, slot);
}

function closeContainer(container: Node, endMs: number): void {
  container.endMs = Math.max(container.endMs, endMs);
}

function createNode(
  context: BuildContext,
  header: TraceHeader,
  random: Random,
  step: StepSpec,
  parent: Node | null,
  position: number,
  startMs: number,
): Node {
  const clampedStartMs = Math.min(startMs, header.startMs + MAX_OBSERVATION_OFFSET_MS - 1);
  const id = observationId(context.seed, header.index, position);

  const object: RawObject = {
    id,
    traceId: header.id,
    startTime: '',
    endTime: null,
    projectId: PROJECT_ID,
    parentObservationId: parent ? (parent.object.id as string) : null,
    type: step.type,
    name: step.name,
    level: 'DEFAULT',
    statusMessage: null,
    version: header.version,
    environment: header.environment,
    bookmarked: false,
    public: false,
    userId: header.userId,
    sessionId: header.sessionId,
    isRootObservation: parent === null,
  };

  let durationMs: number;
  if (step.type === 'GENERATION' || step.type === 'EMBEDDING') {
    durationMs = addModelFields(object, header, random, step, clampedStartMs);
  } else {
    durationMs =
      step.type === 'EVENT'
        ? 0
        : Math.round(random.logNormal((step.medianSeconds ?? 0.05) * 1000, 0.6));
    addEmptyModelFields(object);
    object.input = cachedText(step, 'input', () => JSON.stringify({ step: step.name }));
    object.output = step.type === 'EVENT' ? null : STEP_OUTPUT;
    if (step.type === 'EVENT' && random.chance(0.2)) {
      object.level = 'DEBUG';
    }
  }

  object.metadata = { feature: header.feature.name, region: 'eu-west-1' };
  object.tags = header.tags;
  object.release = header.release;
  object.traceName = header.feature.name;

  return {
    step,
    object,
    startMs: clampedStartMs,
    endMs: clampedStartMs + durationMs,
    parent,
    childCount: 0,
  };
}

function addEmptyModelFields(object: RawObject): void {
  object.providedModelName = null;
  object.internalModelId = null;
  object.modelParameters = null;
  object.modelId = null;
  object.inputPrice = null;
  object.outputPrice = null;
  object.totalPrice = null;
  object.usageDetails = {};
  object.costDetails = {};
  object.totalCost = null;
  object.usagePricingTierName = null;
  object.promptId = null;
  object.promptName = null;
  object.promptVersion = null;
  object.completionStartTime = null;
  object.timeToFirstToken = null;
}

/** Fills model, usage, cost and prompt fields; returns the duration in milliseconds. */
function addModelFields(
  object: RawObject,
  header: TraceHeader,
  random: Random,
  step: StepSpec,
  startMs: number,
): number {
  const providedName = random.weighted(step.models ?? []);
  const model = modelSpec(providedName);
  const feature = header.feature;

  const modelParameters: Record<string, unknown> = { temperature: 0.2, max_tokens: 1024 };
  if (model.usageStyle === 'openai' && random.chance(0.04)) {
    modelParameters.service_tier = 'priority';
  }
  const usageDetails = drawUsage(model.usageStyle, feature, random);

  object.providedModelName = providedName;
  object.modelParameters = model.usageStyle === 'embedding' ? null : modelParameters;
  object.usageDetails = usageDetails;

  if (model.price) {
    const cost = computeCost(model.price, { usageDetails, modelParameters });
    object.internalModelId = model.price.id;
    object.modelId = model.price.id;
    object.inputPrice = decimalString(cost.tier.prices.input);
    object.outputPrice = decimalString(cost.tier.prices.output);
    object.totalPrice = decimalString(cost.tier.prices.total);
    // NOTE: Langfuse's own ingestion may also store a `total` cost key; this generator stores
    // only the priced usage keys, so totalCost is exactly the sum of costDetails.
    object.costDetails = cost.costDetails;
    object.totalCost = cost.totalCostUsd;
    object.usagePricingTierName = cost.tier.name;
  } else {
    object.internalModelId = null;
    object.modelId = null;
    object.inputPrice = null;
    object.outputPrice = null;
    object.totalPrice = null;
    object.costDetails = {};
    object.totalCost = null;
    object.usagePricingTierName = null;
  }

  const usesPrompt = step.type === 'GENERATION' && feature.promptName !== null;
  const promptVersion = 1 + (Math.floor(startMs / (5 * 86_400_000)) % 4);
  object.promptName = usesPrompt ? feature.promptName : null;
  object.promptVersion = usesPrompt ? promptVersion : null;
  object.promptId = usesPrompt ? `prompt-${feature.promptName}-v${promptVersion}` : null;

  const outputTokens = usageDetails.output ?? 0;
  const durationMs = Math.max(
    20,
    Math.round(
      random.logNormal(model.latencyMedianSeconds * 1000, 0.55) * (0.6 + outputTokens / 1000),
    ),
  );
  if (step.type === 'GENERATION') {
    const timeToFirstTokenMs = Math.round(durationMs * (0.08 + random.next() * 0.3));
    object.completionStartTime = isoTime(startMs + timeToFirstTokenMs);
    object.timeToFirstToken = timeToFirstTokenMs / 1000;
  } else {
    object.completionStartTime = null;
    object.timeToFirstToken = null;
  }

  object.input = cachedText(feature, 'input', () =>
    JSON.stringify([{ role: 'user', content: `${feature.name} request` }]),
  );
  object.output = cachedText(feature, 'output', () =>
    JSON.stringify({ role: 'assistant', content: `${feature.name} response` }),
  );
  return durationMs;
}

const STEP_OUTPUT = JSON.stringify({ status: 'ok' });

/** Input and output texts repeat per feature and step, so each is built once. */
const textCache = new WeakMap<object, { input?: string; output?: string }>();

function cachedText(owner: object, kind: 'input' | 'output', build: () => string): string {
  let texts = textCache.get(owner);
  if (!texts) {
    texts = {};
    textCache.set(owner, texts);
  }
  let text = texts[kind];
  if (text === undefined) {
    text = build();
    texts[kind] = text;
  }
  return text;
}

const priceTexts = new Map<number, string>();

/** Langfuse sends model prices in the v2 observations as decimal strings. */
function decimalString(price: number | undefined): string | null {
  if (price === undefined) {
    return null;
  }
  let text = priceTexts.get(price);
  if (text === undefined) {
    text = price.toFixed(12).replace(/0+$/, '').replace(/\.$/, '');
    priceTexts.set(price, text);
  }
  return text;
}

function drawUsage(
  style: UsageStyle,
  feature: FeatureSpec,
  random: Random,
): Record<string, number> {
  const input = Math.max(1, Math.round(random.logNormal(feature.inputTokensMedian, 0.7)));
  const output = Math.max(1, Math.round(random.logNormal(feature.outputTokensMedian, 0.6)));

  switch (style) {
    case 'embedding':
      return { input: Math.round(input / 20) + 1, total: Math.round(input / 20) + 1 };
    case 'google': {
      // Rarely a very long context, which selects Langfuse's "Large Context" tier where one exists.
      const promptTokens = random.chance(0.01) ? input + 200_000 : input;
      return { input: promptTokens, output, total: promptTokens + output };
    }
    case 'anthropic': {
      const cached = random.chance(0.35) ? Math.round(input * random.next() * 0.8) : 0;
      const usage: Record<string, number> = { input: input - cached, output };
      if (cached > 0) {
        usage.cache_read_input_tokens = cached;
      }
      // Some Anthropic integrations send no total; Langfuse then stores none.
      if (random.chance(0.5)) {
        usage.total = input + output;
      }
      return usage;
    }
    case 'openai-reasoning': {
      const reasoning = Math.round(output * (1 + random.next() * 4));
      return {
        input,
        output,
        output_reasoning_tokens: reasoning,
        total: input + output + reasoning,
      };
    }
    case 'openai': {
      const cached = random.chance(0.3) ? Math.round(input * random.next() * 0.7) : 0;
      const usage: Record<string, number> = { input: input - cached };
      if (cached > 0) {
        usage.input_cached_tokens = cached;
      }
      usage.output = output;
      usage.total = input + output;
      return usage;
    }
  }
}

function applyOutcome(nodes: Node[], outcome: TraceOutcome, random: Random): void {
  const root = nodes[0];
  if (!root) {
    return;
  }

  for (const node of nodes) {
    if (node.step.type === 'GENERATION' && random.chance(0.03)) {
      node.object.level = 'WARNING';
      node.object.statusMessage = 'Output truncated at max_tokens';
    }
  }

  if (outcome === 'ok') {
    return;
  }

  const candidates = nodes.filter((node) => node !== root && node.step.type !== 'EVENT');
  const failing = candidates.length > 0 ? random.pick(candidates) : root;
  failing.object.level = 'ERROR';
  failing.object.statusMessage =
    failing.step.type === 'TOOL'
      ? 'Tool call timed out after 30 s'
      : 'Upstream model returned HTTP 429';

  if (outcome === 'failed' && failing !== root) {
    root.object.level = 'ERROR';
    root.object.statusMessage = `Step ${failing.step.name} failed`;
  }
}

/** Leaves the last leaf and its ancestors without an end time, as a still-running trace has. */
function markUnended(nodes: Node[]): void {
  let node: Node | null | undefined = nodes[nodes.length - 1];
  while (node) {
    node.endMs = Number.NaN;
    node = node.parent;
  }
}

function finishTrace(header: TraceHeader, nodes: Node[], slot: TraceSlot): BuiltTrace {
  let totalCostUsd: number | null = null;
  let traceEndMs: number | null = header.startMs;

  for (const node of nodes) {
    const object = node.object;
    const ended = !Number.isNaN(node.endMs);
    object.startTime = isoTime(node.startMs);
    object.endTime = ended ? isoTime(node.endMs) : null;
    object.latency = ended ? (node.endMs - node.startMs) / 1000 : null;

    const ingestedMs = (ended ? node.endMs : node.startMs) + 800 + (node.startMs % 700);
    object.createdAt = isoTime(ingestedMs);
    object.updatedAt = isoTime(ingestedMs + 250);

    if (typeof object.totalCost === 'number') {
      totalCostUsd = (totalCostUsd ?? 0) + object.totalCost;
    }
    if (!ended) {
      traceEndMs = null;
    } else if (traceEndMs !== null) {
      traceEndMs = Math.max(traceEndMs, node.endMs);
    }
  }

  if (nodes.length !== slot.observationCount) {
    throw new Error(
      `Trace ${slot.index} built ${nodes.length} observations, expected ${slot.observationCount}.`,
    );
  }

  return {
    header,
    observations: nodes.map((node) => node.object),
    observationStartMs: nodes.map((node) => node.startMs),
    totalCostUsd,
    endMs: traceEndMs,
  };
}

export interface ScoreDraft {
  /** The v3 score with every field group. */
  object: RawObject;
  timestampMs: number;
  traceId: string;
  sessionId: string;
  observationId: string | null;
}

/** Scores on some traces: helpfulness (NUMERIC), correct (BOOLEAN) and sentiment (CATEGORICAL). */
export function buildScores(context: BuildContext, header: TraceHeader): ScoreDraft[] {
  const random = new Random(streamSeed(context.seed, header.index, STREAM_SCORES));
  const scores: ScoreDraft[] = [];

  const add = (name: string, dataType: string, value: unknown, source: string) => {
    const timestampMs = header.startMs + random.int(5_000, MAX_SCORE_OFFSET_MS - 1);
    const timestamp = isoTime(timestampMs);
    const scoredObservationId = random.chance(0.25)
      ? observationId(context.seed, header.index, 0)
      : null;
    const annotated = source === 'ANNOTATION';
    const comment = annotated && random.chance(0.3) ? 'Checked against the ticket' : null;

    scores.push({
      timestampMs,
      traceId: header.id,
      sessionId: header.sessionId,
      observationId: scoredObservationId,
      object: {
        id: scoreId(context.seed, header.index, scores.length),
        projectId: PROJECT_ID,
        name,
        value,
        dataType,
        source,
        timestamp,
        environment: header.environment,
        createdAt: timestamp,
        updatedAt: timestamp,
        comment,
        configId: null,
        metadata: null,
        subject: scoredObservationId
          ? { kind: 'observation', id: scoredObservationId, traceId: header.id }
          : { kind: 'trace', id: header.id },
        authorUserId: annotated ? 'reviewer-1' : null,
        queueId: annotated ? 'queue-quality' : null,
      },
    });
  };

  if (random.chance(0.3)) {
    add('helpfulness', 'NUMERIC', Math.round(random.next() ** 0.6 * 100) / 100, 'EVAL');
  }
  if (random.chance(0.15)) {
    add('correct', 'BOOLEAN', random.chance(0.82), 'ANNOTATION');
  }
  if (random.chance(0.1)) {
    add('sentiment', 'CATEGORICAL', random.weighted(SENTIMENTS), 'API');
  }

  return scores;
}

const SENTIMENTS = [
  { weight: 55, value: 'positive' },
  { weight: 30, value: 'neutral' },
  { weight: 15, value: 'negative' },
];

/** Observation ids end with the trace index and position, so they are unique by construction. */
export function observationId(seed: number, traceIndex: number, position: number): string {
  return toHex8(streamSeed(seed, traceIndex, position, 7)) + toHex8(traceIndex * 64 + position);
}

function scoreId(seed: number, traceIndex: number, position: number): string {
  return toHex8(streamSeed(seed, traceIndex, position, 11)) + toHex8(traceIndex) + toHex8(position);
}
