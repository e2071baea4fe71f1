import * as vscode from 'vscode';
import { LangfuseClient, type Logger } from '../../langfuse/client';
import { readProjectModels } from '../../langfuse/metricsApi';
import type { ModelPrice } from '../../pricing/modelPrices';
import { PriceTable } from '../../pricing/priceTable';
import type { ObservationSource, TimeRange } from '../../langfuse/types';
import type { AnalyticsReport } from '../../analytics/assembleReport';
import { MetricsCache } from '../../analytics/metricsCache';
import { analyseWithMetricsApi, type MetricsApiSummary } from '../../analytics/metricsPath';
import { analyseSource } from '../../analytics/sourceAnalysis';
import type { Analytics } from '../../metrics/analyticsTypes';
import type { AnalyticsView } from '../../shared/protocol';
import type { OriginSecrets } from '../auth/secretStore';
import { abortSignalFor, isAbortError } from '../cancellation';
import type { TraceInsightConfig } from '../config';
import { describeError } from '../log';
import { DEFAULT_ANALYTICS_VIEW, resolveView } from '../panels/analyticsView';
import {
  customRangeLabel,
  TIME_RANGE_LABELS,
  resolveTimeRange,
  type TimeRangePreset,
} from '../timeRange';
import { openSource, type OpenedSource, type SourceMode } from './sources';

/** One completed load. */
export interface LoadedAnalytics {
  analytics: Analytics;
  range: TimeRange;
  preset: TimeRangePreset;
  rangeLabel: string;
  sourceLabel: string;
  timeZone: string;
  loadedAtMs: number;
  /** Breakdowns, heatmap, users, scores, comparison and what-if for the view below. */
  insights?: AnalyticsReport;
  view?: AnalyticsView;
  /** Invalid parts of the view, left out of the load. */
  viewErrors?: string[];
  /** Set when the Langfuse Metrics API v2 served the figures instead of streamed observations. */
  metricsApi?: MetricsApiSummary;
}

export type DataState =
  | { kind: 'signedOut' }
  | { kind: 'needsSignIn'; origin: string; message: string }
  | { kind: 'loading'; previous: LoadedAnalytics | null }
  | { kind: 'ready'; data: LoadedAnalytics }
  | { kind: 'error'; message: string; previous: LoadedAnalytics | null };

export interface AnalyticsServiceOptions {
  secrets: OriginSecrets;
  logger: Logger;
  /** The Langfuse client's logger, tagged apart from the service's own lines. */
  clientLogger: Logger;
  getConfig: () => TraceInsightConfig;
  createSampleSource: () => ObservationSource;
  /** The dashboard's analytics view (filters, dimension, comparison, …); default: none. */
  getAnalyticsView?: () => AnalyticsView;
  /** The metrics API cache's file, in the extension's global storage; default: memory only. */
  metricsCacheFile?: string;
}

const DEBOUNCE_MS = 300;

/**
 * Loads Analytics for the selected range from the active source and keeps the last result.
 * At most one load runs at a time: a refresh requested during a load runs once after it, and
 * requests within the debounce window are merged.
 */
export class AnalyticsService implements vscode.Disposable {
  private readonly stateEmitter = new vscode.EventEmitter<DataState>();
  readonly onDidChangeState = this.stateEmitter.event;

  private state: DataState = { kind: 'signedOut' };
  private lastLoaded: LoadedAnalytics | null = null;
  private modeValue: SourceMode = 'langfuse';
  private presetValue: TimeRangePreset;
  private customRangeValue: TimeRange | null = null;
  private sampleSource: ObservationSource | null = null;
  private metricsCacheValue: MetricsCache | null = null;
  private readonly projectModelsByOrigin = new Map<string, ModelPrice[]>();
  private readonly projectIdsByOrigin = new Map<string, string | null>();

