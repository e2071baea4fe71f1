import * as fs from 'node:fs';
import * as path from 'node:path';

interface CacheEntry {
  rows: Record<string, unknown>[];
  storedAtMs: number;
  /** Null for closed past days, whose figures no longer change. */
  expiresAtMs: number | null;
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

  get size(): number {
    return this.entries.size;
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
