import type { Writable } from 'node:stream';

/**
 * The target of an export's bytes. Nothing is visible at the target until `commit` succeeds; after
 * `discard` nothing of the export is left there.
 */
export interface Destination {
  /** The target as users name it: a path or an s3:// URL, without credentials. */
  readonly target: string;
  readonly stream: Writable;
  /** Bytes already in a resumed file; 0 for a fresh one. */
  readonly initialBytes: number;
  /** Ends the stream and makes the export visible at the target. */
  commit(): Promise<void>;
  /** Stops writing and removes everything written so far. */
  discard(reason: unknown): Promise<void>;
}

/** True when the target names an S3 object rather than a local file. */
export function isS3Target(target: string): boolean {
  return target.toLowerCase().startsWith('s3://');
}
