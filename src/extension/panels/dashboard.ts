import * as vscode from 'vscode';
import type { Logger } from '../../langfuse/client';
import {
  isWebviewToHostMessage,
  type DashboardSnapshot,
  type DashboardState,
  type HostToWebviewMessage,
  type WebviewToHostMessage,
} from '../../shared/protocol';
import { CommandId } from '../commands/ids';
import { FilterCommandId } from '../commands/filterIds';
import type { TraceInsightConfig } from '../config';
import type { AnalyticsService, DataState } from '../data/analyticsService';
import { describeError } from '../log';
import { sanitizeView, type AnalyticsViewStore } from './analyticsView';
import { breakdownFor } from './insightsModel';
import { buildDashboardModel } from './dashboardModel';
import { dashboardHtml } from './dashboardHtml';

export const DASHBOARD_VIEW_TYPE = 'traceInsight.dashboard';

const SNAPSHOT_TIMEOUT_MS = 10_000;

/**
 * Hosts the dashboard webview: one panel at a time, restored after a window reload by the
 * serializer. The host posts only after the page sends `ready`, and posts aggregates only.
 */
export class DashboardPanelHost implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private panel: vscode.WebviewPanel | null = null;
  private ready = false;
  private readonly panelDisposables: vscode.Disposable[] = [];
  private readonly serviceSubscription: vscode.Disposable;
  private nextRequestId = 1;
  private readonly pendingSnapshots = new Map<number, (snapshot: DashboardSnapshot) => void>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: AnalyticsService,
    private readonly logger: Logger,
    private readonly analyticsView?: {
      store: AnalyticsViewStore;
      getConfig: () => TraceInsightConfig;
    },
  ) {
    this.serviceSubscription = service.onDidChangeState((state) => this.postState(state));
  }

  get isOpen(): boolean {
    return this.panel !== null;
  }

  /** Opens the dashboard, or reveals it when it is open. */
  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      'Trace Insight',
      vscode.ViewColumn.Active,
      this.webviewOptions(),
    );
    this.attach(panel);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, _state: unknown): Promise<void> {
    this.logger.info('restoring the dashboard after a reload');
    panel.webview.options = this.webviewOptions();
    this.attach(panel);
  }

  /** Requests a snapshot of the page. Rejects when the page does not respond in time. */
  requestSnapshot(): Promise<DashboardSnapshot> {
    if (!this.panel || !this.ready) {
      return Promise.reject(new Error('The dashboard is not open or has not sent ready yet.'));
    }
    const requestId = this.nextRequestId++;
    const panel = this.panel;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingSnapshots.delete(requestId);
        reject(
          new Error(`The dashboard did not respond to snapshot request ${requestId} in time.`),
        );
      }, SNAPSHOT_TIMEOUT_MS);
      this.pendingSnapshots.set(requestId, (snapshot) => {
        clearTimeout(timer);
        resolve(snapshot);
      });
      void this.post(panel, { type: 'snapshotRequest', requestId });
    });
  }

  /** Scrolls the page to an element, for screenshots of a section. */
  async reveal(elementId: string): Promise<void> {
    if (this.panel && this.ready) {
      await this.post(this.panel, { type: 'reveal', elementId });
    }
  }

  dispose(): void {
    this.serviceSubscription.dispose();
    this.panel?.dispose();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'),
        vscode.Uri.joinPath(this.extensionUri, 'media'),
      ],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'activity-bar.svg');

    const webview = panel.webview;
    const webviewRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    webview.html = dashboardHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'dashboard.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'dashboard.css')).toString(),
    });

    this.panelDisposables.push(
      webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => this.detach()),
    );
  }

  private detach(): void {
    this.panel = null;
    this.ready = false;
    for (const disposable of this.panelDisposables.splice(0)) {
      disposable.dispose();
    }
  }

  private receive(message: unknown): void {
    if (!isWebviewToHostMessage(message)) {
      this.logger.warn('ignored a malformed message from the dashboard');
      return;
    }
    const typed: WebviewToHostMessage = message;
    switch (typed.type) {
      case 'ready':
        this.logger.debug('dashboard ready');
        this.ready = true;
        this.postState(this.service.currentState);
        if (this.service.currentState.kind === 'signedOut' && this.service.lastResult === null) {
          return;
        }
        if (this.service.lastResult === null && this.service.currentState.kind !== 'loading') {
          void this.service.refresh({ interactive: false });
        }
        return;
      case 'snapshot':
        this.pendingSnapshots.get(typed.requestId)?.(typed.snapshot);
        this.pendingSnapshots.delete(typed.requestId);
        return;
      case 'command': {
        const command = commandFor(typed.command);
        if (command === undefined) {
          this.logger.warn(`ignored unknown dashboard command ${JSON.stringify(typed.command)}`);
          return;
        }
        void vscode.commands.executeCommand(command);
        return;
      }
      case 'setView':
        void this.setView(typed.view);
        return;
      case 'openTrace':
        void this.openTrace(typed.dimension, typed.key);
        return;
    }
  }

  private async setView(view: unknown): Promise<void> {
    const store = this.analyticsView?.store;
    if (!store) {
      return;
    }
    const next = sanitizeView(view);
    this.logger.info(`analytics view changed: ${JSON.stringify(next)}`);
    await store.update(next);
  }

  /**
   * Opens the most expensive trace of a breakdown group in Langfuse's web UI. The URL is the
   * configured base URL plus `/trace/<id>`, which Langfuse redirects to the trace's project.
   * Nothing from the trace data but the URL-encoded id goes into it.
   */
  private async openTrace(dimension: string, key: string): Promise<void> {
    const url = await this.traceUrl(dimension, key);
    if (url) {
      this.logger.info(`opening the top trace of ${JSON.stringify(dimension)} group in Langfuse`);
      await vscode.env.openExternal(url);
    }
  }

  /**
   * Builds the Langfuse web UI address of a breakdown group's most expensive trace:
   * `<baseUrl>/project/<projectId>/traces/<traceId>` when the keys' project is known, else
   * `<baseUrl>/trace/<traceId>`, which Langfuse redirects to the trace's project. Returns
   * undefined, with a log line, when there is nothing safe to open.
   */
  async traceUrl(dimension: string, key: string): Promise<vscode.Uri | undefined> {
    const loaded = this.service.lastResult;
    const config = this.analyticsView?.getConfig();
    if (!loaded?.insights || !config || this.service.mode !== 'langfuse') {
      this.logger.warn('open trace ignored: no Langfuse data is loaded');
      return undefined;
    }
    const group = breakdownFor(loaded.insights, dimension)?.groups.find(
      (candidate) => candidate.key === key,
    );
    const traceId = group?.drillDown.topTraceId;
    if (!traceId) {
      this.logger.warn(`open trace ignored: no trace for group ${JSON.stringify(key)}`);
      return undefined;
    }

    try {
      const base = new URL(config.baseUrl);
      if (base.origin !== loaded.sourceLabel) {
        this.logger.warn(
          `open trace ignored: the data is from ${loaded.sourceLabel}, not ${base.origin}`,
        );
        return undefined;
      }
      // Uri.parse decodes %2F, so an id such as `../../api` would leave the trace path. Ids
      // are opaque tokens, so anything path-like is rejected rather than opened.
      if (!isPlainId(traceId)) {
        this.logger.warn(
          `open trace ignored: trace id ${JSON.stringify(traceId)} is not a plain id`,
        );
        return undefined;
      }
      const projectId = await this.service.projectId();
      const prefix = base.pathname.replace(/\/+$/, '');
      const path =
        projectId !== null && isPlainId(projectId)
          ? `${prefix}/project/${projectId}/traces/${traceId}`
          : `${prefix}/trace/${traceId}`;
      return vscode.Uri.from({
        scheme: base.protocol.replace(':', ''),
        authority: base.host,
        path,
      });
    } catch (error) {
      this.logger.error(`open trace failed: ${describeError(error)}`);
      return undefined;
    }
  }

  private postState(state: DataState): void {
    if (!this.panel || !this.ready) {
      return;
    }
    void this.post(this.panel, { type: 'state', state: toDashboardState(state) });
  }

  private async post(panel: vscode.WebviewPanel, message: HostToWebviewMessage): Promise<void> {
    const delivered = await panel.webview.postMessage(message);
    if (!delivered) {
      this.logger.warn(`the dashboard did not take a ${message.type} message`);
    }
  }
}

