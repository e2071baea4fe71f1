import { AlertEvaluator, evaluateRules, type AlertRule, type RuleResult } from '../../alerts';
import type { Logger } from '../../langfuse/http';
import type { Observation, ObservationSource, TimeRange } from '../../langfuse/types';
import {
  IncrementalRefresh,
  RefreshScheduler,
  RequestBudget,
  systemClock,
  type Clock,
  type RefreshOutcome,
} from '../../refresh';

/** An opened observation source for one background refresh; the refresh closes it. */
export interface RefreshSourceHandle {
  /** Identifies the data behind the source; a new key drops the stored observations. */
  key: string;
  source: ObservationSource;
  /** HTTP requests the source has sent so far, retries included, when it counts them. */
  requestCount?: () => number;
  close(): Promise<void>;
}

export interface AlertRefreshSettings {
  rules: readonly AlertRule[];
  timeZone: string;
  /** Time between background refreshes; 0 refreshes only when asked. */
  intervalMs: number;
  requestsPerMinute: number;
}

/** The outcome of one background refresh: the rules' results and what the read cost. */
export interface AlertCheck {
  atMs: number;
  results: RuleResult[];
  /** The incremental read, or null when no rule needed data or no source was open. */
  outcome: RefreshOutcome | null;
  sourceKey: string | null;
  /** Observations kept in memory for the rules' windows. */
  storedObservations: number;
}

export interface AlertRefreshOptions {
  /** Opens the active source, or returns null when there is none (signed out). */
  openSource: () => Promise<RefreshSourceHandle | null>;
  logger: Logger;
  onCheck: (check: AlertCheck) => void;
  onError?: (error: unknown) => void;
  clock?: Clock;
}

/** Placeholder interval for a scheduler that is never started because the setting is 0. */
const UNSTARTED_INTERVAL_MS = 60 * 60_000;

/**
 * Keeps the observations the budgets and rules need, reading only what is new on each refresh
 * (IncrementalRefresh), paced by a request budget, on the refresh interval (RefreshScheduler),
 * and evaluates the rules after each read.
 */
// NOTE: the observation store lives in memory only, so the first refresh after a restart reads
// the rules' whole span again.
export class AlertRefresh {
  private readonly clock: Clock;
  private settings: AlertRefreshSettings = {
    rules: [],
    timeZone: 'UTC',
    intervalMs: 0,
    requestsPerMinute: 30,
  };
  private budget: RequestBudget;
  private scheduler: RefreshScheduler;
  private incremental: IncrementalRefresh | undefined;
  private sourceKey: string | null = null;
  private handle: RefreshSourceHandle | undefined;
  private pagesRead = 0;
  private focused = true;
  private lastCheckValue: AlertCheck | null = null;
  private lastErrorValue: unknown = null;

  /** Reads through the source of the refresh that runs, counting pages for sources that do not count requests. */
  private readonly delegate: ObservationSource = {
    observationPages: (range, signal) => this.pagesOfHandle(range, signal),
  };

  constructor(private readonly options: AlertRefreshOptions) {
    this.clock = options.clock ?? systemClock;
    this.budget = new RequestBudget(this.clock, this.settings.requestsPerMinute);
    this.scheduler = this.createScheduler();
  }

  get lastCheck(): AlertCheck | null {
    return this.lastCheckValue;
  }

  /** The error of the last refresh, or null when it succeeded. */
  get lastError(): unknown {
    return this.lastErrorValue;
  }

  get isPaused(): boolean {
    return this.scheduler.isPaused;
  }

