import type * as vscode from 'vscode';
import type { Logger } from '../langfuse/client';
import type { OriginSecrets } from './auth/secretStore';
import type { TraceInsightConfig } from './config';
import type { AnalyticsService } from './data/analyticsService';
import type { DashboardPanelHost } from './panels/dashboard';

/** The services the commands use, created once in activate. */
export interface ExtensionServices {
  channel: vscode.LogOutputChannel;
  logger: (component: string) => Logger;
  secrets: OriginSecrets;
  analytics: AnalyticsService;
  dashboard: DashboardPanelHost;
  getConfig: () => TraceInsightConfig;
}
