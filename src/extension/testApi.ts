import type { ExportProgress, ExportResult } from '../export/exportData';
import type { ObservationSource } from '../langfuse/types';
import type { DashboardSnapshot } from '../shared/protocol';
import type { DataState } from './data/analyticsService';
import { runExport, type ExportRequest } from './export/exportRunner';
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
  getState(): DataState;
  /** Resolves after the running and any queued load. */
  refresh(): Promise<void>;
  /** Replaces the sample data with another source, for example one with crafted traces. */
  useSampleSource(source: ObservationSource): Promise<void>;
  exportTo(
    request: ExportRequest,
    signal?: AbortSignal,
    onProgress?: (progress: ExportProgress) => void,
  ): Promise<ExportResult>;
}

export function createTestApi(
  services: ExtensionServices,
  tree: OverviewTreeProvider,
  statusBar: BudgetStatusBar,
): TraceInsightTestApi {
  return {
    getTreeItems: () => tree.allNodes(),
    getTreeTooltipMarkdown: (id) => tree.tooltipMarkdown(id),
    hasStoredSecret: async (origin) => (await services.secrets.get(origin)) !== undefined,
    getStatusBarState: () => statusBar.state,
    getDashboardSnapshot: () => services.dashboard.requestSnapshot(),
    getState: () => services.analytics.currentState,
    refresh: () => services.analytics.refresh({ interactive: false }),
    useSampleSource: (source) => services.analytics.useSampleSource(source),
    exportTo: (request, signal, onProgress) => runExport(services, request, signal, onProgress),
  };
}
