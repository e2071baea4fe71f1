import type { Observation, TimeRange } from '../langfuse/types';

/**
 * Progress on stderr for fetches that take more than a moment: nothing for the first second,
 * then a line that updates in place on a terminal, or a line every 5 s when piped.
 */
export class Progress {
  private readonly startedAt = Date.now();
  private lastWriteAt = 0;
  private wroteInPlace = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly delayMs = 1000,
  ) {}

  update(observations: number, pages: number): void {
    const now = Date.now();
    if (now - this.startedAt < this.delayMs) {
      return;
    }

    const interactive = Boolean(this.stream.isTTY);
    if (now - this.lastWriteAt < (interactive ? 200 : 5000)) {
      return;
    }
    this.lastWriteAt = now;

    const seconds = ((now - this.startedAt) / 1000).toFixed(0);
    const line =
      `Fetched ${observations.toLocaleString('en-US')} observations ` +
      `in ${pages} page${pages === 1 ? '' : 's'} (${seconds} s)…`;
    if (interactive) {
      this.stream.write(`\r${line}\x1b[K`);
      this.wroteInPlace = true;
    } else {
      this.stream.write(`${line}\n`);
    }
  }

  done(): void {
    if (this.wroteInPlace) {
      this.stream.write('\r\x1b[K');
    }
  }
}

/**
 * Streams every observation page of `range` into `onPage` with progress on stderr, and closes
 * the client at the end, whether the stream completed or failed.
 */
export async function streamPages(
  client: {
    observationPages(range: TimeRange, signal?: AbortSignal): AsyncIterable<Observation[]>;
    close(): Promise<void>;
  },
  range: TimeRange,
  io: { stderr: NodeJS.WriteStream; signal?: AbortSignal },
  onPage: (page: Observation[]) => void,
): Promise<void> {
  const progress = new Progress(io.stderr);
  let observations = 0;
  let pages = 0;
  try {
    for await (const page of client.observationPages(range, io.signal)) {
      onPage(page);
      observations += page.length;
      pages++;
      progress.update(observations, pages);
    }
  } finally {
    progress.done();
    await client.close();
  }
}
