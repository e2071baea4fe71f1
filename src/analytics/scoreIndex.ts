import type { Score } from '../langfuse/types';
import type { TraceScores } from './filters';

/** A score reduced to what the analytics use; booleans become 1 and 0. */
export interface ScoreEntry {
  name: string;
  dataType: string;
  value: number | string;
  traceId: string;
  observationId: string | null;
}

/**
 * Empty map shared by every trace until it has a score of that kind, so a trace with only
 * numeric scores allocates one map. Only `ScoreIndex.add` writes the maps, and it replaces this
 * one before the first write.
 */
const NO_SCORES = new Map<string, never[]>();

/** The scores of the range, by trace, read before the observations so filters can use them. */
export class ScoreIndex {
  readonly entries: ScoreEntry[] = [];
  readonly byTrace = new Map<string, TraceScores>();
  /** Observations that carry a score, whose model and prompt the builder then records. */
  readonly scoredObservationIds = new Set<string>();

  add(score: Score): void {
    if (score.traceId === null || score.value === null) {
      return;
    }
    const value = typeof score.value === 'boolean' ? (score.value ? 1 : 0) : score.value;
    const entry: ScoreEntry = {
      name: score.name,
      dataType: score.dataType,
      value,
      traceId: score.traceId,
      observationId: score.observationId,
    };
    this.entries.push(entry);
    if (entry.observationId !== null) {
      this.scoredObservationIds.add(entry.observationId);
    }

    let scores = this.byTrace.get(entry.traceId);
    if (scores === undefined) {
      scores = { numeric: NO_SCORES, categorical: NO_SCORES };
      this.byTrace.set(entry.traceId, scores);
    }
    let target: Map<string, (number | string)[]>;
    if (typeof value === 'number') {
      if (scores.numeric === NO_SCORES) {
        scores.numeric = new Map();
      }
      target = scores.numeric;
    } else {
      if (scores.categorical === NO_SCORES) {
        scores.categorical = new Map();
      }
      target = scores.categorical;
    }
    const list = target.get(entry.name);
    if (list === undefined) {
      target.set(entry.name, [value]);
    } else {
      list.push(value);
    }
  }

  /** Mean of the trace's numeric or boolean scores of that name, or null when it has none. */
  traceMean(traceId: string, name: string): number | null {
    const values = this.byTrace.get(traceId)?.numeric.get(name);
    if (!values || values.length === 0) {
      return null;
    }
    let sum = 0;
    for (const value of values) {
      sum += value;
    }
    return sum / values.length;
  }
}
