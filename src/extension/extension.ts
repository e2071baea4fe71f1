import * as vscode from 'vscode';
import { importDemoCredentials } from './auth/demoCredentials';
import { AlertsFeature } from './alerts/alertsFeature';
import { openCause } from './alerts/openCause';
import { OriginSecrets } from './auth/secretStore';
import { registerShowAlertHistory } from './commands/alertHistory';
import { registerBudgetCommands } from './commands/budgets';
import { registerExploreSampleData } from './commands/exploreSampleData';
import { registerExport } from './commands/export';
import { registerFilterCommands } from './commands/filters';
import { registerOpenDashboard } from './commands/openDashboard';
import { registerPickTimeRange } from './commands/pickTimeRange';
import { registerRefresh } from './commands/refresh';
import { registerShowLog } from './commands/showLog';
import { registerSignIn } from './commands/signIn';
import { registerSignInWith } from './commands/signInWith';
import { registerSignOut } from './commands/signOut';
import { readConfig, watchConfig, type TraceInsightConfig } from './config';
import { AnalyticsService } from './data/analyticsService';
import { createSampleSource } from './data/sources';
import { componentLogger, describeError } from './log';
import { AnalyticsViewStore } from './panels/analyticsView';
import { DASHBOARD_VIEW_TYPE, DashboardPanelHost } from './panels/dashboard';
import type { ExtensionServices } from './services';
import { createTestApi, type TraceInsightTestApi } from './testApi';
import { BudgetStatusBar } from './views/statusBar';
import { budgetNodes } from './views/budgets';
import { OverviewTreeProvider } from './views/tree';
import * as notify from './notifications';

export const TREE_VIEW_ID = 'traceInsight.overview';
const STATE_CONTEXT_KEY = 'traceInsight.state';

