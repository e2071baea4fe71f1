import type { AnalyticsReport } from '../../analytics/assembleReport';
import type { AnalyticsView } from '../../shared/protocol';
import { formatCount, formatPercent, formatSeconds, formatUsd } from '../format';
import { breakdownFor } from '../panels/insightsModel';
import type { TreeNode } from './treeModel';

/**
 * The tree's analytics groups: the active filters (click one to remove it) and the breakdown
 * by the dimension chosen on the dashboard.
 */
export function insightNodes(insights: AnalyticsReport, view: AnalyticsView): TreeNode[] {
  const filterChildren: TreeNode[] = insights.filters.map((text) => ({
    id: `filters/${text}`,
    label: text,
    icon: 'filter',
    tooltipTitle: text,
    tooltipLines: ['Applied to every figure. Click to remove this filter.'],
    command: 'traceInsight.removeFilter',
    commandArguments: [text],
  }));
  filterChildren.push({
    id: 'filters/(add)',
    label: 'Add Filter…',
    icon: 'add',
    command: 'traceInsight.addFilter',
  });

  const nodes: TreeNode[] = [
    {
      id: 'filters',
      label: 'Filters',
      description: insights.filters.length === 0 ? 'none' : `${insights.filters.length} active`,
      icon: 'filter',
      expanded: insights.filters.length > 0,
      children: filterChildren,
    },
  ];

  const breakdown = breakdownFor(insights, view.dimension);
  if (breakdown) {
    nodes.push({
      id: 'breakdown',
      label: `Breakdown by ${breakdown.dimension}`,
      description: `${breakdown.totalGroups} groups`,
      icon: 'symbol-class',
      // Ids carry the position: a real group may be named like the synthetic "(other)".
      children: breakdown.groups.map((group, index) => ({
        id: `breakdown/${breakdown.dimension}/${index}/${group.key}`,
        label: group.key,
        description:
          `${formatUsd(group.costUsd)}` +
          (group.estimatedCostUsd > 0 ? ` + ${formatUsd(group.estimatedCostUsd)} estimate` : '') +
          ` · p95 ${formatSeconds(group.latency?.p95 ?? null)}`,
        tooltipTitle: group.key,
        tooltipLines: [
          `Cost: ${formatUsd(group.costUsd)}`,
          `Tokens: ${formatCount(group.tokens.total)}`,
          `Traces: ${formatCount(group.traces)}, observations: ${formatCount(group.observations)}`,
          `Error rate: ${formatPercent(group.errorRate)}`,
          ...(group.unpricedObservations > 0
            ? [`Unpriced observations: ${formatCount(group.unpricedObservations)}`]
            : []),
        ],
      })),
    });
  }
  return nodes;
}
