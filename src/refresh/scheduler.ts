import type { Logger } from '../langfuse/http';
import { silentLogger } from '../langfuse/http';
import { isCancellation } from '../langfuse/errors';
import type { Clock } from './clock';
import type { RequestBudget } from './requestBudget';

export interface BackoffPolicy {
  /** Delay after the first failure; each further failure doubles it up to `maxMs`. */
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 15 * 60_000 };

/** Unfocused for this long, the scheduler stops refreshing until the window is focused again. */
export const DEFAULT_PAUSE_AFTER_UNFOCUSED_MS = 10 * 60_000;

export interface RefreshSchedulerOptions {
  clock: Clock;
  intervalMs: number;
  /** One refresh; it receives a signal that `stop` aborts. */
  refresh: (signal: AbortSignal) => Promise<unknown>;
  /** A refresh starts only when this budget has a request available. */
  budget?: RequestBudget;
  backoff?: BackoffPolicy;
  pauseAfterUnfocusedMs?: number;
  onError?: (error: unknown) => void;
  logger?: Logger;
}

/**
 * Runs a refresh every `intervalMs`, never two at once. After a failure it waits the backoff
 * delay instead of the interval. It skips refreshes while the window has been unfocused for
 * longer than `pauseAfterUnfocusedMs`, and focusing the window again catches up at once.
 */
export class RefreshScheduler {
  private readonly clock: Clock;
  private readonly options: RefreshSchedulerOptions;
  private readonly backoff: BackoffPolicy;
  private readonly pauseAfterUnfocusedMs: number;
  private readonly logger: Logger;
  private timer: unknown;
  private controller = new AbortController();
  private running: Promise<void> | undefined;
  private started = false;
  private failures = 0;
  private unfocusedSinceMs: number | null = null;
  private missed = false;

  constructor(options: RefreshSchedulerOptions) {
    if (!(options.intervalMs > 0)) {
      throw new RangeError(
        `The refresh interval ${options.intervalMs} ms is invalid; use a positive interval.`,
      );
    }
    this.clock = options.clock;
    this.options = options;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.pauseAfterUnfocusedMs = options.pauseAfterUnfocusedMs ?? DEFAULT_PAUSE_AFTER_UNFOCUSED_MS;
    this.logger = options.logger ?? silentLogger;
  }

  /** Failed refreshes since the last success. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** True while refreshes are skipped because the window has been unfocused for long. */
  get isPaused(): boolean {
    return (
      this.unfocusedSinceMs !== null &&
      this.clock.now() - this.unfocusedSinceMs >= this.pauseAfterUnfocusedMs
    );
  }

  /** Refreshes now and then every interval. */
  start(): Promise<void> {
    this.started = true;
    this.controller = new AbortController();
    return this.refreshNow();
  }

  /** Stops the timer and aborts a running refresh. */
  stop(): void {
    this.started = false;
    this.clearTimer();
    this.controller.abort();
  }

  /** Runs a refresh now, or joins the one running, then schedules the next. */
  refreshNow(): Promise<void> {
    this.running ??= this.runOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Tells the scheduler whether the editor window has focus. */
  setFocused(focused: boolean): void {
    if (!focused) {
      this.unfocusedSinceMs ??= this.clock.now();
      return;
    }

    this.unfocusedSinceMs = null;
    if (this.missed && this.started) {
      this.missed = false;
      this.logger.info('[refresh] window focused again; catching up');
      void this.refreshNow();
    }
  }

  private async runOnce(): Promise<void> {
    this.clearTimer();
    const waitMs = this.options.budget?.msUntilAvailable(1) ?? 0;
    if (waitMs > 0) {
      this.logger.info(`[refresh] request budget used up; next refresh in ${seconds(waitMs)}`);
      this.schedule(waitMs);
      return;
    }

    try {
      await this.options.refresh(this.controller.signal);
      this.failures = 0;
      this.schedule(this.options.intervalMs);
    } catch (error) {
      if (isCancellation(error) || this.controller.signal.aborted) {
        this.logger.info('[refresh] cancelled');
        return;
      }
      this.failures++;
      const delayMs = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (this.failures - 1));
      this.logger.warn(
        `[refresh] failed (${this.failures} in a row): ${(error as Error).message}; ` +
          `next try in ${seconds(delayMs)}`,
      );
      this.options.onError?.(error);
      this.schedule(delayMs);
    }
  }

  private schedule(delayMs: number): void {
    if (!this.started) {
      return;
    }
    this.clearTimer();
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined;
      if (this.isPaused) {
        this.missed = true;
        this.logger.info('[refresh] window unfocused; refresh paused until it is focused');
        return;
      }
      void this.refreshNow();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimer(this.timer);
      this.timer = undefined;
    }
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
