import type { Observation } from '../langfuse/types';

/** The dimensions a breakdown can group by. */
export const DIMENSION_NAMES = [
  'model',
  'traceName',
  'user',
  'session',
  'tag',
  'release',
  'version',
  'environment',
  'type',
  'prompt',
  'metadata',
] as const;

export type DimensionName = (typeof DIMENSION_NAMES)[number];

export interface Dimension {
  name: DimensionName;
  /** The metadata key, only for the `metadata` dimension. */
  metadataKey?: string;
}

/**
 * Dimensions whose value belongs to the whole trace (Langfuse copies it onto every observation
 * through the `trace_context` field group). Their groups count whole traces and report trace
 * latency. The other dimensions describe one observation: their groups report observation
 * latency, and one trace can fall into several groups.
 */
const TRACE_DIMENSIONS: ReadonlySet<DimensionName> = new Set([
  'traceName',
  'user',
  'session',
  'tag',
  'release',
  'environment',
]);

/** The key of observations or traces that have no value for the dimension. */
export const MISSING_KEYS: Record<DimensionName, string> = {
  model: '(no model)',
  traceName: '(unnamed)',
  user: '(no user)',
  session: '(no session)',
  tag: '(no tag)',
  release: '(no release)',
  version: '(no version)',
  environment: '(no environment)',
  type: '(no type)',
  prompt: '(no prompt)',
  metadata: '(no value)',
};

const ALIASES: Record<string, DimensionName> = {
  'trace-name': 'traceName',
  tracename: 'traceName',
  feature: 'traceName',
  userid: 'user',
  sessionid: 'session',
  tags: 'tag',
  env: 'environment',
  'observation-type': 'type',
  observationtype: 'type',
};

export function isTraceDimension(dimension: Dimension): boolean {
  return TRACE_DIMENSIONS.has(dimension.name);
}

/** Returns the name a dimension is shown and keyed under, e.g. `model` or `metadata:region`. */
export function dimensionLabel(dimension: Dimension): string {
  return dimension.name === 'metadata' ? `metadata:${dimension.metadataKey}` : dimension.name;
}

/**
 * Parses a dimension name as users write it: `model`, `traceName` (or `trace-name`), `user`,
 * `session`, `tag`, `release`, `version`, `environment`, `type`, `prompt`, `metadata:<key>`.
 */
export function parseDimension(text: string): Dimension {
  const trimmed = text.trim();
  const metadata = /^metadata[.:](.+)$/i.exec(trimmed);
  if (metadata) {
    return { name: 'metadata', metadataKey: (metadata[1] as string).trim() };
  }

  const lower = trimmed.toLowerCase();
  const name =
    ALIASES[lower] ?? DIMENSION_NAMES.find((candidate) => candidate.toLowerCase() === lower);
  if (!name || name === 'metadata') {
    throw new RangeError(
      `Unknown dimension "${text}": use one of ${DIMENSION_NAMES.filter((n) => n !== 'metadata').join(', ')} ` +
        'or metadata:<key>.',
    );
  }
  return { name };
}

/** Returns `name@version` for a prompt-linked observation, else null. */
export function promptKey(observation: Observation): string | null {
  if (!observation.promptName) {
    return null;
  }
  return observation.promptVersion === null
    ? observation.promptName
    : `${observation.promptName}@${observation.promptVersion}`;
}

/** Converts a metadata value to a group key: strings as they are, numbers and booleans as text. */
export function metadataKeyValue(observation: Observation, key: string): string | null {
  const value = observation.metadata?.[key];
  if (typeof value === 'string') {
    return value === '' ? null : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return null;
}

/**
 * Returns the group keys of one observation for a dimension. Most dimensions give one key, but `tag`
 * gives one per tag, so a trace with two tags counts in both groups.
 */
export function dimensionKeys(observation: Observation, dimension: Dimension): string[] {
  const missing = MISSING_KEYS[dimension.name];
  if (dimension.name === 'tag') {
    return observation.tags.length > 0 ? observation.tags : [missing];
  }
  return [singleKey(observation, dimension) ?? missing];
}

function singleKey(observation: Observation, dimension: Dimension): string | null {
  switch (dimension.name) {
    case 'model':
      return observation.model;
    case 'traceName':
      return observation.traceName;
    case 'user':
      return observation.userId;
    case 'session':
      return observation.sessionId;
    case 'release':
      return observation.release;
    case 'version':
      return observation.version;
    case 'environment':
      return observation.environment;
    case 'type':
      return observation.type;
    case 'prompt':
      return promptKey(observation);
    case 'metadata':
      return metadataKeyValue(observation, dimension.metadataKey ?? '');
    case 'tag':
      return observation.tags[0] ?? null;
  }
}
