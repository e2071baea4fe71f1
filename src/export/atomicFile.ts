import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

/**
 * Writes a file through a temporary name in the same folder and renames it into place at the
 * end, so a reader never sees a half-written file. When `write` throws or `signal` aborts, the
 * temporary file is deleted and the target is left as it was.
 */
export async function writeFileAtomically(
  targetPath: string,
  write: (out: WriteStream) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  signal?.throwIfAborted();
  const tempPath = temporaryPathFor(targetPath);
  const out = createWriteStream(tempPath, { flags: 'wx' });
  // Without a listener an 'error' event would be thrown in the host process. writeChunk and
  // closeStream report the error through `out.errored` instead.
  out.on('error', () => undefined);

  try {
    await write(out);
    signal?.throwIfAborted();
    await closeStream(out);
    signal?.throwIfAborted();
    await rename(tempPath, targetPath);
  } catch (error) {
    await destroyStream(out);
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
}

/** Returns a hidden name next to the target, unique per call. */
export function temporaryPathFor(targetPath: string): string {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(targetPath), `.${basename(targetPath)}.${suffix}.partial`);
}

/** Writes a chunk and waits for the stream to drain when its buffer is full. */
export async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (out.errored) {
    throw out.errored;
  }
  if (out.write(chunk)) {
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const onDrain = (): void => {
      out.off('error', onError);
      resolve();
    };
    const onError = (error: Error): void => {
      out.off('drain', onDrain);
      reject(error);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

/** Destroys the stream and waits until its file is closed; opening may still be under way. */
function destroyStream(out: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (out.closed) {
      resolve();
      return;
    }
    out.once('close', () => resolve());
    out.destroy();
  });
}

function closeStream(out: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.errored) {
      reject(out.errored);
      return;
    }
    out.once('error', reject);
    out.end(() => resolve());
  });
}