  private current: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private queuedInteractive = false;
  private abortController: AbortController | null = null;
  private debounceTimer: NodeJS.Timeout | undefined;
  private autoRefreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AnalyticsServiceOptions) {
    this.presetValue = options.getConfig().defaultTimeRange;
  }

  get currentState(): DataState {
    return this.state;
  }

  get lastResult(): LoadedAnalytics | null {
    return this.lastLoaded;
  }

  get mode(): SourceMode {
    return this.modeValue;
  }

  get preset(): TimeRangePreset {
    return this.presetValue;
  }

  /** Switches between Langfuse and the sample data, abandoning a load of the old source. */
  setMode(mode: SourceMode): Promise<void> {
    this.modeValue = mode;
    this.lastLoaded = null;
    this.cancelRunningLoad();
    return this.refresh({ interactive: true });
  }

  /** Replaces the sample source and shows it; for tests that need crafted observations. */
  useSampleSource(source: ObservationSource): Promise<void> {
    this.sampleSource = source;
    return this.setMode('sample');
  }

  setPreset(preset: TimeRangePreset): Promise<void> {
    this.presetValue = preset;
    this.cancelRunningLoad();
    return this.refresh({ interactive: true });
  }

  /** The range of the `custom` preset, or null when the user entered none. */
  get customRange(): TimeRange | null {
    return this.customRangeValue;
  }

  /**
   * Returns the Langfuse project of the configured keys (`GET /api/public/projects`), read once per
   * origin, for links into Langfuse's web UI. Null for sample data or when it cannot be read.
   */
  async projectId(): Promise<string | null> {
    const opened = await this.openActiveSource();
    if (opened.kind !== 'ok') {
      return null;
    }
    try {
      if (!(opened.source instanceof LangfuseClient)) {
        return null;
      }
      const origin = opened.source.origin;
      if (this.projectIdsByOrigin.has(origin)) {
        return this.projectIdsByOrigin.get(origin) ?? null;
      }
      const { status, body } = await opened.source.getJson('/api/public/projects', {});
      const data = (body as { data?: unknown } | undefined)?.data;
      const first = Array.isArray(data) ? (data[0] as { id?: unknown } | undefined) : undefined;
      const id = status === 200 && typeof first?.id === 'string' ? first.id : null;
      this.projectIdsByOrigin.set(origin, id);
      return id;
    } catch (error) {
      this.options.logger.warn(`could not read the project of the keys: ${describeError(error)}`);
      return null;
    } finally {
      await opened.close().catch(() => undefined);
    }
  }

  /** Shows a range the user entered. */
  setCustomRange(range: TimeRange): Promise<void> {
    this.customRangeValue = range;
    return this.setPreset('custom');
  }

  /** Aborts the running load, if any, for example because the settings changed. */
  cancelRunningLoad(): void {
    this.abortController?.abort();
  }

  /** Schedules a refresh; calls within the debounce window result in one load. */
  requestRefresh(reason: string): void {
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.options.logger.debug(`refresh requested: ${reason}`);
      void this.refresh({ interactive: false });
    }, DEBOUNCE_MS);
  }

  /**
   * Loads now, or once after the running load. `interactive` shows a cancellable notification;
   * otherwise progress shows in the status bar only.
   */
  refresh(options: { interactive: boolean }): Promise<void> {
    if (this.current) {
      this.queuedInteractive ||= options.interactive;
      this.queued ??= this.current.then(() => {
        const interactive = this.queuedInteractive;
        this.queued = null;
        this.queuedInteractive = false;
        return this.refresh({ interactive });
      });
      return this.queued;
    }

    this.current = this.load(options.interactive).finally(() => {
      this.current = null;
    });
    return this.current;
  }

  /** Opens the active source for other work, such as an export. The caller closes it. */
  openActiveSource(): Promise<OpenedSource> {
    const { secrets, clientLogger, getConfig } = this.options;
    return openSource(this.modeValue, getConfig(), secrets, clientLogger, () => this.sample());
  }

  /** Re-arms the automatic refresh from the settings. */
  configureAutoRefresh(config: TraceInsightConfig): void {
    clearInterval(this.autoRefreshTimer);
    this.autoRefreshTimer = undefined;
    if (config.refreshIntervalMinutes <= 0) {
      return;
    }
    this.autoRefreshTimer = setInterval(
      () => this.requestRefresh('refresh interval'),
      config.refreshIntervalMinutes * 60_000,
    );
  }

  dispose(): void {
    clearTimeout(this.debounceTimer);
    clearInterval(this.autoRefreshTimer);
    this.abortController?.abort();
    this.stateEmitter.dispose();
  }

  private async load(interactive: boolean): Promise<void> {
    const { logger, getConfig } = this.options;
    const config = getConfig();
    const opened = await this.openActiveSource();

    if (opened.kind !== 'ok') {
      this.lastLoaded = null;
      if (opened.kind === 'error') {
        this.setState({ kind: 'error', message: opened.message, previous: null });
        return;
      }
      this.setState(opened);
      return;
    }

    const nowMs = Date.now();
    const preset = this.presetValue;
    const range = resolveTimeRange(
      preset,
      nowMs,
      config.timeZone,
      this.customRangeValue ?? undefined,
    );
    const controller = new AbortController();
    this.abortController = controller;
    this.setState({ kind: 'loading', previous: this.lastLoaded });
    logger.info(
      `loading ${preset} from ${opened.label}: ${new Date(range.fromMs).toISOString()} to ` +
        `${new Date(range.toMs).toISOString()} (${config.timeZone})`,
    );

    const view = this.options.getAnalyticsView?.() ?? DEFAULT_ANALYTICS_VIEW;
    const resolved = resolveView(view, range, config.timeZone);
    for (const message of [...resolved.errors, ...config.priceErrors]) {
      logger.warn(`analytics view: ${message}`);
    }

    try {
      const { analytics, insights, metricsApi } = await this.withLoadProgress(
        interactive,
        controller,
        async (signal, report) => {
          const viaMetrics = await analyseWithMetricsApi(opened.source, {
            range,
            timeZone: config.timeZone,
            nowMs,
            mode: config.metricsApi,
            filterCount: resolved.options.filters?.length ?? 0,
            cache: this.metricsCache(),
            logger,
            signal,
          });
          if (viaMetrics !== null) {
            return { ...viaMetrics, insights: undefined };
          }
          resolved.options.priceTable = new PriceTable(
            config.prices,
            await this.projectModels(opened.source, signal),
          );
          const streamed = await analyseSource(opened.source, resolved.options, {
            nowMs,
            logger,
            signal,
            onProgress: (count) => report(`${count.toLocaleString('en-US')} observations`),
          });
          return { ...streamed, metricsApi: undefined };
        },
      );
      const data: LoadedAnalytics = {
        analytics,
        range,
        preset,
        rangeLabel:
          preset === 'custom'
            ? customRangeLabel(range, config.timeZone)
            : TIME_RANGE_LABELS[preset],
        sourceLabel: opened.label,
        timeZone: config.timeZone,
        loadedAtMs: Date.now(),
        insights,
        view,
        viewErrors: resolved.errors,
        metricsApi,
      };
      this.lastLoaded = data;
      this.setState({ kind: 'ready', data });
      logger.info(
        `loaded ${analytics.report.observations} observations, ${analytics.report.traces} ` +
          `traces in ${data.loadedAtMs - nowMs} ms`,
      );
    } catch (error) {
      if (isAbortError(error)) {
        logger.info('load cancelled');
        if (this.queued) {
          // A newer load follows at once, for example after a change of source or range.
          this.setState({ kind: 'loading', previous: this.lastLoaded });
          return;
        }
        this.setState(
          this.lastLoaded
            ? { kind: 'ready', data: this.lastLoaded }
            : {
                kind: 'error',
                message: 'Loading was cancelled. Refresh to try again.',
                previous: null,
              },
        );
        return;
      }
      logger.error(`load failed: ${describeError(error)}`);
      this.setState({ kind: 'error', message: describeError(error), previous: this.lastLoaded });
    } finally {
      if (this.abortController === controller) {
        this.abortController = null;
      }
      await opened.close().catch((error: unknown) => {
        logger.warn(`closing the source failed: ${describeError(error)}`);
      });
    }
  }

  private withLoadProgress<T>(
    interactive: boolean,
    controller: AbortController,
    work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>,
  ): Promise<T> {
    const location = interactive
      ? vscode.ProgressLocation.Notification
      : vscode.ProgressLocation.Window;
    const progressDone = vscode.window.withProgress(
      { location, title: 'Trace Insight: loading traces', cancellable: interactive },
      (progress, token) => {
        const signal = AbortSignal.any([controller.signal, abortSignalFor(token)]);
        return work(signal, (message) => progress.report({ message }));
      },
    );
    return Promise.resolve(progressDone);
  }

  /**
   * The project's model prices from `GET /api/public/models`, read once per origin. A server
   * without the endpoint, or a failed read, leaves Langfuse's bundled prices in charge.
   */
  private async projectModels(
    source: ObservationSource,
    signal: AbortSignal,
  ): Promise<ModelPrice[]> {
    if (!(source instanceof LangfuseClient)) {
      return [];
    }
    const cached = this.projectModelsByOrigin.get(source.origin);
    if (cached) {
      return cached;
    }
    try {
      const models = (await readProjectModels(source, signal)) ?? [];
      this.projectModelsByOrigin.set(source.origin, models);
      this.options.logger.info(`read ${models.length} model prices from ${source.origin}`);
      return models;
    } catch (error) {
      if (isAbortError(error)) {
        throw error;
      }
      this.options.logger.warn(
        `could not read the project's model prices: ${describeError(error)}`,
      );
      return [];
    }
  }

  private metricsCache(): MetricsCache {
    this.metricsCacheValue ??= new MetricsCache(this.options.metricsCacheFile ?? null);
    return this.metricsCacheValue;
  }

  private sample(): ObservationSource {
    this.sampleSource ??= this.options.createSampleSource();
    return this.sampleSource;
  }

  private setState(state: DataState): void {
    this.state = state;
    this.stateEmitter.fire(state);
  }
}
