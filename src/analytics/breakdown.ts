import { dimensionLabel, isTraceDimension, MISSING_KEYS, type Dimension } from './dimensions';
import { formatFilter, type Filter } from './filters';
import { GroupAccumulator } from './groupAccumulator';
import type { Breakdown, BreakdownGroup, DrillDown, SortKey } from './types';

export const OTHER_KEY = '(other)';

export interface BreakdownOptions {
  topN: number;
  sortBy: SortKey;
  order: 'asc' | 'desc';
  /** Langfuse base URL and project id for trace links, where the id may be unknown. */
  baseUrl?: string;
  projectId?: string;
}

/**
 * Sorts a dimension's groups, keeps the first `topN` and merges the rest into one `(other)`
 * group. The other group has no latency for observation dimensions, because latency
 * distributions are not merged. For trace dimensions the caller recomputes it from the
 * group's traces through `otherLatencyGroup`.
 */
export function assembleBreakdown(
  dimension: Dimension,
  groups: Map<string, GroupAccumulator>,
  options: BreakdownOptions,
  otherLatencyGroup?: (keys: ReadonlySet<string>) => GroupAccumulator,
): Breakdown {
  const built = [...groups.values()].map((group) => ({
    accumulator: group,
    stats: group.toGroup(drillDownOf(dimension, group, options), true),
  }));
  built.sort((left, right) =>
    compareGroups(left.stats, right.stats, options.sortBy, options.order),
  );

  const kept = built.slice(0, options.topN);
  const rest = built.slice(options.topN);
  const result = kept.map((entry) => entry.stats);

  if (rest.length > 0) {
    const other = new GroupAccumulator(OTHER_KEY);
    for (const entry of rest) {
      other.merge(entry.accumulator);
    }
    const stats = other.toGroup(drillDownOf(dimension, other, options, true), false);
    if (otherLatencyGroup) {
      stats.latency = otherLatencyGroup(
        new Set(rest.map((entry) => entry.stats.key)),
      ).latency.percentiles();
    }
    result.push(stats);
  }

  return {
    dimension: dimensionLabel(dimension),
    level: isTraceDimension(dimension) ? 'trace' : 'observation',
    sortBy: options.sortBy,
    order: options.order,
    totalGroups: groups.size,
    groups: result,
  };
}

function compareGroups(
  left: BreakdownGroup,
  right: BreakdownGroup,
  sortBy: SortKey,
  order: 'asc' | 'desc',
): number {
  const sign = order === 'asc' ? 1 : -1;
  if (sortBy === 'key') {
    return sign * left.key.localeCompare(right.key);
  }
  const difference = sortValue(left, sortBy) - sortValue(right, sortBy);
  // Ties fall back to the key, ascending, so the order is stable across runs.
  return difference !== 0 ? sign * difference : left.key.localeCompare(right.key);
}

function sortValue(group: BreakdownGroup, sortBy: Exclude<SortKey, 'key'>): number {
  switch (sortBy) {
    case 'cost':
      return group.costUsd;
    case 'observations':
      return group.observations;
    case 'traces':
      return group.traces;
    case 'tokens':
      return group.tokens.total;
    case 'p95':
      return group.latency?.p95 ?? -1;
    case 'errorRate':
      return group.errorRate;
  }
}

function drillDownOf(
  dimension: Dimension,
  group: GroupAccumulator,
  options: BreakdownOptions,
  isOther = false,
): DrillDown {
  const filter = isOther ? null : filterOf(dimension, group.key);
  const topTraceId = group.topTraceId;
  let topTraceUrl: string | null = null;
  if (topTraceId !== null && options.baseUrl) {
    const base = options.baseUrl.replace(/\/+$/, '');
    // Without the project id, Langfuse's /trace/<id> path redirects to the trace's project.
    topTraceUrl = options.projectId
      ? `${base}/project/${encodeURIComponent(options.projectId)}/traces/${encodeURIComponent(topTraceId)}`
      : `${base}/trace/${encodeURIComponent(topTraceId)}`;
  }
  return { filters: filter ? [formatFilter(filter)] : null, topTraceId, topTraceUrl };
}

/** Returns the filter that selects one group, or null for groups of missing values. */
function filterOf(dimension: Dimension, key: string): Filter | null {
  if (key === MISSING_KEYS[dimension.name]) {
    return null;
  }
  switch (dimension.name) {
    case 'tag':
      return { kind: 'tags', operator: 'any-of', values: [key] };
    case 'model':
    case 'traceName':
    case 'user':
    case 'session':
    case 'release':
    case 'version':
    case 'environment':
    case 'type':
    case 'prompt':
      return { kind: 'field', field: dimension.name, operator: '=', values: [key] };
    case 'metadata':
      return null;
  }
}
