import type { Observation, ObservationSource } from '../../../src/langfuse/types';

/** Builds one observation with defaults; tests override what they check. */
export function craftedObservation(overrides: Partial<Observation>): Observation {
  const startTimeMs = Date.now() - 5_000;
  return {
    id: 'o',
    traceId: 't',
    type: 'GENERATION',
    name: 'call',
    startTimeMs,
    endTimeMs: startTimeMs + 1_200,
    level: 'DEFAULT',
    model: 'gpt-4o',
    usageDetails: { input: 100, output: 50, total: 150 },
    costDetails: {},
    totalCostUsd: null,
    userId: 'user-1',
    sessionId: null,
    environment: 'production',
    traceName: 'chat-answer',
    tags: [],
    release: null,
    version: null,
    promptName: null,
    promptVersion: null,
    ...overrides,
  };
}

/** Returns a source that serves fixed observations, filtered by the requested range, in one page. */
export function craftedSource(observations: Observation[]): ObservationSource {
  return {
    async *observationPages(range) {
      yield observations.filter(
        (observation) =>
          observation.startTimeMs >= range.fromMs && observation.startTimeMs < range.toMs,
      );
    },
  };
}
