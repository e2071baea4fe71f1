import { Chart, type ChartConfiguration, type ChartDataset } from 'chart.js';
import type { DashboardModel } from '../../src/shared/protocol';
import { ChartRegistry, type ChartSizes } from './chartRegistry';
import type { ChartTheme } from './theme';

export const CHART_IDS = ['cost', 'tokens', 'latency', 'errors', 'traces'] as const;
export type ChartId = (typeof CHART_IDS)[number];

const charts = new ChartRegistry();

/** Draws every chart anew from the model, with the theme's colours. */
export function drawCharts(model: DashboardModel, theme: ChartTheme): void {
  destroyCharts();
  for (const id of CHART_IDS) {
    const canvas = document.getElementById(`chart-${id}`);
    if (!(canvas instanceof HTMLCanvasElement)) {
      continue;
    }
    charts.set(id, new Chart(canvas, configFor(id, model, theme)));
  }
}

export function destroyCharts(): void {
  charts.destroyAll();
}

/** Returns the number of labels and data points each chart draws, for the snapshot. */
export function chartSizes(): ChartSizes {
  return charts.sizes();
}

function configFor(id: ChartId, model: DashboardModel, theme: ChartTheme): ChartConfiguration {
  const color = (index: number): string => theme.series[index % theme.series.length] ?? '#3794ff';
  const bars = (label: string, data: number[], index: number): ChartDataset<'bar'> => ({
    label,
    data,
    backgroundColor: color(index),
    borderColor: color(index),
  });

  switch (id) {
    case 'cost':
      return {
        type: 'bar',
        data: {
          labels: model.days,
          datasets: model.costByModel.map((series, index) =>
            bars(series.name, series.values, index),
          ),
        },
        options: baseOptions(theme, 'Day', 'Cost (USD)', true),
      };
    case 'tokens':
      return {
        type: 'bar',
        data: {
          labels: model.days,
          datasets: [
            bars('Input tokens', model.inputTokensPerDay, 0),
            bars('Output tokens', model.outputTokensPerDay, 1),
          ],
        },
        options: baseOptions(theme, 'Day', 'Tokens', false),
      };
    case 'latency':
      return {
        type: 'bar',
        data: {
          labels: model.latencyByType.map((entry) => entry.type),
          datasets: [
            bars(
              'p50',
              model.latencyByType.map((entry) => entry.p50),
              2,
            ),
            bars(
              'p95',
              model.latencyByType.map((entry) => entry.p95),
              1,
            ),
            bars(
              'p99',
              model.latencyByType.map((entry) => entry.p99),
              4,
            ),
          ],
        },
        options: baseOptions(theme, 'Observation type', 'Latency (seconds)', false),
      };
    case 'errors':
      return {
        type: 'line',
        data: {
          labels: model.days,
          datasets: [
            {
              label: 'Error rate',
              data: model.errorRatePercentPerDay,
              borderColor: color(4),
              backgroundColor: color(4),
              tension: 0.2,
            },
          ],
        },
        options: baseOptions(theme, 'Day', 'Error rate (% of traces)', false),
      };
    case 'traces':
      return {
        type: 'bar',
        data: { labels: model.days, datasets: [bars('Traces', model.tracesPerDay, 0)] },
        options: baseOptions(theme, 'Day', 'Traces', false),
      };
  }
}

function baseOptions(
  theme: ChartTheme,
  xTitle: string,
  yTitle: string,
  stacked: boolean,
): ChartConfiguration['options'] {
  const axisTitle = (text: string) => ({ display: true, text, color: theme.foreground });
  const ticks = { color: theme.foreground };
  const grid = { color: theme.grid };

  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    color: theme.foreground,
    font: { family: theme.fontFamily },
    plugins: {
      legend: { labels: { color: theme.foreground, boxWidth: 12 } },
      tooltip: { mode: 'index', intersect: false },
    },
    scales: {
      x: { stacked, title: axisTitle(xTitle), ticks, grid },
      y: { stacked, beginAtZero: true, title: axisTitle(yTitle), ticks, grid },
    },
  };
}
