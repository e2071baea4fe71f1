import { createHash } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Column } from './types';

/**
 * The state of an interrupted local export, saved next to its partial file after each page is
 * written: the bytes and rows in the partial file and the API cursor of the next page. A later
 * run with the same parameters cuts the partial file to `bytes` and continues from `cursor`,
 * so rows written after the last checkpoint are written once, not twice.
 */
export interface Checkpoint {
  version: 1;
  /** A hash of the parameters that decide the file's content; a mismatch starts over. */
  fingerprint: string;
  bytes: number;
  rows: number;
  observations: number;
  pages: number;
  /** The cursor of the next page of /api/public/v2/observations. */
  cursor: string;
  /** The CSV columns chosen from the first page. */
  columns?: Column[];
}

export interface CheckpointPaths {
  partialPath: string;
  checkpointPath: string;
}

/** Returns the fixed names a resumable export uses next to its target, so a later run finds them. */
export function checkpointPathsFor(targetPath: string): CheckpointPaths {
  const folder = dirname(targetPath);
  const name = basename(targetPath);
  return {
    partialPath: join(folder, `.${name}.partial`),
    checkpointPath: join(folder, `.${name}.checkpoint.json`),
  };
}

/** Hashes the parameters that decide an export's bytes. Never pass secrets in. */
export function fingerprintOf(parameters: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(parameters)).digest('hex');
}

/**
 * Reads the checkpoint at `path` when it belongs to an export with `fingerprint`. Returns
 * undefined when there is none, it is unreadable, or it belongs to other parameters.
 */
export async function readCheckpoint(
  path: string,
  fingerprint: string,
): Promise<Checkpoint | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
  const checkpoint = parsed as Partial<Checkpoint> | null;
  if (
    checkpoint?.version !== 1 ||
    checkpoint.fingerprint !== fingerprint ||
    typeof checkpoint.cursor !== 'string' ||
    !Number.isInteger(checkpoint.bytes) ||
    !Number.isInteger(checkpoint.rows)
  ) {
    return undefined;
  }
  return checkpoint as Checkpoint;
}

/** Saves the checkpoint through a temporary file and a rename, so it is never half-written. */
export async function writeCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, `${JSON.stringify(checkpoint)}\n`);
  await rename(temporary, path);
}

export async function deleteFiles(...paths: string[]): Promise<void> {
  await Promise.all(paths.map((path) => unlink(path).catch(() => undefined)));
}
