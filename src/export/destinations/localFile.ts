import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { lstat, rename, truncate, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Destination } from './destination';

export interface LocalFileOptions {
  /**
   * The temporary file to write; by default a unique hidden name next to the target. A
   * resumable export passes a fixed name so a later run finds it.
   */
  partialPath?: string;
  /** Continue the partial file after this many bytes, cutting off anything past them. */
  resumeAtBytes?: number;
}

/**
 * A local file written under a temporary name in the target's folder and renamed into place by
 * `commit`, so the target never contains a partial export.
 */
export class LocalFileDestination implements Destination {
  readonly target: string;
  readonly initialBytes: number;
  readonly partialPath: string;
  readonly stream: WriteStream;

  private constructor(target: string, partialPath: string, stream: WriteStream, bytes: number) {
    this.target = target;
    this.partialPath = partialPath;
    this.stream = stream;
    this.initialBytes = bytes;
  }

  static async open(
    targetPath: string,
    options: LocalFileOptions = {},
  ): Promise<LocalFileDestination> {
    const partialPath = options.partialPath ?? temporaryPathFor(targetPath);
    const resumeAtBytes = options.resumeAtBytes ?? 0;

    let stream: WriteStream;
    if (resumeAtBytes > 0) {
      // Resume only our own regular file: a symlink planted in a shared folder would make the
      // export write through it.
      const info = await lstat(partialPath);
      if (!info.isFile() || (process.getuid !== undefined && info.uid !== process.getuid())) {
        throw new RangeError(`${partialPath} is not a regular file of this user; starting over.`);
      }
      const size = info.size;
      if (size < resumeAtBytes) {
        throw new RangeError(
          `${partialPath} has ${size} bytes but its checkpoint counts ${resumeAtBytes}; ` +
            'the export starts over.',
        );
      }
      await truncate(partialPath, resumeAtBytes);
      stream = createWriteStream(partialPath, { flags: 'r+', start: resumeAtBytes });
    } else {
      // The caller deleted any old partial file, so 'wx' fails rather than follow a symlink
      // that appeared in between.
      stream = createWriteStream(partialPath, { flags: 'wx' });
    }
    // Errors surface through ByteSink and commit; without a listener an 'error' event would
    // be thrown in the host process.
    stream.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      stream.once('ready', () => resolve());
      stream.once('error', reject);
    });
    return new LocalFileDestination(targetPath, partialPath, stream, resumeAtBytes);
  }

  async commit(): Promise<void> {
    await endStream(this.stream);
    await rename(this.partialPath, this.target);
  }

  async discard(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (this.stream.closed) {
        resolve();
        return;
      }
      this.stream.once('close', () => resolve());
      this.stream.destroy();
    });
    await unlink(this.partialPath).catch(() => undefined);
  }

  /** Closes the partial file and keeps it, for a later run to continue. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (this.stream.closed) {
        resolve();
        return;
      }
      this.stream.once('close', () => resolve());
      this.stream.end();
    });
  }
}

/** Returns a hidden name next to the target, unique per call. */
export function temporaryPathFor(targetPath: string): string {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(targetPath), `.${basename(targetPath)}.${suffix}.partial`);
}

function endStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.errored) {
      reject(stream.errored);
      return;
    }
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}