  /**
   * Applies new rules and timing. A new interval or request budget restarts the scheduler; the
   * stored observations are kept.
   */
  configure(settings: AlertRefreshSettings): void {
    const previous = this.settings;
    this.settings = settings;
    if (
      previous.intervalMs === settings.intervalMs &&
      previous.requestsPerMinute === settings.requestsPerMinute
    ) {
      return;
    }

    this.scheduler.stop();
    if (previous.requestsPerMinute !== settings.requestsPerMinute) {
      this.budget = new RequestBudget(this.clock, settings.requestsPerMinute);
      this.incremental = this.incremental && this.createIncremental(this.incremental);
    }
    this.scheduler = this.createScheduler();
    this.scheduler.setFocused(this.focused);
    if (settings.intervalMs > 0) {
      this.options.logger.info(
        `[alerts] background refresh every ${settings.intervalMs / 60_000} min, at most ` +
          `${settings.requestsPerMinute} requests per minute`,
      );
      void this.scheduler.start();
    }
  }

  /** Refreshes now, or joins the refresh that runs; resolves when it is done. */
  refreshNow(): Promise<void> {
    return this.scheduler.refreshNow();
  }

  setFocused(focused: boolean): void {
    this.focused = focused;
    this.scheduler.setFocused(focused);
  }

  /** Drops the stored observations and results, for example after signing out. */
  reset(): void {
    this.incremental = undefined;
    this.sourceKey = null;
    this.lastCheckValue = null;
  }

  dispose(): void {
    this.scheduler.stop();
  }

  private createScheduler(): RefreshScheduler {
    const intervalMs =
      this.settings.intervalMs > 0 ? this.settings.intervalMs : UNSTARTED_INTERVAL_MS;
    return new RefreshScheduler({
      clock: this.clock,
      intervalMs,
      budget: this.budget,
      logger: this.options.logger,
      refresh: (signal) => this.run(signal),
      onError: (error) => {
        this.lastErrorValue = error;
        this.options.onError?.(error);
      },
    });
  }

  private createIncremental(previous?: IncrementalRefresh): IncrementalRefresh {
    return new IncrementalRefresh({
      source: this.delegate,
      clock: this.clock,
      budget: this.budget,
      requestCount: () => this.handle?.requestCount?.() ?? this.pagesRead,
      logger: this.options.logger,
      state: previous?.snapshot(),
    });
  }

  private async run(signal: AbortSignal): Promise<void> {
    const handle = await this.options.openSource();
    if (!handle) {
      this.reset();
      this.publish({ atMs: this.clock.now(), results: [], outcome: null, sourceKey: null });
      return;
    }

    try {
      if (handle.key !== this.sourceKey || !this.incremental) {
        this.options.logger.info(`[alerts] reading ${handle.key} from scratch`);
        this.incremental = this.createIncremental();
        this.sourceKey = handle.key;
      }
      this.handle = handle;

      const { rules, timeZone } = this.settings;
      const planned = new AlertEvaluator(rules, { timeZone, atMs: this.clock.now() }).fetchRange;
      const outcome = planned ? await this.incremental.refresh(planned.fromMs, signal) : null;

      const atMs = outcome?.watermarkMs ?? this.clock.now();
      const observations: Iterable<Observation> = planned ? this.incremental.store.values() : [];
      const results = evaluateRules(rules, observations, { timeZone, atMs });
      this.lastErrorValue = null;
      this.publish({ atMs, results, outcome, sourceKey: handle.key });
    } finally {
      this.handle = undefined;
      await handle.close().catch((error: unknown) => {
        this.options.logger.warn(`[alerts] closing the source failed: ${(error as Error).message}`);
      });
    }
  }

  private publish(check: Omit<AlertCheck, 'storedObservations'>): void {
    const full: AlertCheck = { ...check, storedObservations: this.incremental?.store.size ?? 0 };
    this.lastCheckValue = full;
    this.options.onCheck(full);
  }

  private async *pagesOfHandle(
    range: TimeRange,
    signal: AbortSignal | undefined,
  ): AsyncIterable<Observation[]> {
    if (!this.handle) {
      throw new Error('The background refresh read a page without an open source.');
    }
    for await (const page of this.handle.source.observationPages(range, signal)) {
      this.pagesRead++;
      yield page;
    }
  }
}
