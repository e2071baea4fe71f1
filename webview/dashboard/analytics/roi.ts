import type { InsightsModel } from './types';
import type { ChartTheme } from '../theme';
import type { ViewChange } from './controls';
import { count, decimal, el, section, textInput } from './dom';
import { axes, chartBox, colour } from './insightCharts';

/** Numeric metadata keys against cost and latency per trace: scatter plots and coefficients. */
export function renderRoi(
  model: InsightsModel,
  change: ViewChange,
  theme: ChartTheme,
): HTMLElement {
  const box = section(
    'insight-roi',
    'ROI: metadata against cost and latency',
    'Pearson r and Spearman rho per trace; a trace takes the first numeric value of the key.',
  );
  box.append(
    textInput('Metadata keys', 'roi-keys', model.view.roiKeys, 'resolution_time,csat', (roiKeys) =>
      change({ roiKeys }),
    ),
  );

  const lines = el('ul', 'correlations');
  lines.id = 'correlation-lines';
  const grid = el('div', 'charts');
  for (const [index, correlation] of model.correlations.entries()) {
    lines.append(
      el(
        'li',
        undefined,
        `${correlation.key}: ${count(correlation.traces)} traces · cost r ${decimal(correlation.pearsonCost)}, ` +
          `rho ${decimal(correlation.spearmanCost)} · latency r ${decimal(correlation.pearsonLatency)}, ` +
          `rho ${decimal(correlation.spearmanLatency)}`,
      ),
    );
    chartBox(grid, `roi-${index}`, `${correlation.key} against cost per trace (USD)`, {
      type: 'scatter',
      data: {
        datasets: [
          {
            label: correlation.key,
            data: correlation.points.map(([x, costUsd]) => ({ x, y: costUsd })),
            backgroundColor: colour(theme, index),
          },
        ],
      },
      options: axes(theme, correlation.key, 'Cost per trace (USD)', { linearX: true }),
    });
  }
  box.append(lines, grid);
  return box;
}
