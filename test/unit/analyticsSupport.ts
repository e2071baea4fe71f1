import type { Observation } from '../../src/langfuse/types';

/** Builds an observation with neutral defaults; tests override what they check. */
export function observation(overrides: Partial<Observation> & { id: string }): Observation {
  return {
    traceId: 't1',
    type: 'GENERATION',
    name: null,
    startTimeMs: Date.UTC(2026, 10, 2, 10),
    endTimeMs: null,
    level: 'DEFAULT',
    model: null,
    usageDetails: {},
    costDetails: {},
    totalCostUsd: null,
    userId: null,
    sessionId: null,
    environment: null,
    traceName: null,
    tags: [],
    release: null,
    version: null,
    promptName: null,
    promptVersion: null,
    ...overrides,
  };
}
