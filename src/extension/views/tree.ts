import * as vscode from 'vscode';
import type { Logger } from '../../langfuse/client';
import type { AnalyticsService, DataState } from '../data/analyticsService';
import type { LoadedAnalytics } from '../data/analyticsService';
import { insightNodes } from './treeInsights';
import { buildTreeNodes, flattenTreeNodes, type TreeNode } from './treeModel';

const TREE_REFRESH_DEBOUNCE_MS = 100;

/**
 * The overview tree: the range's totals and the groups by model, trace name and user. Items
 * keep stable ids, so a refresh keeps what the user expanded.
 */
export class OverviewTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  private nodes: TreeNode[] = [];
  private extraNodes: TreeNode[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly service: AnalyticsService,
    private readonly logger: Logger,
  ) {
    this.subscription = service.onDidChangeState((state) => this.scheduleRefresh(state));
    this.nodes = nodesFor(service.currentState);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node ? (node.children ?? []) : this.rootNodes();
  }

  getParent(): undefined {
    return undefined;
  }

  /** Returns every node depth first, after applying a refresh still in its debounce delay. */
  allNodes(): TreeNode[] {
    if (this.refreshTimer !== undefined) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = undefined;
      this.nodes = nodesFor(this.service.currentState);
      this.changeEmitter.fire(undefined);
    }
    return flattenTreeNodes(this.rootNodes());
  }

  /**
   * Sets groups shown after the data's groups, such as Budgets. They are hidden while signed
   * out, so the welcome view stays.
   */
  setExtraNodes(nodes: TreeNode[]): void {
    this.extraNodes = nodes;
    this.changeEmitter.fire(undefined);
  }

  /** Returns the Markdown source of a node's tooltip, for tests. */
  tooltipMarkdown(id: string): string | undefined {
    const node = this.allNodes().find((candidate) => candidate.id === id);
    return node ? tooltipFor(node)?.value : undefined;
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }

  private rootNodes(): TreeNode[] {
    return this.nodes.length === 0 ? [] : [...this.nodes, ...this.extraNodes];
  }

  private scheduleRefresh(state: DataState): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.nodes = nodesFor(state);
      this.logger.debug(`${this.nodes.length} root items for state ${state.kind}`);
      this.changeEmitter.fire(undefined);
    }, TREE_REFRESH_DEBOUNCE_MS);
  }
}

/** Returns the root nodes the tree shows in a state. */
export function nodesFor(state: DataState): TreeNode[] {
  switch (state.kind) {
    case 'signedOut':
      // Empty, so VS Code shows the welcome view with Sign In and Explore Sample Data.
      return [];
    case 'needsSignIn':
      return [
        {
          id: 'status/needsSignIn',
          label: 'Sign in to load traces',
          description: state.origin,
          icon: 'key',
          tooltipLines: [state.message],
          command: 'traceInsight.signIn',
        },
      ];
    case 'loading':
      if (state.previous) {
        return loadedNodes(state.previous);
      }
      return [{ id: 'status/loading', label: 'Loading traces…', icon: 'loading~spin' }];
    case 'error':
      return [
        {
          id: 'status/error',
          label: 'Loading failed',
          description: state.message,
          icon: 'error',
          tooltipLines: [state.message, 'Click to try again.'],
          command: 'traceInsight.refresh',
        },
        ...(state.previous ? loadedNodes(state.previous) : []),
      ];
    case 'ready':
      return loadedNodes(state.data);
  }
}

function loadedNodes(data: LoadedAnalytics): TreeNode[] {
  const nodes = buildTreeNodes(data.analytics, data.rangeLabel, {
    aggregatedOnly: data.metricsApi !== undefined,
  });
  if (data.insights && data.view) {
    nodes.push(...insightNodes(data.insights, data.view));
  }
  return nodes;
}

function toTreeItem(node: TreeNode): vscode.TreeItem {
  const collapsibleState = node.children
    ? node.expanded
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed
    : vscode.TreeItemCollapsibleState.None;

  const item = new vscode.TreeItem(node.label, collapsibleState);
  item.id = node.id;
  item.description = node.description;
  if (node.icon) {
    item.iconPath = new vscode.ThemeIcon(node.icon);
  }
  if (node.command) {
    item.command = {
      command: node.command,
      title: node.label,
      arguments: node.commandArguments,
    };
  }
  item.contextValue = node.contextValue;
  item.tooltip = tooltipFor(node);
  return item;
}

/** Builds the tooltip with appendText, which escapes Markdown in trace-derived names. */
function tooltipFor(node: TreeNode): vscode.MarkdownString | undefined {
  if (!node.tooltipTitle && !node.tooltipLines) {
    return undefined;
  }

  const tooltip = new vscode.MarkdownString();
  tooltip.supportHtml = false;
  tooltip.isTrusted = false;
  if (node.tooltipTitle) {
    tooltip.appendMarkdown('**');
    tooltip.appendText(node.tooltipTitle);
    tooltip.appendMarkdown('**\n\n');
  }
  for (const line of node.tooltipLines ?? []) {
    tooltip.appendText(line);
    tooltip.appendMarkdown('\n\n');
  }
  return tooltip;
}
