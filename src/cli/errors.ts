import { LangfuseError } from '../langfuse/errors';

/** A malformed --base-url or LANGFUSE_BASE_URL is the caller's mistake, so it exits 2. */
export function invalidBaseUrlIsUsage(error: unknown): boolean {
  return error instanceof LangfuseError && error.kind === 'invalid-base-url';
}
