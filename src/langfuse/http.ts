import { Agent, errors as undiciErrors, request } from 'undici';
import { LangfuseError } from './errors';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export interface RetryPolicy {
  /** Retries after the first attempt, for 429, 5xx, resets and timeouts. */
  maxRetries: number;
  /** The first backoff step; each retry doubles it, up to maxBackoffMs, with full jitter. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** A 429 whose Retry-After requests a longer wait than this fails instead of waiting. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 5,
  baseBackoffMs: 500,
  maxBackoffMs: 15_000,
  maxRetryAfterMs: 120_000,
};

export interface HttpOptions {
  baseUrl: URL;
  authorization: string;
  /** Strings that must never appear in a message: the secret key. */
  redact: readonly string[];
  timeoutMs: number;
  retry: RetryPolicy;
  logger: Logger;
  userAgent: string;
}

export type QueryValue = string | number | boolean | readonly string[] | undefined | null;

/** A JSON GET with Langfuse's auth, the retry policy and user-facing errors. */
export class HttpTransport {
  private readonly agent: Agent;
  private requests = 0;

  constructor(private readonly options: HttpOptions) {
    this.agent = new Agent({
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 10_000,
    });
  }

  get requestCount(): number {
    return this.requests;
  }

  get host(): string {
    return this.options.baseUrl.host;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /**
   * Sends a GET and returns the parsed JSON body and the status. A 404 is returned, not thrown,
   * so callers can fall back to older endpoints; every other non-2xx status throws.
   */
  async getJson(
    path: string,
    query: Record<string, QueryValue>,
    signal: AbortSignal | undefined,
    options: { authenticated?: boolean } = {},
  ): Promise<{ status: number; body: unknown }> {
    const url = this.buildUrl(path, query);
    const { retry, logger } = this.options;

    for (let attempt = 0; ; attempt++) {
      throwIfAborted(signal, path);
      const outcome = await this.attempt(url, path, signal, options.authenticated !== false);

      if (outcome.kind === 'done') {
        return outcome.result;
      }

      if (attempt >= retry.maxRetries) {
        throw withAttempts(outcome.error, attempt + 1);
      }

      const waitMs =
        outcome.retryAfterMs ??
        Math.random() * Math.min(retry.maxBackoffMs, retry.baseBackoffMs * 2 ** attempt);
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > retry.maxRetryAfterMs) {
        throw outcome.error;
      }

      logger.warn(
        `[client] GET ${path} ${outcome.reason}; retry ${attempt + 1} of ${retry.maxRetries} ` +
          `in ${(waitMs / 1000).toFixed(1)} s`,
      );
      await sleep(waitMs, signal, path);
    }
  }

