import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';

// The Chart.js parts every chart of the page uses, registered once for the whole bundle.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
);

export type ChartSizes = Record<string, { labels: number; datasetLengths: number[] }>;

/** The charts a part of the page has drawn, by id, so they can be replaced and measured. */
export class ChartRegistry {
  private readonly charts = new Map<string, Chart>();

  /** Stores a chart, destroying the one drawn before under the same id. */
  set(id: string, chart: Chart): void {
    this.charts.get(id)?.destroy();
    this.charts.set(id, chart);
  }

  destroyAll(): void {
    for (const chart of this.charts.values()) {
      chart.destroy();
    }
    this.charts.clear();
  }

  /** Returns the number of labels and data points each chart draws, for the snapshot. */
  sizes(): ChartSizes {
    const sizes: ChartSizes = {};
    for (const [id, chart] of this.charts) {
      sizes[id] = {
        labels: chart.data.labels?.length ?? 0,
        datasetLengths: chart.data.datasets.map((dataset) => dataset.data.length),
      };
    }
    return sizes;
  }
}
