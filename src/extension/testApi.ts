import type * as vscode from 'vscode';
import type { ExportProgress, ExportResult } from '../export/exportData';
import type { AlertTestHooks } from './alerts/alertsFeature';
import type { ObservationSource } from '../langfuse/types';
import type { AnalyticsView, DashboardSnapshot } from '../shared/protocol';
import type { DataState } from './data/analyticsService';
import { runExport, type ExportRequest } from './export/exportRunner';
import { whenViewLoaded, type AnalyticsViewStore } from './panels/analyticsView';
import type { ExtensionServices } from './services';
import type { BudgetStatusBar } from './views/statusBar';
import type { OverviewTreeProvider } from './views/tree';
import type { TreeNode } from './views/treeModel';

/**
 * The API that `activate` returns. The integration tests read the views through it; nothing
 * else should depend on it.
 */
export interface TraceInsightTestApi {
  getTreeItems(): TreeNode[];
  /** The Markdown source of a tree item's tooltip, as VS Code renders it. */
  getTreeTooltipMarkdown(id: string): string | undefined;
  hasStoredSecret(origin: string): Promise<boolean>;
  getStatusBarState(): BudgetStatusBar['state'];
  getDashboardSnapshot(): Promise<DashboardSnapshot>;
  /** The Langfuse address "Open" would open for a breakdown group. */
  traceUrl(dimension: string, key: string): Promise<string | undefined>;
  /** Runs the serializer's restore on a panel, as VS Code does after a window reload. */
  restoreDashboard(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  getState(): DataState;
  /** Resolves after the running and any queued load. */
  refresh(): Promise<void>;
  /** Replaces the sample data with another source, for example one with crafted traces. */
  useSampleSource(source: ObservationSource): Promise<void>;
  /** Changes the dashboard's analytics view (filters, dimension, …) and resolves after the reload. */
  setAnalyticsView(view: Partial<AnalyticsView>): Promise<void>;
  /** Scrolls the dashboard to an element id, for example `insight-breakdown`. */
  revealDashboardSection(elementId: string): Promise<void>;
  exportTo(
    request: ExportRequest,
    signal?: AbortSignal,
    onProgress?: (progress: ExportProgress) => void,
  ): Promise<ExportResult>;
  /** Budgets and alerts: results, notifications shown, a background refresh on demand. */
  alerts?: AlertTestHooks;
}

export function createTestApi(
  services: ExtensionServices,
  tree: OverviewTreeProvider,
  statusBar: BudgetStatusBar,
  analyticsView?: AnalyticsViewStore,
  alerts?: AlertTestHooks,
): TraceInsightTestApi {
  return {
    getTreeItems: () => tree.allNodes(),
    getTreeTooltipMarkdown: (id) => tree.tooltipMarkdown(id),
    hasStoredSecret: async (origin) => (await services.secrets.get(origin)) !== undefined,
    getStatusBarState: () => statusBar.state,
    getDashboardSnapshot: () => services.dashboard.requestSnapshot(),
    restoreDashboard: (panel, state) => services.dashboard.deserializeWebviewPanel(panel, state),
    traceUrl: async (dimension, key) =>
      (await services.dashboard.traceUrl(dimension, key))?.toString(),
    getState: () => services.analytics.currentState,
    refresh: () => services.analytics.refresh({ interactive: false }),
    useSampleSource: (source) => services.analytics.useSampleSource(source),
    revealDashboardSection: (elementId) => services.dashboard.reveal(elementId),
    setAnalyticsView: async (view) => {
      if (analyticsView) {
        await analyticsView.update(view);
        await whenViewLoaded(services.analytics, analyticsView.view);
      }
    },
    exportTo: (request, signal, onProgress) => runExport(services, request, signal, onProgress),
    alerts,
  };
}