export async function activate(
  context: vscode.ExtensionContext,
): Promise<TraceInsightTestApi | undefined> {
  const channel = vscode.window.createOutputChannel('Trace Insight', { log: true });
  context.subscriptions.push(channel);
  const logger = (component: string) => componentLogger(channel, component);
  const log = logger('extension');
  log.info(`activating ${context.extension.id} ${context.extension.packageJSON.version as string}`);

  let config = readConfig();
  warnAboutInvalidTimeZone(config, log);

  const secrets = new OriginSecrets(context.secrets);
  await importDemoCredentials(process.env, secrets, logger('auth')).catch((error: unknown) =>
    log.error(`importing the demo credentials failed: ${describeError(error)}`),
  );
  config = readConfig();

  const analyticsView = new AnalyticsViewStore(context.workspaceState);
  const analytics = new AnalyticsService({
    getAnalyticsView: () => analyticsView.view,
    secrets,
    logger: logger('data'),
    clientLogger: logger('client'),
    getConfig: () => config,
    createSampleSource: () => createSampleSource(config.timeZone),
    metricsCacheFile: vscode.Uri.joinPath(context.globalStorageUri, 'metrics-cache.json').fsPath,
  });
  const dashboard = new DashboardPanelHost(context.extensionUri, analytics, logger('dashboard'), {
    store: analyticsView,
    getConfig: () => config,
  });
  const tree = new OverviewTreeProvider(analytics, logger('tree'));
  const alerts = new AlertsFeature({
    memento: context.workspaceState,
    analytics,
    logger: logger('alerts'),
    config,
    openCause: (cause) => openCause(services, analyticsView, cause),
  });
  const statusBar = new BudgetStatusBar(analytics, config, alerts.center);
  tree.setExtraNodes(budgetNodes(alerts.center.snapshot));
  context.subscriptions.push(
    analytics,
    dashboard,
    tree,
    alerts,
    statusBar,
    alerts.center.onDidChange((snapshot) => tree.setExtraNodes(budgetNodes(snapshot))),
  );

  const treeView = vscode.window.createTreeView(TREE_VIEW_ID, {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  context.subscriptions.push(
    treeView,
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, dashboard),
  );

  const services: ExtensionServices = {
    channel,
    logger,
    secrets,
    analytics,
    dashboard,
    getConfig: () => config,
  };
  context.subscriptions.push(
    registerSignIn(services),
    registerSignInWith(services),
    registerSignOut(services),
    registerExploreSampleData(services),
    registerRefresh(services),
    registerPickTimeRange(services),
    registerOpenDashboard(services),
    registerExport(services),
    registerShowLog(services),
    registerFilterCommands(analyticsView),
    registerBudgetCommands(alerts.center),
    registerShowAlertHistory(alerts.center, (entry) =>
      openCause(services, analyticsView, { range: entry.range, scope: entry.scope }),
    ),
    analyticsView.onDidChange(() => {
      analytics.cancelRunningLoad();
      analytics.requestRefresh('analytics view changed');
    }),
  );

  context.subscriptions.push(
    analytics.onDidChangeState((state) => {
      void vscode.commands.executeCommand('setContext', STATE_CONTEXT_KEY, state.kind);
      treeView.message = state.kind === 'ready' ? undefined : treeMessage(state.kind);
      if (state.kind === 'needsSignIn') {
        promptSignInOnce(state.origin, state.message);
      }
    }),
    watchConfig((next, event) => {
      config = next;
      warnAboutInvalidTimeZone(config, log);
      statusBar.setConfig(config);
      alerts.configure(config);
      if (affectsAlerts(event)) {
        void alerts.refreshNow();
      }
      if (affectsData(event)) {
        log.info('settings changed; reloading');
        analytics.cancelRunningLoad();
        analytics.requestRefresh('settings changed');
      }
    }),
    secrets.onDidChange((origin) => {
      log.info(`the stored secret for ${origin} changed`);
      analytics.requestRefresh('secret changed');
    }),
  );

  void vscode.commands.executeCommand('setContext', STATE_CONTEXT_KEY, 'signedOut');
  // The refresh interval drives the alerts' incremental refresh (AlertsFeature); the tree and
  // the dashboard read their whole range on start, on Refresh and when the range or view changes.
  void analytics.refresh({ interactive: false });
  log.info('activated');

  // The test API can export data with the stored key, so other extensions in a user's
  // installation do not get it: only development and test hosts do.
  if (context.extensionMode === vscode.ExtensionMode.Production) {
    return undefined;
  }
  return createTestApi(services, tree, statusBar, analyticsView, alerts.testHooks);
}

export function deactivate(): void {
  // Everything is in context.subscriptions, which VS Code disposes.
}

const promptedOrigins = new Set<string>();

/** Asks once per origin and session, so a reload loop does not stack notifications. */
function promptSignInOnce(origin: string, message: string): void {
  if (promptedOrigins.has(origin)) {
    return;
  }
  promptedOrigins.add(origin);
  void notify.showWarningMessage(message, 'Sign In').then((choice) => {
    if (choice === 'Sign In') {
      void vscode.commands.executeCommand('traceInsight.signIn');
    }
  });
}

function treeMessage(kind: string): string | undefined {
  switch (kind) {
    case 'loading':
      return 'Loading…';
    case 'error':
      return 'The last load failed; see the item below or the Trace Insight log.';
    default:
      return undefined;
  }
}

function affectsAlerts(event: vscode.ConfigurationChangeEvent): boolean {
  return ['budgets', 'alerts', 'budget', 'timeZone'].some((key) =>
    event.affectsConfiguration(`traceInsight.${key}`),
  );
}

function affectsData(event: vscode.ConfigurationChangeEvent): boolean {
  return ['baseUrl', 'publicKey', 'timeZone', 'metricsApi'].some((key) =>
    event.affectsConfiguration(`traceInsight.${key}`),
  );
}

function warnAboutInvalidTimeZone(
  config: TraceInsightConfig,
  log: ReturnType<typeof componentLogger>,
): void {
  if (config.invalidTimeZone === null) {
    return;
  }
  const message =
    `traceInsight.timeZone "${config.invalidTimeZone}" is not an IANA time zone; using ` +
    `${config.timeZone}. Use a name such as Europe/Berlin or America/New_York.`;
  log.warn(message);
  void notify.showWarningMessage(message);
}
