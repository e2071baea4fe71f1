import type { QueryValue } from '../langfuse/http';
import type { Observation } from '../langfuse/types';
import { promptKey } from './dimensions';

/** Observation and trace attributes a filter can compare. */
export const FILTER_FIELDS = [
  'environment',
  'release',
  'version',
  'user',
  'session',
  'traceName',
  'model',
  'level',
  'type',
  'prompt',
] as const;

export type FilterField = (typeof FILTER_FIELDS)[number];

export type ComparisonOperator = '>=' | '>' | '<=' | '<' | '=' | '!=';

export type Filter =
  | { kind: 'field'; field: FilterField; operator: '=' | '!=' | 'in'; values: string[] }
  | { kind: 'tags'; operator: 'all-of' | 'any-of' | 'none-of'; values: string[] }
  | { kind: 'score'; name: string; operator: ComparisonOperator; value: number | string };

const FIELD_ALIASES: Record<string, FilterField> = {
  env: 'environment',
  userid: 'user',
  sessionid: 'session',
  'trace-name': 'traceName',
  tracename: 'traceName',
  feature: 'traceName',
};

const FILTER_PATTERN =
  /^\s*([^\s<>=!]+)\s*(>=|<=|!=|=|>|<|\s(?:in|any-of|all-of|none-of)\s)\s*(.*?)\s*$/i;

/**
 * Parses one filter as users write it: `environment = production`, `model in gpt-4o,gpt-4o-mini`,
 * `release != v2.0.0`, `tags all-of beta,eu`, `tag = beta`, `level = ERROR`, and score
 * thresholds such as `helpfulness >= 0.8`, `correct = true` or `score:sentiment = positive`.
 * A name that is no field is taken as a score name.
 */
export function parseFilter(text: string): Filter {
  const match = FILTER_PATTERN.exec(text);
  const rawValue = match?.[3] ?? '';
  if (!match || rawValue === '') {
    throw new RangeError(
      `Invalid filter "${text}": write <field> <operator> <value>, for example ` +
        '"environment = production", "tags all-of beta,eu" or "helpfulness >= 0.8".',
    );
  }

  const name = match[1] as string;
  const operator = (match[2] as string).trim().toLowerCase();
  const lowerName = name.toLowerCase();

  if (lowerName === 'tag' || lowerName === 'tags') {
    return parseTagFilter(text, operator, rawValue);
  }

  const field = lowerName.startsWith('score:') ? undefined : fieldOf(lowerName);
  if (field) {
    return parseFieldFilter(text, field, operator, rawValue);
  }

  const scoreName = lowerName.startsWith('score:') ? name.slice('score:'.length) : name;
  return parseScoreFilter(text, scoreName, operator, rawValue);
}

/** Formats a filter back into the syntax parseFilter reads. */
export function formatFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'field':
      return `${filter.field} ${filter.operator} ${filter.values.join(',')}`;
    case 'tags':
      return `tags ${filter.operator} ${filter.values.join(',')}`;
    case 'score':
      return `${isFieldName(filter.name) ? 'score:' : ''}${filter.name} ${filter.operator} ${filter.value}`;
  }
}

function fieldOf(lowerName: string): FilterField | undefined {
  return (
    FIELD_ALIASES[lowerName] ?? FILTER_FIELDS.find((field) => field.toLowerCase() === lowerName)
  );
}

