import type * as vscode from 'vscode';
import type { AnalyticsOptions } from '../../analytics/analyticsBuilder';
import { parseComparison } from '../../analytics/comparison';
import { DIMENSION_NAMES, parseDimension, type Dimension } from '../../analytics/dimensions';
import { parseFilter, type Filter } from '../../analytics/filters';
import { parseQuality } from '../../analytics/quality';
import { GRANULARITIES } from '../../analytics/timeBuckets';
import { parseWhatIf } from '../../analytics/whatIf';
import type { TimeRange } from '../../langfuse/types';
import type { PriceTable } from '../../pricing/priceTable';
import type { AnalyticsView } from '../../shared/protocol';
import type { DataState } from '../data/analyticsService';

export const DEFAULT_ANALYTICS_VIEW: AnalyticsView = {
  dimension: 'model',
  granularity: 'day',
  filters: [],
  compare: '',
  whatIf: '',
  roiKeys: '',
  quality: '',
  estimateUnpriced: false,
};

/** Groups per breakdown before `(other)`. */
export const BREAKDOWN_TOP_N = 10;

/** The view's analytics options, and a message for each part that was invalid and left out. */
export interface ResolvedView {
  options: AnalyticsOptions;
  errors: string[];
}

/**
 * Turns a view into analytics options for a range. Every dimension is computed, so one load has
 * the breakdowns for the comparison's value pickers too. A metadata dimension is added when chosen.
 */
export function resolveView(
  view: AnalyticsView,
  range: TimeRange,
  timeZone: string,
  priceTable?: PriceTable,
): ResolvedView {
  const errors: string[] = [];
  const attempt = <T>(text: string, parse: (value: string) => T): T | undefined => {
    if (text.trim() === '') {
      return undefined;
    }
    try {
      return parse(text);
    } catch (error) {
      errors.push((error as Error).message);
      return undefined;
    }
  };

  const dimensions: Dimension[] = DIMENSION_NAMES.filter((name) => name !== 'metadata').map(
    (name) => ({ name }),
  );
  const chosen = attempt(view.dimension, parseDimension);
  if (chosen?.name === 'metadata') {
    dimensions.push(chosen);
  }

  const filters = view.filters
    .map((text) => attempt(text, parseFilter))
    .filter((filter): filter is Filter => filter !== undefined);
  const quality = attempt(view.quality, parseQuality);
  const compare = attempt(view.compare, parseComparison);
  if (compare && quality) {
    compare.scoreName = quality.scoreName;
  }
  const whatIf = attempt(view.whatIf, parseWhatIf);
  const roiKeys = view.roiKeys
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');

  return {
    options: {
      range,
      timeZone,
      granularity: view.granularity,
      dimensions,
      filters,
      breakdown: { topN: BREAKDOWN_TOP_N, sortBy: 'cost', order: 'desc' },
      compare,
      quality,
      roiKeys,
      whatIf: whatIf ? [whatIf] : [],
      priceTable,
      estimateUnpriced: view.estimateUnpriced,
    },
    errors,
  };
}

/**
 * Reads a view from untrusted input (a webview message or stored state): unknown keys are
 * dropped, and missing or mistyped ones take the default.
 */
export function sanitizeView(value: unknown): AnalyticsView {
  const record =
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const text = (key: keyof AnalyticsView): string => {
    const raw = record[key];
    return typeof raw === 'string'
      ? raw.trim().slice(0, 500)
      : (DEFAULT_ANALYTICS_VIEW[key] as string);
  };
  const granularity = record.granularity;
  const filters = Array.isArray(record.filters)
    ? record.filters
        .filter((item): item is string => typeof item === 'string' && item.trim() !== '')
        .map((item) => item.trim().slice(0, 500))
        .slice(0, 50)
    : [];

  return {
    dimension: text('dimension') || DEFAULT_ANALYTICS_VIEW.dimension,
    granularity: (GRANULARITIES as readonly unknown[]).includes(granularity)
      ? (granularity as AnalyticsView['granularity'])
      : DEFAULT_ANALYTICS_VIEW.granularity,
    filters,
    compare: text('compare'),
    whatIf: text('whatIf'),
    roiKeys: text('roiKeys'),
    quality: text('quality'),
    estimateUnpriced: record.estimateUnpriced === true,
  };
}

const STORAGE_KEY = 'traceInsight.analyticsView';

/** Keeps the analytics view per workspace (context.workspaceState) and reports changes. */
export class AnalyticsViewStore {
  private current: AnalyticsView;
  private readonly listeners = new Set<(view: AnalyticsView) => void>();

  constructor(private readonly memento: vscode.Memento) {
    this.current = sanitizeView(memento.get<unknown>(STORAGE_KEY, DEFAULT_ANALYTICS_VIEW));
  }

  get view(): AnalyticsView {
    return this.current;
  }

  /** Calls `listener` after each change; returns a function that removes it. */
  onDidChange(listener: (view: AnalyticsView) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async update(next: Partial<AnalyticsView>): Promise<void> {
    const view = sanitizeView({ ...this.current, ...next });
    if (JSON.stringify(view) === JSON.stringify(this.current)) {
      return;
    }
    this.current = view;
    await this.memento.update(STORAGE_KEY, view);
    for (const listener of this.listeners) {
      listener(view);
    }
  }

  addFilter(text: string): Promise<void> {
    parseFilter(text);
    if (this.current.filters.includes(text.trim())) {
      return Promise.resolve();
    }
    return this.update({ filters: [...this.current.filters, text.trim()] });
  }

  removeFilter(text: string): Promise<void> {
    return this.update({ filters: this.current.filters.filter((filter) => filter !== text) });
  }

  clearFilters(): Promise<void> {
    return this.update({ filters: [] });
  }
}

/**
 * Resolves once the service has finished a load of `view`, for example after a view change whose
 * reload is still in its debounce delay. Rejects after `timeoutMs`.
 */
export function whenViewLoaded(
  service: {
    readonly currentState: DataState;
    onDidChangeState: (listener: (state: DataState) => void) => { dispose(): void };
  },
  view: AnalyticsView,
  timeoutMs = 30_000,
): Promise<void> {
  const expected = JSON.stringify(view);
  const loaded = (state: DataState) =>
    state.kind === 'ready' && JSON.stringify(state.data.view) === expected;
  if (loaded(service.currentState)) {
    return Promise.resolve();
  }

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`No load of the analytics view ${expected} finished in ${timeoutMs} ms.`));
    }, timeoutMs);
    const subscription = service.onDidChangeState((state) => {
      if (loaded(state)) {
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      }
    });
  });
}
