import type { Observation, Score } from '../langfuse/types';
import type { BreakdownGroup } from '../analytics/types';
import type { Column, ExportRecord } from './types';

/** The fixed columns of an observation; the discovered usage, cost and metadata keys follow. */
export const OBSERVATION_COLUMNS: readonly Column[] = [
  { name: 'id', type: 'string' },
  { name: 'traceId', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'startTime', type: 'timestamp' },
  { name: 'endTime', type: 'timestamp' },
  { name: 'level', type: 'string' },
  { name: 'model', type: 'string' },
  { name: 'totalCostUsd', type: 'double' },
  { name: 'userId', type: 'string' },
  { name: 'sessionId', type: 'string' },
  { name: 'environment', type: 'string' },
  { name: 'traceName', type: 'string' },
  { name: 'tags', type: 'json' },
  { name: 'release', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'promptName', type: 'string' },
  { name: 'promptVersion', type: 'double' },
];

/** Nested fields whose keys vary per observation; each key becomes a dotted column. */
export const OBSERVATION_DYNAMIC_PREFIXES = ['usageDetails', 'costDetails', 'metadata'] as const;

export const SCORE_COLUMNS: readonly Column[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'dataType', type: 'string' },
  { name: 'value', type: 'text' },
  { name: 'timestamp', type: 'timestamp' },
  { name: 'traceId', type: 'string' },
  { name: 'observationId', type: 'string' },
  { name: 'source', type: 'string' },
  { name: 'environment', type: 'string' },
];

export const TRACE_EXPORT_COLUMNS: readonly Column[] = [
  { name: 'traceId', type: 'string' },
  { name: 'traceName', type: 'string' },
  { name: 'userId', type: 'string' },
  { name: 'sessionId', type: 'string' },
  { name: 'startTime', type: 'timestamp' },
  { name: 'endTime', type: 'timestamp' },
  { name: 'latencySeconds', type: 'double' },
  { name: 'costUsd', type: 'double' },
  { name: 'inputTokens', type: 'double' },
  { name: 'outputTokens', type: 'double' },
  { name: 'error', type: 'boolean' },
  { name: 'observations', type: 'double' },
];

export const REPORT_COLUMNS: readonly Column[] = [
  { name: 'key', type: 'string' },
  { name: 'value', type: 'text' },
];

export const BREAKDOWN_COLUMNS: readonly Column[] = [
  { name: 'dimension', type: 'string' },
  { name: 'key', type: 'string' },
  { name: 'observations', type: 'double' },
  { name: 'traces', type: 'double' },
  { name: 'costUsd', type: 'double' },
  { name: 'estimatedCostUsd', type: 'double' },
  { name: 'tokens.input', type: 'double' },
  { name: 'tokens.output', type: 'double' },
  { name: 'tokens.total', type: 'double' },
  { name: 'latency.p50', type: 'double' },
  { name: 'latency.p90', type: 'double' },
  { name: 'latency.p95', type: 'double' },
  { name: 'latency.p99', type: 'double' },
  { name: 'errorTraces', type: 'double' },
  { name: 'errorRate', type: 'double' },
  { name: 'unpricedObservations', type: 'double' },
  { name: 'drillDown.filters', type: 'json' },
  { name: 'drillDown.topTraceId', type: 'string' },
  { name: 'drillDown.topTraceUrl', type: 'string' },
];

/** Turns an observation into its exported form: ISO 8601 times and nested details kept. */
export function observationRecord(observation: Observation): ExportRecord {
  return {
    id: observation.id,
    traceId: observation.traceId,
    type: observation.type,
    name: observation.name,
    startTime: new Date(observation.startTimeMs).toISOString(),
    endTime: observation.endTimeMs === null ? null : new Date(observation.endTimeMs).toISOString(),
    level: observation.level,
    model: observation.model,
    totalCostUsd: observation.totalCostUsd,
    userId: observation.userId,
    sessionId: observation.sessionId,
    environment: observation.environment,
    traceName: observation.traceName,
    tags: observation.tags,
    release: observation.release,
    version: observation.version,
    promptName: observation.promptName,
    promptVersion: observation.promptVersion,
    usageDetails: observation.usageDetails,
    costDetails: observation.costDetails,
    metadata: observation.metadata ?? null,
  };
}

export function scoreRecord(score: Score): ExportRecord {
  return {
    id: score.id,
    name: score.name,
    dataType: score.dataType,
    value: score.value,
    timestamp: new Date(score.timestampMs).toISOString(),
    traceId: score.traceId,
    observationId: score.observationId,
    source: score.source,
    environment: score.environment,
  };
}

export function breakdownRecord(dimension: string, group: BreakdownGroup): ExportRecord {
  return { dimension, ...group };
}
