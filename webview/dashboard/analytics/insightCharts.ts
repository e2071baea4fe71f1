import { Chart, type ChartConfiguration } from 'chart.js';
import { ChartRegistry, type ChartSizes } from '../chartRegistry';
import type { ChartTheme } from '../theme';

const charts = new ChartRegistry();

/** Adds a titled chart box to `parent` and draws the chart once the box is in the page. */
export function chartBox(
  parent: HTMLElement,
  id: string,
  caption: string,
  config: ChartConfiguration,
): void {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  const title = document.createElement('figcaption');
  title.textContent = caption;
  const box = document.createElement('div');
  box.className = 'canvas-box';
  const canvas = document.createElement('canvas');
  canvas.id = `chart-${id}`;
  box.append(canvas);
  figure.append(title, box);
  parent.append(figure);
  charts.set(id, new Chart(canvas, config));
}

export function destroyInsightCharts(): void {
  charts.destroyAll();
}

export function insightChartSizes(): ChartSizes {
  return charts.sizes();
}

/** Shared axis and legend options with the theme's colours and titled axes (units included). */
export function axes(
  theme: ChartTheme,
  xTitle: string,
  yTitle: string,
  options: { stacked?: boolean; linearX?: boolean } = {},
): ChartConfiguration['options'] {
  const title = (text: string) => ({ display: true, text, color: theme.foreground });
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
      tooltip: { mode: options.linearX ? 'nearest' : 'index', intersect: false },
    },
    scales: {
      x: {
        type: options.linearX ? 'linear' : 'category',
        stacked: options.stacked ?? false,
        title: title(xTitle),
        ticks,
        grid,
      },
      y: {
        stacked: options.stacked ?? false,
        beginAtZero: true,
        title: title(yTitle),
        ticks,
        grid,
      },
    },
  };
}

export function colour(theme: ChartTheme, index: number): string {
  return theme.series[index % theme.series.length] ?? '#3794ff';
}
