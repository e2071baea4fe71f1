import type { Observation } from '../../langfuse/types';
import { compareLevels, isCrossed, type GroupBy } from '../types';
import { MAX_LISTED_GROUPS, type GroupValue } from '../result';
import { groupKeys } from '../scope';

/** Key of the single group of a rule without `groupBy`. */
export const ALL_KEY = '';

/** Accumulators by group key, created on first use. */
export class Groups<T> {
  private readonly byKey = new Map<string, T>();

  constructor(
    private readonly groupBy: GroupBy | undefined,
    private readonly create: () => T,
  ) {}

  /** Returns the accumulators the observation belongs to: one, several tags, or none. */
  of(observation: Observation): T[] {
    if (this.groupBy === undefined) {
      return [this.get(ALL_KEY)];
    }
    return groupKeys(observation, this.groupBy).map((key) => this.get(key));
  }

  entries(): IterableIterator<[string, T]> {
    return this.byKey.entries();
  }

  get size(): number {
    return this.byKey.size;
  }

  private get(key: string): T {
    let accumulator = this.byKey.get(key);
    if (accumulator === undefined) {
      accumulator = this.create();
      this.byKey.set(key, accumulator);
    }
    return accumulator;
  }
}

/** Returns the most urgent group (highest level, then highest value), or undefined for none. */
export function worstGroup(values: readonly GroupValue[]): GroupValue | undefined {
  let worst: GroupValue | undefined;
  for (const candidate of values) {
    if (worst === undefined || compareGroups(candidate, worst) < 0) {
      worst = candidate;
    }
  }
  return worst;
}

/** Returns the crossed groups, most urgent first, at most MAX_LISTED_GROUPS. */
export function listCrossedGroups(values: readonly GroupValue[]): GroupValue[] {
  return values
    .filter((group) => isCrossed(group.level))
    .sort(compareGroups)
    .slice(0, MAX_LISTED_GROUPS);
}

function compareGroups(a: GroupValue, b: GroupValue): number {
  return compareLevels(b.level, a.level) || b.value - a.value || a.key.localeCompare(b.key);
}
