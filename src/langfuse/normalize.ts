import { setOwn } from '../util/records';
import type { Observation, ObservationLevel, Score } from './types';

type Json = Record<string, unknown>;

/** Trace fields that v1 observations lack and the v1 traces endpoint provides. */
export interface TraceContext {
  name: string | null;
  userId: string | null;
  sessionId: string | null;
  tags: string[];
  release: string | null;
  environment: string | null;
}

/**
 * Parses a number that Langfuse may send either as a JSON number or as a decimal string (prices
 * and metric values are serialised as strings to keep their precision). Returns null for
 * anything else.
 */
export function parseDecimal(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

function parseTimeMs(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') {
    return null;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The observation's trace id. An observation without one gets a trace id of
 * its own, so unrelated orphans are never merged into one trace.
 */
function traceIdOf(raw: Json): string {
  return stringOrNull(raw.traceId) ?? `(no trace) ${String(raw.id)}`;
}

function parseLevel(value: unknown): ObservationLevel {
  switch (value) {
    case 'DEBUG':
    case 'WARNING':
    case 'ERROR':
      return value;
    default:
      return 'DEFAULT';
  }
}

/** Reads a `{key: number}` map, parsing decimal strings and dropping non-numeric entries. */
function parseNumberMap(value: unknown): Record<string, number> {
  const result: Record<string, number> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return result;
  }
  for (const key in value as Json) {
    const parsed = parseDecimal((value as Json)[key]);
    if (parsed !== null) {
      setOwn(result, key, parsed);
    }
  }
  return result;
}

function parseTags(value: unknown): string[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter((tag): tag is string => typeof tag === 'string');
}

/**
 * Normalises one item of `GET /api/public/v2/observations`. Fields of groups that were not
 * requested come out as null or empty.
 */
export function normalizeV2Observation(raw: Json): Observation {
  const startTimeMs = parseTimeMs(raw.startTime);
  if (typeof raw.id !== 'string' || startTimeMs === null) {
    throw new TypeError('an observation has no id or no valid startTime');
  }

  return {
    id: raw.id,
    traceId: traceIdOf(raw),
    type: typeof raw.type === 'string' ? raw.type : 'SPAN',
    name: stringOrNull(raw.name),
    startTimeMs,
    endTimeMs: parseTimeMs(raw.endTime),
    level: parseLevel(raw.level),
    model: stringOrNull(raw.providedModelName),
    usageDetails: parseNumberMap(raw.usageDetails),
    costDetails: parseNumberMap(raw.costDetails),
    totalCostUsd: parseDecimal(raw.totalCost),
    userId: stringOrNull(raw.userId),
    sessionId: stringOrNull(raw.sessionId),
    environment: stringOrNull(raw.environment),
    traceName: stringOrNull(raw.traceName),
    tags: parseTags(raw.tags),
    release: stringOrNull(raw.release),
    version: stringOrNull(raw.version),
    promptName: stringOrNull(raw.promptName),
    promptVersion: parseDecimal(raw.promptVersion),
  };
}

/**
 * Normalises one item of the v1 `GET /api/public/observations`, joined with its trace's fields
 * from the v1 traces endpoint where the trace is known.
 */
export function normalizeV1Observation(raw: Json, trace: TraceContext | undefined): Observation {
  const startTimeMs = parseTimeMs(raw.startTime);
  if (typeof raw.id !== 'string' || startTimeMs === null) {
    throw new TypeError('an observation has no id or no valid startTime');
  }

  // v1 reports the recorded cost as calculatedTotalCost; costDetails.total is the same figure.
  const costDetails = parseNumberMap(raw.costDetails);
  const hasCostDetails = Object.keys(costDetails).length > 0;
  const totalCostUsd = parseDecimal(raw.calculatedTotalCost) ?? costDetails.total ?? null;

  return {
    id: raw.id,
    traceId: traceIdOf(raw),
    type: typeof raw.type === 'string' ? raw.type : 'SPAN',
    name: stringOrNull(raw.name),
    startTimeMs,
    endTimeMs: parseTimeMs(raw.endTime),
    level: parseLevel(raw.level),
    model: stringOrNull(raw.model),
    usageDetails: parseNumberMap(raw.usageDetails),
    costDetails,
    // Older servers send calculatedTotalCost 0 for unpriced generations; without any cost
    // details that 0 is "no recorded cost", as the v2 API reports it.
    totalCostUsd: totalCostUsd === 0 && !hasCostDetails ? null : totalCostUsd,
    userId: trace?.userId ?? null,
    sessionId: trace?.sessionId ?? null,
    environment: stringOrNull(raw.environment) ?? trace?.environment ?? null,
    traceName: trace?.name ?? null,
    tags: trace?.tags ?? [],
    release: trace?.release ?? null,
    version: stringOrNull(raw.version),
    promptName: stringOrNull(raw.promptName),
    promptVersion: parseDecimal(raw.promptVersion),
  };
}

export function normalizeV1Trace(raw: Json): TraceContext {
  return {
    name: stringOrNull(raw.name),
    userId: stringOrNull(raw.userId),
    sessionId: stringOrNull(raw.sessionId),
    tags: parseTags(raw.tags),
    release: stringOrNull(raw.release),
    environment: stringOrNull(raw.environment),
  };
}

/** Normalises a score from v3 (`subject` field group) or the older v2 scores endpoint. */
export function normalizeScore(raw: Json): Score {
  const timestampMs = parseTimeMs(raw.timestamp);
  if (typeof raw.id !== 'string' || typeof raw.name !== 'string' || timestampMs === null) {
    throw new TypeError('a score has no id, name or valid timestamp');
  }

  const dataType = typeof raw.dataType === 'string' ? raw.dataType : 'NUMERIC';
  const subject =
    raw.subject !== null && typeof raw.subject === 'object' ? (raw.subject as Json) : undefined;

  let traceId = stringOrNull(raw.traceId);
  let observationId = stringOrNull(raw.observationId);
  if (subject) {
    if (subject.kind === 'trace') {
      traceId = stringOrNull(subject.id);
    } else if (subject.kind === 'observation') {
      observationId = stringOrNull(subject.id);
      traceId = stringOrNull(subject.traceId);
    }
  }

  return {
    id: raw.id,
    name: raw.name,
    dataType,
    value: parseScoreValue(dataType, raw),
    timestampMs,
    traceId,
    observationId,
    source: typeof raw.source === 'string' ? raw.source : 'API',
    environment: stringOrNull(raw.environment),
  };
}

function parseScoreValue(dataType: string, raw: Json): Score['value'] {
  const value = raw.value;
  if (dataType === 'NUMERIC') {
    return parseDecimal(value);
  }
  if (dataType === 'BOOLEAN') {
    // v2 scores send booleans as 0/1 with a stringValue; v3 sends a JSON boolean.
    if (typeof value === 'boolean') {
      return value;
    }
    const numeric = parseDecimal(value);
    return numeric === null ? null : numeric !== 0;
  }
  if (typeof value === 'string') {
    return value;
  }
  return typeof raw.stringValue === 'string' ? raw.stringValue : null;
}
