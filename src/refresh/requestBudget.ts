import { sleep, type Clock } from './clock';

/**
 * Langfuse Cloud's Hobby plan allows 30 requests per minute to the public API outside
 * ingestion, prompts, metrics and datasets, per organization (langfuse.com/faq/all/api-limits,
 * read in December 2026).
 */
export const HOBBY_REQUESTS_PER_MINUTE = 30;

/**
 * A token bucket of requests per minute, refilled continuously. The refresh takes a token before
 * each page request, so it never sends faster than the budget allows on average.
 */
export class RequestBudget {
  readonly requestsPerMinute: number;
  private readonly burst: number;
  private tokens: number;
  private updatedMs: number;

  /** `burst` is the bucket size, the requests that may go out at once; default one minute's. */
  constructor(
    private readonly clock: Clock,
    requestsPerMinute = HOBBY_REQUESTS_PER_MINUTE,
    burst = requestsPerMinute,
  ) {
    if (!(requestsPerMinute > 0) || !(burst >= 1)) {
      throw new RangeError(
        `The request budget ${requestsPerMinute} per minute (burst ${burst}) is invalid; ` +
          'use a positive number of requests per minute and a burst of at least 1.',
      );
    }
    this.requestsPerMinute = requestsPerMinute;
    this.burst = burst;
    this.tokens = burst;
    this.updatedMs = clock.now();
  }

  /** Requests that may be sent now; negative after retries used more than was taken. */
  get available(): number {
    this.refill();
    return this.tokens;
  }

  /** Milliseconds until `count` requests are available, 0 when they are. */
  msUntilAvailable(count = 1): number {
    this.refill();
    const missing = count - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing * 60_000) / this.requestsPerMinute);
  }

  /** Waits until a request is available and takes it. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const waitMs = this.msUntilAvailable(1);
      if (waitMs === 0) {
        this.tokens -= 1;
        return;
      }
      await sleep(this.clock, waitMs, signal);
    }
  }

  /** Charges requests sent without `take`, such as retries; the balance may go negative. */
  charge(count: number): void {
    this.refill();
    this.tokens -= count;
  }

  private refill(): void {
    const nowMs = this.clock.now();
    const elapsedMs = Math.max(0, nowMs - this.updatedMs);
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.requestsPerMinute) / 60_000);
    this.updatedMs = nowMs;
  }
}
