import type { Analytics, GroupStats } from '../../metrics/analyticsTypes';
import { formatCount, formatPercent, formatSeconds, formatUsd } from '../format';

/** A tree node before it becomes a vscode.TreeItem, so the tree's content is testable. */
export interface TreeNode {
  /** Stable across refreshes, so VS Code keeps the expansion state. */
  id: string;
  label: string;
  description?: string;
  /** The heading of the tooltip; trace-derived, shown as escaped text. */
  tooltipTitle?: string;
  /** Plain-text tooltip lines. */
  tooltipLines?: string[];
  icon?: string;
  children?: TreeNode[];
  expanded?: boolean;
  /** A command id run on click. */
  command?: string;
  /** Arguments passed to `command`. */
  commandArguments?: unknown[];
  /** The `viewItem` value that menus in package.json match, such as an editable budget. */
  contextValue?: string;
}

/** Groups beyond this many per section are summed into one "other" line. */
export const MAX_GROUPS_PER_SECTION = 50;

const NOT_AVAILABLE = 'n/a';
const METRICS_API_NOTE =
  'Not available from the Langfuse Metrics API, which serves this long range; set ' +
  'traceInsight.metricsApi to "never" to read every observation instead.';

/**
 * Builds the tree. With `aggregatedOnly` (the range was served by the Metrics API) the figures
 * that need every observation (traces, trace latency, errors, trace names, users) show n/a
 * rather than zeros that would read as measured.
 */
export function buildTreeNodes(
  analytics: Analytics,
  rangeLabel: string,
  options: { aggregatedOnly?: boolean } = {},
): TreeNode[] {
  if (options.aggregatedOnly) {
    return buildAggregatedTreeNodes(analytics, rangeLabel);
  }
  const report = analytics.report;
  const p95 = report.latency.traces?.p95 ?? null;

  const overview: TreeNode = {
    id: 'overview',
    label: 'Overview',
    description: rangeLabel,
    icon: 'dashboard',
    expanded: true,
    command: 'traceInsight.openDashboard',
    children: [
      leaf('overview/cost', 'Cost', formatUsd(report.cost.total), 'credit-card', [
        `${report.cost.unpricedObservations} unpriced observations (model without a price)`,
      ]),
      leaf('overview/traces', 'Traces', formatCount(report.traces), 'list-tree', [
        `${formatCount(report.observations)} observations`,
        `${formatCount(report.users)} users, ${formatCount(report.sessions)} sessions`,
      ]),
      leaf(
        'overview/p95',
        'p95 latency',
        formatSeconds(p95),
        'watch',
        latencyLines(report.latency.traces),
      ),
      leaf(
        'overview/errorRate',
        'Error rate',
        report.traces > 0 ? formatPercent(report.errors.rate) : NOT_AVAILABLE,
        'error',
        [
          `${formatCount(report.errors.traces)} of ${formatCount(report.traces)} traces have an ERROR observation`,
        ],
      ),
      leaf('overview/tokens', 'Tokens', formatCount(report.tokens.total), 'symbol-number', [
        `input ${formatCount(report.tokens.input)}, output ${formatCount(report.tokens.output)}`,
      ]),
    ],
  };

  return [
    overview,
    section('byModel', 'By model', 'hubot', analytics.byModel, 'observation latency'),
    section('byTraceName', 'By trace name', 'symbol-event', analytics.byTraceName, 'trace latency'),
    section('byUser', 'By user', 'person', analytics.byUser, 'trace latency'),
  ];
}