function isFieldName(name: string): boolean {
  const lower = name.toLowerCase();
  return fieldOf(lower) !== undefined || lower === 'tag' || lower === 'tags';
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function parseTagFilter(text: string, operator: string, rawValue: string): Filter {
  const values = splitList(rawValue);
  if (operator === '=' || operator === 'any-of' || operator === 'in') {
    return { kind: 'tags', operator: 'any-of', values };
  }
  if (operator === 'all-of' || operator === 'none-of') {
    return { kind: 'tags', operator, values };
  }
  if (operator === '!=') {
    return { kind: 'tags', operator: 'none-of', values };
  }
  throw new RangeError(
    `Invalid filter "${text}": tags take =, !=, any-of, all-of or none-of with a comma list.`,
  );
}

function parseFieldFilter(
  text: string,
  field: FilterField,
  operator: string,
  rawValue: string,
): Filter {
  if (operator !== '=' && operator !== '!=' && operator !== 'in') {
    throw new RangeError(
      `Invalid filter "${text}": ${field} takes =, != or in (a comma list), not ${operator}.`,
    );
  }

  const values = operator === 'in' ? splitList(rawValue) : [rawValue];
  if (field === 'level') {
    const levels = values.map((value) => value.toUpperCase());
    const invalid = levels.find(
      (level) => !['DEBUG', 'DEFAULT', 'WARNING', 'ERROR'].includes(level),
    );
    if (invalid !== undefined) {
      throw new RangeError(
        `Invalid filter "${text}": level ${invalid} is not DEBUG, DEFAULT, WARNING or ERROR.`,
      );
    }
    return { kind: 'field', field, operator, values: levels };
  }
  return { kind: 'field', field, operator, values };
}

// NOTE: any unknown name becomes a score filter, so a typo such as `cost > 0.01` is accepted and
// matches no trace instead of being rejected.
function parseScoreFilter(text: string, name: string, operator: string, rawValue: string): Filter {
  if (!['>=', '>', '<=', '<', '=', '!='].includes(operator)) {
    throw new RangeError(
      `Invalid filter "${text}": "${name}" is not a field, so it is read as a score name, and ` +
        'score filters take >=, >, <=, <, = or !=.',
    );
  }

  const lower = rawValue.toLowerCase();
  let value: number | string;
  if (lower === 'true' || lower === 'false') {
    value = lower === 'true' ? 1 : 0;
  } else if (Number.isFinite(Number(rawValue))) {
    value = Number(rawValue);
  } else if (operator === '=' || operator === '!=') {
    value = rawValue;
  } else {
    throw new RangeError(
      `Invalid filter "${text}": ${operator} needs a number, but "${rawValue}" is none.`,
    );
  }
  return { kind: 'score', name, operator: operator as ComparisonOperator, value };
}

/** Scores of one trace by score name: numeric and boolean values (as 0/1) and categories. */
export interface TraceScores {
  numeric: Map<string, number[]>;
  categorical: Map<string, string[]>;
}

/**
 * Tells whether an observation passes every filter. A field filter on a trace attribute passes
 * or fails all observations of a trace alike. A score filter compares the mean of the trace's
 * numeric or boolean scores of that name (booleans as 0 and 1, so `correct = true` needs every
 * `correct` score to be true), or, for a category, passes when any score of that name has it.
 * A trace without a score of that name fails a score filter.
 */
export function matchesFilters(
  observation: Observation,
  filters: readonly Filter[],
  scoresOfTrace: (traceId: string) => TraceScores | undefined,
): boolean {
  for (const filter of filters) {
    if (!matchesFilter(observation, filter, scoresOfTrace)) {
      return false;
    }
  }
  return true;
}

function matchesFilter(
  observation: Observation,
  filter: Filter,
  scoresOfTrace: (traceId: string) => TraceScores | undefined,
): boolean {
  if (filter.kind === 'tags') {
    const tags = observation.tags;
    if (filter.operator === 'all-of') {
      return filter.values.every((tag) => tags.includes(tag));
    }
    const any = filter.values.some((tag) => tags.includes(tag));
    return filter.operator === 'any-of' ? any : !any;
  }

  if (filter.kind === 'field') {
    const value = fieldValue(observation, filter.field);
    const listed = value !== null && filter.values.includes(value);
    return filter.operator === '!=' ? !listed : listed;
  }

  return matchesScore(scoresOfTrace(observation.traceId), filter);
}

function matchesScore(
  scores: TraceScores | undefined,
  filter: Extract<Filter, { kind: 'score' }>,
): boolean {
  if (typeof filter.value === 'string') {
    const categories = scores?.categorical.get(filter.name) ?? [];
    if (categories.length === 0) {
      return false;
    }
    const any = categories.includes(filter.value);
    return filter.operator === '!=' ? !any : any;
  }

  const values = scores?.numeric.get(filter.name) ?? [];
  if (values.length === 0) {
    return false;
  }
  let sum = 0;
  for (const value of values) {
    sum += value;
  }
  return compare(sum / values.length, filter.operator, filter.value);
}

export function compare(left: number, operator: ComparisonOperator, right: number): boolean {
  switch (operator) {
    case '>=':
      return left >= right;
    case '>':
      return left > right;
    case '<=':
      return left <= right;
    case '<':
      return left < right;
    case '=':
      return left === right;
    case '!=':
      return left !== right;
  }
}

/** Returns the value of a filter field on an observation, or null when it has none. */
export function fieldValue(observation: Observation, field: FilterField): string | null {
  switch (field) {
    case 'environment':
      return observation.environment;
    case 'release':
      return observation.release;
    case 'version':
      return observation.version;
    case 'user':
      return observation.userId;
    case 'session':
      return observation.sessionId;
    case 'traceName':
      return observation.traceName;
    case 'model':
      return observation.model;
    case 'level':
      return observation.level;
    case 'type':
      return observation.type;
    case 'prompt':
      return promptKey(observation);
  }
}

/**
 * Maps the filters that `GET /api/public/v2/observations` can apply itself onto its query
 * parameters (`userId`, `sessionId`, `environment`, `level`, `type`, `version`), so less data is
 * fetched. The filters are still applied locally afterwards, which keeps the result the same
 * when a server ignores a parameter. Tags, release, trace name, model, prompt and scores are
 * only applied locally.
 */
export function observationQueryOf(filters: readonly Filter[]): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  for (const filter of filters) {
    if (filter.kind !== 'field') {
      continue;
    }

    const single = filter.operator === '=' && filter.values.length === 1;
    const value = filter.values[0] as string;
    switch (filter.field) {
      case 'user':
        if (single) query.userId = value;
        break;
      case 'session':
        if (single) query.sessionId = value;
        break;
      case 'environment':
        if (filter.operator !== '!=') query.environment = filter.values;
        break;
      case 'level':
        if (single) query.level = value;
        break;
      case 'type':
        if (single) query.type = value;
        break;
      case 'version':
        if (single) query.version = value;
        break;
      default:
        break;
    }
  }
  return query;
}

/** True when a score filter is present, so scores must be read before observations. */
export function needsScores(filters: readonly Filter[]): boolean {
  return filters.some((filter) => filter.kind === 'score');
}
