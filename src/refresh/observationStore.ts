import type { Observation, TimeRange } from '../langfuse/types';

/** Observations by id: a refresh that reads one again replaces it instead of counting it twice. */
export class ObservationStore {
  private readonly byId = new Map<string, Observation>();

  constructor(observations: Iterable<Observation> = []) {
    for (const observation of observations) {
      this.byId.set(observation.id, observation);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  /** Adds the observation, or replaces the stored one with the same id (it may have ended since). */
  upsert(observation: Observation): 'added' | 'updated' {
    const known = this.byId.has(observation.id);
    this.byId.set(observation.id, observation);
    return known ? 'updated' : 'added';
  }

  /** Removes observations that start before `fromMs`; returns how many. */
  prune(fromMs: number): number {
    let removed = 0;
    for (const [id, observation] of this.byId) {
      if (observation.startTimeMs < fromMs) {
        this.byId.delete(id);
        removed++;
      }
    }
    return removed;
  }

  values(): IterableIterator<Observation> {
    return this.byId.values();
  }

  /** The observations that start in the half-open range. */
  *inRange(range: TimeRange): IterableIterator<Observation> {
    for (const observation of this.byId.values()) {
      if (observation.startTimeMs >= range.fromMs && observation.startTimeMs < range.toMs) {
        yield observation;
      }
    }
  }
}
