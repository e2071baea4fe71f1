import type { Logger } from '../langfuse/http';
import { silentLogger } from '../langfuse/http';
import type { Observation, ObservationSource, TimeRange } from '../langfuse/types';
import { systemClock, type Clock } from './clock';
import { ObservationStore } from './observationStore';
import type { RequestBudget } from './requestBudget';

/**
 * How far before the watermark each refresh reads again, for observations that reach Langfuse
 * late and for ones that ended since the last read. An estimate of Langfuse's ingestion delay.
 */
export const DEFAULT_OVERLAP_MS = 15 * 60_000;

/** The JSON form of the refresh state, to continue after a restart. */
export interface RefreshStateJson {
  version: 1;
  /** The end of the last complete read, or null before the first one. */
  watermarkMs: number | null;
  /** The start of the span the store contains completely, or null when it is empty. */
  coveredFromMs: number | null;
  /** The stored observations; without them the watermark is ignored and all is read again. */
  observations?: Observation[];
}

export interface RefreshOutcome {
  /** The ranges read: a backfill when the span grew earlier, then the new data. */
  ranges: TimeRange[];
  pages: number;
  /** HTTP requests, retries included, when the source can count them; else the pages. */
  requests: number;
  added: number;
  updated: number;
  pruned: number;
  watermarkMs: number;
}

export interface IncrementalRefreshOptions {
  source: ObservationSource;
  clock?: Clock;
  overlapMs?: number;
  /** Paces the page requests; the refresh waits for a request before reading each page. */
  budget?: RequestBudget;
  /** Requests the source has sent so far, such as LangfuseClient.requestCount. */
  requestCount?: () => number;
  logger?: Logger;
  state?: RefreshStateJson;
}

/**
 * Keeps an ObservationStore up to date by reading only what is new since the last refresh:
 * the range from the watermark minus the overlap to now, deduplicated by observation id. The
 * watermark moves only when a read completes, so a refresh that fails or is cancelled midway
 * is read again in full next time. Calls made while a refresh runs share that refresh.
 *
 * NOTE: an observation that starts earlier than the overlap and changes later (a long span
 * that ends, a cost added afterwards) keeps the version read first.
 */
export class IncrementalRefresh {
  readonly store: ObservationStore;
  private readonly source: ObservationSource;
  private readonly clock: Clock;
  private readonly overlapMs: number;
  private readonly budget: RequestBudget | undefined;
  private readonly requestCount: (() => number) | undefined;
  private readonly logger: Logger;
  private watermarkMs: number | null;
  private coveredFromMs: number | null;
  private running: Promise<RefreshOutcome> | undefined;

  constructor(options: IncrementalRefreshOptions) {
    this.source = options.source;
    this.clock = options.clock ?? systemClock;
    this.overlapMs = options.overlapMs ?? DEFAULT_OVERLAP_MS;
    this.budget = options.budget;
    this.requestCount = options.requestCount;
    this.logger = options.logger ?? silentLogger;

    const state = options.state;
    const usable = state?.version === 1 && Array.isArray(state.observations);
    this.store = new ObservationStore(usable ? state.observations : []);
    this.watermarkMs = usable ? state.watermarkMs : null;
    this.coveredFromMs = usable ? state.coveredFromMs : null;
  }

  /** True while a refresh runs. */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /**
   * Reads what is new and drops what starts before `retainFromMs`. When a refresh is already
   * running, returns that one instead of starting a second.
   */
  refresh(retainFromMs: number, signal?: AbortSignal): Promise<RefreshOutcome> {
    if (this.running) {
      return this.running;
    }
    this.running = this.run(retainFromMs, signal).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Returns the watermark without the observations, small enough for workspace state. */
  toJSON(): RefreshStateJson {
    return { version: 1, watermarkMs: this.watermarkMs, coveredFromMs: this.coveredFromMs };
  }

  /** Returns the full state with the observations, to write to a file and restore on restart. */
  snapshot(): RefreshStateJson {
    return { ...this.toJSON(), observations: [...this.store.values()] };
  }

  private async run(
    retainFromMs: number,
    signal: AbortSignal | undefined,
  ): Promise<RefreshOutcome> {
    const nowMs = this.clock.now();
    const ranges = this.rangesToRead(retainFromMs, nowMs);
    const requestsBefore = this.requestCount?.() ?? 0;
    const outcome: RefreshOutcome = {
      ranges,
      pages: 0,
      requests: 0,
      added: 0,
      updated: 0,
      pruned: 0,
      watermarkMs: nowMs,
    };

    this.logger.info(
      `[refresh] start: ${ranges.map(describeRange).join(' and ') || 'nothing to read'}`,
    );
    let tokensTaken = 0;
    try {
      for (const range of ranges) {
        tokensTaken += await this.readRange(range, outcome, signal);
      }
    } finally {
      outcome.requests = this.requestCount ? this.requestCount() - requestsBefore : outcome.pages;
      // Retries cost requests too; charge what the source sent beyond the tokens taken.
      this.budget?.charge(outcome.requests - tokensTaken);
    }

    outcome.pruned = this.store.prune(retainFromMs);
    this.watermarkMs = nowMs;
    // After the backfill and the prune, the store contains exactly the span from retainFromMs.
    this.coveredFromMs = retainFromMs;
    this.logger.info(
      `[refresh] done: ${outcome.requests} requests, ${outcome.pages} pages, ` +
        `${outcome.added} observations added, ${outcome.updated} updated, ${outcome.pruned} pruned`,
    );
    return outcome;
  }

  /** Lists the backfill (when the retained span starts before the store) and the new data. */
  private rangesToRead(retainFromMs: number, nowMs: number): TimeRange[] {
    if (this.watermarkMs === null || this.coveredFromMs === null) {
      return retainFromMs < nowMs ? [{ fromMs: retainFromMs, toMs: nowMs }] : [];
    }

    const ranges: TimeRange[] = [];
    if (retainFromMs < this.coveredFromMs) {
      ranges.push({ fromMs: retainFromMs, toMs: this.coveredFromMs });
    }
    const fromMs = Math.max(retainFromMs, this.watermarkMs - this.overlapMs);
    if (fromMs < nowMs) {
      ranges.push({ fromMs, toMs: nowMs });
    }
    return ranges;
  }

  /** Reads one range page by page; returns the request tokens it took from the budget. */
  private async readRange(
    range: TimeRange,
    outcome: RefreshOutcome,
    signal: AbortSignal | undefined,
  ): Promise<number> {
    const pages = this.source.observationPages(range, signal)[Symbol.asyncIterator]();
    let tokens = 0;
    for (;;) {
      if (this.budget) {
        await this.budget.take(signal);
        tokens++;
      }
      const next = await pages.next();
      if (next.done) {
        return tokens;
      }

      outcome.pages++;
      for (const observation of next.value) {
        if (this.store.upsert(observation) === 'added') {
          outcome.added++;
        } else {
          outcome.updated++;
        }
      }
    }
  }
}

function describeRange(range: TimeRange): string {
  return `${new Date(range.fromMs).toISOString()} to ${new Date(range.toMs).toISOString()}`;
}
