import type { Observation } from '../langfuse/types';

export type CsvValue = string | number | boolean | null;

/** The fixed CSV columns of an observation; `usage.<key>` and `cost.<key>` columns follow. */
export const OBSERVATION_COLUMNS = [
  'id',
  'traceId',
  'type',
  'name',
  'startTime',
  'endTime',
  'level',
  'model',
  'totalCostUsd',
  'userId',
  'sessionId',
  'environment',
  'traceName',
  'tags',
  'release',
  'version',
  'promptName',
  'promptVersion',
] as const;

/**
 * Flattens an observation for CSV: times as ISO 8601, tags joined with `;`, and each usage and
 * cost detail in its own dotted column (`usage.input`, `cost.output`).
 */
export function flattenObservation(observation: Observation): Record<string, CsvValue> {
  const row: Record<string, CsvValue> = {
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
    tags: observation.tags.join(';'),
    release: observation.release,
    version: observation.version,
    promptName: observation.promptName,
    promptVersion: observation.promptVersion,
  };

  for (const key of Object.keys(observation.usageDetails).sort()) {
    row[`usage.${key}`] = observation.usageDetails[key] ?? null;
  }
  for (const key of Object.keys(observation.costDetails).sort()) {
    row[`cost.${key}`] = observation.costDetails[key] ?? null;
  }
  return row;
}

/** Returns the fixed columns followed by the sorted usage and cost columns seen. */
export function observationColumns(
  usageKeys: Iterable<string>,
  costKeys: Iterable<string>,
): string[] {
  return [
    ...OBSERVATION_COLUMNS,
    ...[...usageKeys].sort().map((key) => `usage.${key}`),
    ...[...costKeys].sort().map((key) => `cost.${key}`),
  ];
}
