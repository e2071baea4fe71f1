import type { Writable } from 'node:stream';

/**
 * The byte stream of one export. It counts bytes and waits for `drain` when the destination's
 * buffer is full, which pauses the reading of API pages. It can also wait until every written
 * chunk has been handed to the operating system or the uploader.
 */
export class ByteSink {
  private bytesWritten = 0;
  private pending = 0;
  private settled: (() => void)[] = [];
  private failure: Error | null = null;

  constructor(
    readonly out: Writable,
    initialBytes = 0,
  ) {
    this.bytesWritten = initialBytes;
  }

  /** Bytes written through this sink, plus the initial bytes of a resumed file. */
  get bytes(): number {
    return this.bytesWritten;
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.failure) {
      throw this.failure;
    }
    if (this.out.errored) {
      throw this.out.errored;
    }
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (data.length === 0) {
      return;
    }

    this.bytesWritten += data.length;
    this.pending += 1;
    const accepted = this.out.write(data, (error) => this.onWritten(error ?? null));
    if (accepted) {
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onDrain = (): void => {
        this.out.off('error', onError);
        resolve();
      };
      const onError = (error: Error): void => {
        this.out.off('drain', onDrain);
        reject(error);
      };
      this.out.once('drain', onDrain);
      this.out.once('error', onError);
    });
  }

  /** Resolves when every chunk written so far has been flushed by the destination stream. */
  flushed(): Promise<void> {
    if (this.failure) {
      return Promise.reject(this.failure);
    }
    if (this.pending === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.settled.push(() => (this.failure ? reject(this.failure) : resolve()));
    });
  }

  private onWritten(error: Error | null): void {
    this.pending -= 1;
    if (error && !this.failure) {
      this.failure = error;
    }
    if (this.pending === 0 || this.failure) {
      const waiting = this.settled;
      this.settled = [];
      for (const notify of waiting) {
        notify();
      }
    }
  }
}
