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
import type { AnalyticsService, DataState } from '../data/analyticsService';
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
      case 'command':
        void vscode.commands.executeCommand(commandFor(typed.command));
        return;
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

function commandFor(
  command: Extract<WebviewToHostMessage, { type: 'command' }>['command'],
): string {
  switch (command) {
    case 'refresh':
      return CommandId.Refresh;
    case 'pickTimeRange':
      return CommandId.PickTimeRange;
    case 'signIn':
      return CommandId.SignIn;
    case 'exploreSampleData':
      return CommandId.ExploreSampleData;
  }
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
        return {
          kind: 'empty',
          message: `No observations in ${state.data.rangeLabel.toLowerCase()} (${state.data.sourceLabel}). Pick a longer time range.`,
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
    }),
  };
}