function buildAggregatedTreeNodes(analytics: Analytics, rangeLabel: string): TreeNode[] {
  const report = analytics.report;
  const overview: TreeNode = {
    id: 'overview',
    label: 'Overview',
    description: `${rangeLabel} · Metrics API`,
    icon: 'dashboard',
    expanded: true,
    command: 'traceInsight.openDashboard',
    children: [
      leaf('overview/cost', 'Cost', formatUsd(report.cost.total), 'credit-card', [
        'Summed by Langfuse (Metrics API v2); days are UTC days.',
      ]),
      leaf('overview/observations', 'Observations', formatCount(report.observations), 'list-tree', [
        'Counted by Langfuse (Metrics API v2).',
      ]),
      leaf('overview/traces', 'Traces', NOT_AVAILABLE, 'list-tree', [METRICS_API_NOTE]),
      leaf('overview/p95', 'p95 latency', NOT_AVAILABLE, 'watch', [METRICS_API_NOTE]),
      leaf('overview/errorRate', 'Error rate', NOT_AVAILABLE, 'error', [METRICS_API_NOTE]),
      leaf('overview/tokens', 'Tokens', formatCount(report.tokens.total), 'symbol-number', [
        `input ${formatCount(report.tokens.input)}, output ${formatCount(report.tokens.output)}`,
      ]),
    ],
  };
  return [
    overview,
    section('byModel', 'By model', 'hubot', analytics.byModel, 'observation latency'),
  ];
}

/** Flattens the tree depth first, for tests and the exported test API. */
export function flattenTreeNodes(nodes: readonly TreeNode[]): TreeNode[] {
  const result: TreeNode[] = [];
  for (const node of nodes) {
    result.push(node);
    if (node.children) {
      result.push(...flattenTreeNodes(node.children));
    }
  }
  return result;
}

function section(
  id: string,
  label: string,
  icon: string,
  groups: readonly GroupStats[],
  latencyKind: string,
): TreeNode {
  const shown = groups.slice(0, MAX_GROUPS_PER_SECTION);
  const children = shown.map((group) => groupNode(id, group, latencyKind));

  const rest = groups.slice(MAX_GROUPS_PER_SECTION);
  if (rest.length > 0) {
    const restCostUsd = rest.reduce((sum, group) => sum + group.costUsd, 0);
    children.push({
      // `#` keeps this id apart from group ids, which are `<section>/<key>` and may be "(more)".
      id: `${id}#more`,
      label: `${rest.length} more`,
      description: formatUsd(restCostUsd),
      tooltipLines: [
        `${rest.length} more groups with lower cost, ${formatUsd(restCostUsd)} together`,
      ],
    });
  }

  return {
    id,
    label,
    description: `${groups.length}`,
    icon,
    expanded: id === 'byModel',
    children,
  };
}

function groupNode(sectionId: string, group: GroupStats, latencyKind: string): TreeNode {
  const p95 = group.latency?.p95 ?? null;
  return {
    id: `${sectionId}/${group.key}`,
    label: group.key,
    description: `${formatUsd(group.costUsd)} · ${formatCount(group.tokens.total)} tok · p95 ${formatSeconds(p95)}`,
    tooltipTitle: group.key,
    tooltipLines: [
      `Cost: ${formatUsd(group.costUsd)}`,
      `Tokens: ${formatCount(group.tokens.total)} (input ${formatCount(group.tokens.input)}, output ${formatCount(group.tokens.output)})`,
      `Traces: ${formatCount(group.traces)}, observations: ${formatCount(group.observations)}`,
      `Error rate: ${formatPercent(group.errorRate)} (${formatCount(group.errorTraces)} traces)`,
      ...latencyLines(group.latency).map((line) => `${line} (${latencyKind})`),
      ...(group.unpricedObservations > 0
        ? [`Unpriced observations: ${formatCount(group.unpricedObservations)}`]
        : []),
    ],
  };
}

function leaf(
  id: string,
  label: string,
  description: string,
  icon: string,
  lines: string[],
): TreeNode {
  return {
    id,
    label,
    description,
    icon,
    tooltipTitle: `${label}: ${description}`,
    tooltipLines: lines,
  };
}

function latencyLines(latency: GroupStats['latency']): string[] {
  if (!latency) {
    return ['Latency: no ended observations'];
  }
  return [
    `Latency p50 ${formatSeconds(latency.p50)}, p95 ${formatSeconds(latency.p95)}, ` +
      `p99 ${formatSeconds(latency.p99)}`,
  ];
}
