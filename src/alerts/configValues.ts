/** Readers for the values of an alerts config, with errors that name the key and the fix. */

export type ConfigPath = ReadonlyArray<string | number>;

/** An invalid value in an alerts config, at `path` (for example `budgets[1].limitUsd`). */
export class AlertConfigError extends Error {
  override readonly name = 'AlertConfigError';

  constructor(
    readonly path: ConfigPath,
    readonly problem: string,
  ) {
    super(path.length > 0 ? `${formatPath(path)}: ${problem}` : problem);
  }
}

/** Formats a path as in JavaScript: `rules[2].scope.model`. */
export function formatPath(path: ConfigPath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') {
      text += `[${part}]`;
    } else {
      text += text ? `.${part}` : part;
    }
  }
  return text;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (value === null || typeof value !== 'object') {
    return String(value);
  }
  return Array.isArray(value) ? 'a list' : 'an object';
}

export function readRecord(value: unknown, path: ConfigPath): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AlertConfigError(
      path,
      `${describeValue(value)} is not an object; write key: value pairs.`,
    );
  }
  return value as Record<string, unknown>;
}

/** Rejects keys outside `known`, so a typo does not silently turn a setting off. */
export function rejectUnknownKeys(
  record: Record<string, unknown>,
  known: readonly string[],
  path: ConfigPath,
): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) {
      throw new AlertConfigError([...path, key], `unknown key; use one of ${known.join(', ')}.`);
    }
  }
}

export function readString(value: unknown, path: ConfigPath): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AlertConfigError(path, `${describeValue(value)} is not a non-empty string.`);
  }
  return value.trim();
}

export function readOptionalString(value: unknown, path: ConfigPath): string | undefined {
  return value === undefined ? undefined : readString(value, path);
}

/** Reads a number that is at least `min` (and an integer when asked). */
export function readNumber(
  value: unknown,
  path: ConfigPath,
  hint: string,
  options: { min?: number; exclusiveMin?: boolean; integer?: boolean } = {},
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AlertConfigError(path, `${describeValue(value)} is not a number; ${hint}.`);
  }
  const { min, exclusiveMin, integer } = options;
  if (min !== undefined && (exclusiveMin ? value <= min : value < min)) {
    const bound = exclusiveMin ? `greater than ${min}` : `at least ${min}`;
    throw new AlertConfigError(path, `${value} is out of range; it must be ${bound} (${hint}).`);
  }
  if (integer && !Number.isInteger(value)) {
    throw new AlertConfigError(path, `${value} is not a whole number; ${hint}.`);
  }
  return value;
}

const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;

/**
 * Reads a share: `80%` or a number from 0 to 1 (0.8). With `allowAboveOne`, shares above 100%
 * are accepted too.
 */
export function readShare(
  value: unknown,
  path: ConfigPath,
  options: { allowAboveOne?: boolean } = {},
): number {
  let share: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) {
    share = value;
  } else if (typeof value === 'string') {
    const percent = PERCENT.exec(value.trim());
    share = percent ? Number(percent[1]) / 100 : undefined;
  }

  const max = options.allowAboveOne ? Infinity : 1;
  if (share === undefined || share < 0 || share > max) {
    const range = options.allowAboveOne ? 'a percentage' : 'a percentage from 0% to 100%';
    throw new AlertConfigError(
      path,
      `${describeValue(value)} is not a share; write ${range} such as "80%", or a number such as 0.8.`,
    );
  }
  return share;
}

const SECONDS = /^(\d+(?:\.\d+)?)\s*(ms|s)$/i;

/** Reads a duration in seconds: a number of seconds, or a string such as `2.5s` or `800ms`. */
export function readSeconds(value: unknown, path: ConfigPath): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return value;
  }
  const match = typeof value === 'string' ? SECONDS.exec(value.trim()) : null;
  if (!match) {
    throw new AlertConfigError(
      path,
      `${describeValue(value)} is not a duration; write seconds such as 5, "2.5s" or "800ms".`,
    );
  }
  const amount = Number(match[1]);
  return (match[2] ?? '').toLowerCase() === 'ms' ? amount / 1000 : amount;
}

export function readEnum<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: ConfigPath,
): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new AlertConfigError(
      path,
      `${describeValue(value)} is not allowed; use one of ${allowed.join(', ')}.`,
    );
  }
  return value as T;
}
