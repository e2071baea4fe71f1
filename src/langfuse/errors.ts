/** What went wrong, in terms a user can act on. */
export type LangfuseErrorKind =
  | 'auth'
  | 'forbidden'
  | 'unreachable'
  | 'not-langfuse'
  | 'tls'
  | 'timeout'
  | 'rate-limited'
  | 'http'
  | 'invalid-response'
  | 'cancelled'
  | 'invalid-base-url';

/**
 * An error from talking to a Langfuse endpoint. The message is written for the user and never
 * contains the secret key or the Authorization header.
 */
export class LangfuseError extends Error {
  override readonly name = 'LangfuseError';

  constructor(
    readonly kind: LangfuseErrorKind,
    message: string,
    readonly details: { status?: number; endpoint?: string; cause?: unknown } = {},
  ) {
    super(message);
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get endpoint(): string | undefined {
    return this.details.endpoint;
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof LangfuseError && error.kind === 'cancelled';
}