  private buildUrl(path: string, query: Record<string, QueryValue>): URL {
    const url = new URL(this.options.baseUrl.href);
    url.pathname = `${url.pathname.replace(/\/$/, '')}${path}`;
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null) {
        continue;
      }
      if (Array.isArray(value)) {
        for (const item of value) {
          url.searchParams.append(key, item);
        }
      } else {
        url.searchParams.set(key, String(value));
      }
    }
    return url;
  }

  private async attempt(
    url: URL,
    path: string,
    signal: AbortSignal | undefined,
    authenticated: boolean,
  ): Promise<AttemptOutcome> {
    const { timeoutMs, logger } = this.options;
    const timeoutSignal = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeoutSignal]) : timeoutSignal;
    const startedAt = Date.now();
    this.requests++;

    let status: number;
    let text: string;
    let retryAfterHeader: string | string[] | undefined;
    let contentType = '';
    try {
      const response = await request(url, {
        method: 'GET',
        dispatcher: this.agent,
        signal: combined,
        headers: {
          accept: 'application/json',
          'user-agent': this.options.userAgent,
          ...(authenticated ? { authorization: this.options.authorization } : {}),
        },
      });
      status = response.statusCode;
      retryAfterHeader = response.headers['retry-after'];
      contentType = String(response.headers['content-type'] ?? '');
      text = await response.body.text();
    } catch (error) {
      if (signal?.aborted) {
        throw cancelled(path);
      }
      const failure = this.classifyNetworkError(error, path, timeoutSignal.aborted);
      logger.debug(
        `[client] GET ${path} failed after ${Date.now() - startedAt} ms: ${failure.reason}`,
      );
      return failure;
    }

    logger.debug(`[client] GET ${path} ${status} in ${Date.now() - startedAt} ms`);

    if (status === 429) {
      const retryAfterMs = parseRetryAfter(retryAfterHeader) ?? this.options.retry.baseBackoffMs;
      return {
        kind: 'retry',
        reason: 'was rate limited (429)',
        retryAfterMs,
        error: new LangfuseError(
          'rate-limited',
          `${this.host} rate-limited the request to ${path} (429) and asked to wait ` +
            `${Math.ceil(retryAfterMs / 1000)} s; try again later.`,
          { status, endpoint: path },
        ),
      };
    }

    if (status >= 500) {
      return {
        kind: 'retry',
        reason: `answered ${status}`,
        error: new LangfuseError(
          'http',
          `${this.host} answered ${status} for ${path} after retries; the server is failing, ` +
            'try again later.',
          { status, endpoint: path },
        ),
      };
    }

    if (status === 401) {
      throw new LangfuseError(
        'auth',
        `The keys were rejected by ${this.host} (401). Check the public and secret key ` +
          'in the project settings of Langfuse (API Keys) and sign in again.',
        { status, endpoint: path },
      );
    }
    if (status === 403) {
      throw new LangfuseError(
        'forbidden',
        `${this.host} denied access to ${path} (403). The API key may lack access to this ` +
          'project or your plan may not include this endpoint.',
        { status, endpoint: path },
      );
    }
    if (status === 404) {
      return { kind: 'done', result: { status, body: undefined } };
    }
    if (status < 200 || status >= 300) {
      throw new LangfuseError(
        'http',
        `${this.host} rejected ${path} with ${status}: ${this.redact(summarise(text))}`,
        { status, endpoint: path },
      );
    }

    try {
      return { kind: 'done', result: { status, body: JSON.parse(text) } };
    } catch {
      const looksLikeHtml = /html/i.test(contentType) || /^\s*</.test(text);
      throw new LangfuseError(
        looksLikeHtml ? 'not-langfuse' : 'invalid-response',
        looksLikeHtml
          ? `${this.host} answered ${path} with an HTML page, not Langfuse's JSON API. ` +
              'Check that the base URL points at a Langfuse server.'
          : `${this.host} sent a body for ${path} that is not valid JSON ` +
              `(${text.length} bytes, starting ${JSON.stringify(this.redact(text.slice(0, 40)))}).`,
        { status, endpoint: path },
      );
    }
  }

  private classifyNetworkError(
    error: unknown,
    path: string,
    timedOut: boolean,
  ): Extract<AttemptOutcome, { kind: 'retry' }> | never {
    const code = errorCode(error);
    const seconds = Math.round(this.options.timeoutMs / 100) / 10;

    if (
      timedOut ||
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      error instanceof undiciErrors.ConnectTimeoutError
    ) {
      return {
        kind: 'retry',
        reason: `timed out after ${seconds} s`,
        error: new LangfuseError(
          'timeout',
          `The request to ${this.host}${path} timed out after ${seconds} s. ` +
            'The server may be overloaded; try a shorter time range or try again later.',
          { endpoint: path, cause: error },
        ),
      };
    }

    if (code && TLS_ERROR_CODES.test(code)) {
      throw new LangfuseError(
        'tls',
        `The TLS connection to ${this.host} failed (${code}). The server's certificate is ` +
          'not trusted here; check the base URL, or the certificate of your self-hosted server.',
        { endpoint: path, cause: error },
      );
    }

    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNREFUSED') {
      throw new LangfuseError(
        'unreachable',
        `Cannot reach ${this.host} (${code}). Check the base URL and your network connection.`,
        { endpoint: path, cause: error },
      );
    }

    // Resets, cut-off bodies and other socket failures are worth another attempt.
    return {
      kind: 'retry',
      reason: `lost the connection (${code ?? describe(error)})`,
      error: new LangfuseError(
        'unreachable',
        `The connection to ${this.host} failed while reading ${path} ` +
          `(${code ?? describe(error)}); try again later.`,
        { endpoint: path, cause: error },
      ),
    };
  }

  private redact(text: string): string {
    let result = text;
    for (const secret of this.options.redact) {
      if (secret) {
        result = result.split(secret).join('***');
      }
    }
    return result;
  }
}

type AttemptOutcome =
  | { kind: 'done'; result: { status: number; body: unknown } }
  | { kind: 'retry'; reason: string; error: LangfuseError; retryAfterMs?: number };

const TLS_ERROR_CODES =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|EPROTO$)/;

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR_')) {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function summarise(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine || '(empty body)';
}

/** Parses Retry-After as delay seconds or an HTTP date; returns milliseconds. */
export function parseRetryAfter(
  header: string | string[] | undefined,
  nowMs = Date.now(),
): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) {
    return undefined;
  }
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) {
    return Math.round(Number(value) * 1000);
  }
  const dateMs = Date.parse(value);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}

/** Adds how many attempts were made to a retryable error's message. */
function withAttempts(error: LangfuseError, attempts: number): LangfuseError {
  if (attempts <= 1) {
    return error;
  }
  return new LangfuseError(error.kind, `${error.message} (${attempts} attempts)`, error.details);
}

function cancelled(path: string): LangfuseError {
  return new LangfuseError('cancelled', `The request to ${path} was cancelled.`, {
    endpoint: path,
  });
}

function throwIfAborted(signal: AbortSignal | undefined, path: string): void {
  if (signal?.aborted) {
    throw cancelled(path);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled(path));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled(path));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
