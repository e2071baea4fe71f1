import type { Observation } from '../langfuse/types';
import { NO_MODEL_KEY } from '../metrics/types';
import { UNNAMED_TRACE_KEY } from '../metrics/analyticsTypes';
import type { GroupBy, Scope } from './types';

/** Key of observations that have no value for the grouped attribute. */
export const NO_VALUE_KEY = '(none)';

/** True when the observation matches every attribute the scope sets. */
export function matchesScope(observation: Observation, scope: Scope): boolean {
  if (scope.model !== undefined && observation.model !== scope.model) {
    return false;
  }
  if (scope.traceName !== undefined && observation.traceName !== scope.traceName) {
    return false;
  }
  if (scope.userId !== undefined && observation.userId !== scope.userId) {
    return false;
  }
  if (scope.environment !== undefined && observation.environment !== scope.environment) {
    return false;
  }
  if (scope.tag !== undefined && !observation.tags.includes(scope.tag)) {
    return false;
  }
  return true;
}

/**
 * Returns the group keys of an observation: one value, or one per tag for `tag` (an
 * observation with two tags counts in both groups, and one without tags in none).
 */
export function groupKeys(observation: Observation, groupBy: GroupBy): readonly string[] {
  switch (groupBy) {
    case 'user':
      return [observation.userId ?? NO_VALUE_KEY];
    case 'model':
      return [observation.model ? observation.model : NO_MODEL_KEY];
    case 'traceName':
      return [observation.traceName ?? UNNAMED_TRACE_KEY];
    case 'environment':
      return [observation.environment ?? NO_VALUE_KEY];
    case 'session':
      return [observation.sessionId ?? NO_VALUE_KEY];
    case 'tag':
      return observation.tags;
  }
}

/** Describes a scope for messages, for example `model gpt-4o, tag beta`; empty for none. */
export function describeScope(scope: Scope): string {
  const parts: string[] = [];
  if (scope.model !== undefined) parts.push(`model ${scope.model}`);
  if (scope.traceName !== undefined) parts.push(`trace ${scope.traceName}`);
  if (scope.userId !== undefined) parts.push(`user ${scope.userId}`);
  if (scope.tag !== undefined) parts.push(`tag ${scope.tag}`);
  if (scope.environment !== undefined) parts.push(`environment ${scope.environment}`);
  return parts.join(', ');
}

/** Adds the group to the scope, so a notification can filter the dashboard to the cause. */
export function scopeWithGroup(scope: Scope, groupBy: GroupBy | undefined, key: string): Scope {
  if (groupBy === undefined || key === NO_VALUE_KEY) {
    return scope;
  }
  switch (groupBy) {
    case 'user':
      return { ...scope, userId: key };
    case 'model':
      return key === NO_MODEL_KEY ? scope : { ...scope, model: key };
    case 'traceName':
      return key === UNNAMED_TRACE_KEY ? scope : { ...scope, traceName: key };
    case 'tag':
      return { ...scope, tag: key };
    case 'environment':
      return { ...scope, environment: key };
    case 'session':
      return scope;
  }
}
