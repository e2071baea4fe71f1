/**
 * Injected failures for client tests. Counters make every mode deterministic, so a test can
 * set "the next 2 requests get 503" and count the retries.
 */

export interface Faults {
  /** Respond 429 with `Retry-After` to the next `count` requests, or to every `every`-th one. */
  rateLimit?: { count?: number; every?: number; retryAfterSeconds: number };
  /** Respond to the next `count` requests with this status. */
  serverError?: { count: number; status: 500 | 502 | 503 };
  /** Wait this long before responding to each request. */
  delayMs?: number;
  /** Send half of the body of the next `count` responses, then destroy the socket. */
  truncate?: { count: number };
  /**
   * A token bucket of this many requests per minute, refilled continuously, as Langfuse
   * Cloud limits each project; past it the response is 429 with `Retry-After`.
   */
  requestsPerMinute?: number;
}

export type FaultDecision =
  | { kind: 'none'; truncate: boolean }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'server-error'; status: number };

export class FaultState {
  private faults: Faults = {};
  private rateLimitLeft = 0;
  private serverErrorsLeft = 0;
  private truncationsLeft = 0;
  private requestsSeen = 0;
  private bucketTokens = 0;
  private bucketUpdatedMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Replaces all faults and resets their counters. */
  set(faults: Faults): void {
    this.faults = { ...faults };
    this.rateLimitLeft = faults.rateLimit?.count ?? 0;
    this.serverErrorsLeft = faults.serverError?.count ?? 0;
    this.truncationsLeft = faults.truncate?.count ?? 0;
    this.requestsSeen = 0;
    this.bucketTokens = faults.requestsPerMinute ?? 0;
    this.bucketUpdatedMs = this.now();
  }

  get delayMs(): number {
    return this.faults.delayMs ?? 0;
  }

  /** Decides the fate of one request and updates the counters. */
  decide(): FaultDecision {
    this.requestsSeen++;

    const budget = this.faults.requestsPerMinute;
    if (budget !== undefined && !this.takeToken(budget)) {
      const secondsPerToken = 60 / budget;
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - this.bucketTokens) * secondsPerToken));
      return { kind: 'rate-limited', retryAfterSeconds };
    }

    const rateLimit = this.faults.rateLimit;
    if (rateLimit) {
      const everyHit = rateLimit.every !== undefined && this.requestsSeen % rateLimit.every === 0;
      if (this.rateLimitLeft > 0 || everyHit) {
        this.rateLimitLeft = Math.max(0, this.rateLimitLeft - 1);
        return { kind: 'rate-limited', retryAfterSeconds: rateLimit.retryAfterSeconds };
      }
    }

    if (this.serverErrorsLeft > 0 && this.faults.serverError) {
      this.serverErrorsLeft--;
      return { kind: 'server-error', status: this.faults.serverError.status };
    }

    const truncate = this.truncationsLeft > 0;
    if (truncate) {
      this.truncationsLeft--;
    }
    return { kind: 'none', truncate };
  }

  private takeToken(budget: number): boolean {
    const nowMs = this.now();
    const refill = ((nowMs - this.bucketUpdatedMs) * budget) / 60_000;
    this.bucketTokens = Math.min(budget, this.bucketTokens + refill);
    this.bucketUpdatedMs = nowMs;

    if (this.bucketTokens < 1) {
      return false;
    }
    this.bucketTokens -= 1;
    return true;
  }
}
