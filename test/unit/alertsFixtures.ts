import type { Observation } from '../../src/langfuse/types';

let nextId = 0;

/** Builds an observation with neutral defaults; tests set only the fields they check. */
export function observation(fields: Partial<Observation> & { startTimeMs: number }): Observation {
  nextId++;
  return {
    id: `obs-${nextId}`,
    traceId: `trace-${nextId}`,
    type: 'GENERATION',
    name: 'call',
    endTimeMs: fields.startTimeMs + 1000,
    level: 'DEFAULT',
    model: 'gpt-4o',
    usageDetails: {},
    costDetails: {},
    totalCostUsd: 0,
    userId: null,
    sessionId: null,
    environment: 'production',
    traceName: 'chat',
    tags: [],
    release: null,
    version: null,
    promptName: null,
    promptVersion: null,
    ...fields,
  };
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
