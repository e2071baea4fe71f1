import * as fs from 'node:fs';
import * as path from 'node:path';

interface CacheEntry {
  rows: Record<string, unknown>[];
  storedAtMs: number;
  /** Null for closed past days, whose figures no longer change. */
  expiresAtMs: number | null;
}

const DAY_MS = 86_400_000;

function requestCountKey(nowMs: number): string {
  return `requests:${new Date(nowMs).toISOString().slice(0, 10)}`;
}

/** Default lifetime of figures that can still change, such as today's. */
export const METRICS_CACHE_TTL_MS = 15 * 60_000;

/**
 * A persistent cache of metrics API results keyed by query. Langfuse Cloud allows few metrics
 * queries a day (100 on the Hobby plan), so entries for closed past days never expire and others
 * live for a TTL. The file is rewritten whole on each store (write to a temporary file, then
 * rename); without a path the cache lives in memory only.
 */
export class MetricsCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly filePath: string | null = null,
    readonly ttlMs = METRICS_CACHE_TTL_MS,
  ) {
    if (filePath !== null) {
      this.load(filePath);
    }
  }

  /** Entries of query results, without the request counts. */
  get size(): number {
    let size = 0;
    for (const key of this.entries.keys()) {
      if (!key.startsWith('requests:')) {
        size++;
      }
    }
    return size;
  }

  /** Returns the cached rows, or undefined when there are none or they expired. */
  get(key: string, nowMs: number): Record<string, unknown>[] | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    if (entry.expiresAtMs !== null && entry.expiresAtMs <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.rows;
  }

  set(key: string, rows: Record<string, unknown>[], nowMs: number, closed: boolean): void {
    this.entries.set(key, {
      rows,
      storedAtMs: nowMs,
      expiresAtMs: closed ? null : nowMs + this.ttlMs,
    });
    this.save();
  }

  /**
   * Counts one metrics API request against the UTC day of `nowMs` and returns that day's count,
   * kept in the cache file so that separate runs add up. Langfuse Cloud counts its daily quota
   * per project, so requests from other machines are not included.
   */
  countRequest(nowMs: number): number {
    const key = requestCountKey(nowMs);
    const requests = this.requestsOn(nowMs) + 1;
    // Kept two days, so the count outlives the UTC day it belongs to.
    this.entries.set(key, {
      rows: [{ requests }],
      storedAtMs: nowMs,
      expiresAtMs: nowMs + 2 * DAY_MS,
    });
    this.save();
    return requests;
  }

  /** Metrics API requests counted on the UTC day of `nowMs`. */
  requestsOn(nowMs: number): number {
    const count = this.get(requestCountKey(nowMs), nowMs)?.[0]?.requests;
    return typeof count === 'number' ? count : 0;
  }

  private load(filePath: string): void {
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch {
      return;
    }
    try {
      const parsed = JSON.parse(text) as Record<string, CacheEntry>;
      for (const [key, entry] of Object.entries(parsed)) {
        if (entry && Array.isArray(entry.rows)) {
          this.entries.set(key, entry);
        }
      }
    } catch {
      // A damaged cache file is dropped; the next store rewrites it.
    }
  }

  private save(): void {
    if (this.filePath === null) {
      return;
    }
    fs.mkdirSync(path.dirname(this.filePath), { recursive: true });
    const temporary = `${this.filePath}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(Object.fromEntries(this.entries)));
    fs.renameSync(temporary, this.filePath);
  }
}
