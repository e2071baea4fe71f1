import { Dataset } from '../server/dataset';
import { normalizeV2Observation } from './normalize';
import type { Observation, ObservationSource, TimeRange } from './types';

export interface SampleSourceOptions {
  seed?: number;
  observations?: number;
  days?: number;
  /** End of the generated period; default: the next full hour, so today has data. */
  endMs?: number;
  timeZone?: string;
}

const PAGE_SIZE = 1000;
const HOUR_MS = 3_600_000;

/**
 * Generated observations served in process, without HTTP: the data behind "Explore Sample
 * Data". It uses the same generator as the local Langfuse-compatible server, so the sample
 * dashboards look like those of a real project.
 */
export class SampleSource implements ObservationSource {
  readonly dataset: Dataset;

  constructor(options: SampleSourceOptions = {}) {
    this.dataset = new Dataset({
      seed: options.seed ?? 7,
      observations: options.observations ?? 60_000,
      days: options.days ?? 30,
      endMs: options.endMs ?? Math.ceil(Date.now() / HOUR_MS) * HOUR_MS,
      timeZone: options.timeZone,
    });
  }

  async *observationPages(range: TimeRange, signal?: AbortSignal): AsyncIterable<Observation[]> {
    let page: Observation[] = [];
    for (const raw of this.dataset.observationsV2(range.fromMs, range.toMs)) {
      page.push(normalizeV2Observation(raw));
      if (page.length < PAGE_SIZE) {
        continue;
      }
      signal?.throwIfAborted();
      yield page;
      page = [];
      // Yield to the event loop between pages, so the extension host stays responsive.
      await new Promise((resolve) => setImmediate(resolve));
    }
    signal?.throwIfAborted();
    yield page;
  }
}
