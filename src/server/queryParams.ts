/**
 * Query-string parsing for the API handlers. Every parser throws a BadRequestError that names
 * the parameter, the value and what is accepted, which the server sends back as a 400.
 */
import { ScanPosition } from './dataset';

export class BadRequestError extends Error {}

export function optionalString(params: URLSearchParams, name: string): string | null {
  const value = params.get(name);
  return value === null || value === '' ? null : value;
}

/** Values of a parameter that may repeat (`environment=a&environment=b`) or be comma-separated. */
export function stringList(
  params: URLSearchParams,
  name: string,
  commaSeparated: boolean,
): string[] | null {
  const values = params
    .getAll(name)
    .flatMap((value) => (commaSeparated ? value.split(',') : [value]));
  const nonEmpty = values.map((value) => value.trim()).filter((value) => value !== '');
  return nonEmpty.length === 0 ? null : nonEmpty;
}

export function optionalTimestampMs(params: URLSearchParams, name: string): number | null {
  const value = optionalString(params, name);
  if (value === null) {
    return null;
  }
  const timeMs = Date.parse(value);
  if (Number.isNaN(timeMs)) {
    throw new BadRequestError(`Invalid ${name} "${value}": use an ISO 8601 date-time.`);
  }
  return timeMs;
}

export function integerParam(
  params: URLSearchParams,
  name: string,
  defaultValue: number,
  min: number,
  max: number,
): number {
  const value = optionalString(params, name);
  if (value === null) {
    return defaultValue;
  }
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new BadRequestError(`Invalid ${name} "${value}": use an integer from ${min} to ${max}.`);
  }
  return parsed;
}

export function optionalBoolean(params: URLSearchParams, name: string): boolean | null {
  const value = optionalString(params, name);
  if (value === null) {
    return null;
  }
  if (value !== 'true' && value !== 'false') {
    throw new BadRequestError(`Invalid ${name} "${value}": use true or false.`);
  }
  return value === 'true';
}

export function rejectParams(params: URLSearchParams, names: string[]): void {
  for (const name of names) {
    if (params.has(name)) {
      throw new BadRequestError(`The ${name} parameter is not supported by this local server.`);
    }
  }
}

/** Encodes a scan position as an opaque cursor, base64 (`url` false) or base64url. */
export function encodeCursor(position: ScanPosition, url: boolean): string {
  const json = JSON.stringify({ t: position.traceIndex, i: position.itemIndex });
  return Buffer.from(json, 'utf8').toString(url ? 'base64url' : 'base64');
}

export function decodeCursor(params: URLSearchParams, url: boolean): ScanPosition | null {
  const value = optionalString(params, 'cursor');
  if (value === null) {
    return null;
  }

  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, url ? 'base64url' : 'base64').toString('utf8'));
  } catch {
    decoded = null;
  }
  const position = decoded as { t?: unknown; i?: unknown } | null;
  if (
    position === null ||
    typeof position !== 'object' ||
    !Number.isInteger(position.t) ||
    !Number.isInteger(position.i)
  ) {
    throw new BadRequestError(
      `Invalid cursor "${value}": pass the cursor of the previous page unchanged.`,
    );
  }
  return { traceIndex: position.t as number, itemIndex: position.i as number };
}