/** True for ids that are safe as one URL path segment. */
function isPlainId(id: string): boolean {
  return /^[A-Za-z0-9_:.-]+$/.test(id) && !/^\.+$/.test(id);
}

function commandFor(
  command: Extract<WebviewToHostMessage, { type: 'command' }>['command'],
): string | undefined {
  switch (command) {
    case 'refresh':
      return CommandId.Refresh;
    case 'pickTimeRange':
      return CommandId.PickTimeRange;
    case 'signIn':
      return CommandId.SignIn;
    case 'exploreSampleData':
      return CommandId.ExploreSampleData;
    case 'addFilter':
      return FilterCommandId.AddFilter;
    case 'clearFilters':
      return FilterCommandId.ClearFilters;
  }
  // The page is not trusted: a value outside the protocol maps to no command.
  return undefined;
}

/** Maps the service state to what the page draws, dropping everything but aggregates. */
export function toDashboardState(state: DataState): DashboardState {
  switch (state.kind) {
    case 'signedOut':
      return { kind: 'empty', message: 'Sign in to Langfuse or explore the sample data.' };
    case 'needsSignIn':
      return { kind: 'error', message: state.message };
    case 'loading':
      return state.previous
        ? dataState(state.previous)
        : { kind: 'loading', message: 'Loading traces…' };
    case 'error':
      return { kind: 'error', message: state.message };
    case 'ready':
      if (state.data.analytics.report.observations === 0) {
        const where = `${state.data.rangeLabel.toLowerCase()} (${state.data.sourceLabel})`;
        const filters = state.data.view?.filters ?? [];
        return {
          kind: 'empty',
          message:
            filters.length > 0
              ? `No observations in ${where} match the filters ${filters.join('; ')}. Remove ` +
                'one with "Trace Insight: Remove Filter…" or "Clear Filters", or pick a longer ' +
                'time range.'
              : `No observations in ${where}. Pick a longer time range.`,
        };
      }
      return dataState(state.data);
  }
}

function dataState(data: Extract<DataState, { kind: 'ready' }>['data']): DashboardState {
  return {
    kind: 'data',
    model: buildDashboardModel(data.analytics, {
      rangeLabel: data.rangeLabel,
      sourceLabel: data.sourceLabel,
      timeZone: data.timeZone,
      loadedAtMs: data.loadedAtMs,
      insights: data.insights,
      view: data.view,
      viewErrors: data.viewErrors,
      metricsApi: data.metricsApi,
      fromLangfuse: data.sourceLabel !== 'Sample data' && data.sourceLabel.startsWith('http'),
    }),
  };
}
