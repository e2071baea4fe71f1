import type {
  AnalyticsSnapshot,
  AnalyticsView,
  InsightsModel,
  WebviewToHostMessage,
} from '../../../src/shared/protocol';
import type { ChartTheme } from '../theme';
import { renderBreakdown } from './breakdown';
import { renderComparison } from './comparison';
import { renderControls } from './controls';
import { renderHeatmap } from './heatmap';
import { destroyInsightCharts } from './insightCharts';
import { renderQuality } from './quality';
import { renderRoi } from './roi';
import { renderSeries, renderUsers } from './users';
import { renderPricing, renderWhatIf } from './whatIf';

let heatmapMetric: 'traces' | 'cost' = 'traces';

/** Draws every analytics section into `container`, replacing what was there. */
export function renderInsights(
  container: HTMLElement,
  model: InsightsModel,
  theme: ChartTheme,
  post: (message: WebviewToHostMessage) => void,
): void {
  destroyInsightCharts();
  container.replaceChildren();
  const scope = document.getElementById('scope');
  if (scope) {
    scope.textContent = model.scope;
  }
  const redraw = () => renderInsights(container, model, theme, post);
  const change = (next: Partial<AnalyticsView>) =>
    post({ type: 'setView', view: { ...model.view, ...next } });

  container.append(
    renderControls(model, change),
    renderBreakdown(model, (dimension, key) => post({ type: 'openTrace', dimension, key }), redraw),
    renderPricing(model, change),
  );
  container.append(renderSeries(model, theme));
  container.append(
    renderHeatmap(model, heatmapMetric, (metric) => {
      heatmapMetric = metric;
      redraw();
    }),
  );
  container.append(renderUsers(model, theme));
  container.append(renderQuality(model, change));
  container.append(renderComparison(model, change));
  container.append(renderRoi(model, change, theme));
  container.append(renderWhatIf(model, change));
}

export function clearInsights(container: HTMLElement): void {
  const scope = document.getElementById('scope');
  if (scope) {
    scope.textContent = '';
  }
  destroyInsightCharts();
  container.replaceChildren();
}

/** Reads the analytics sections' text back from the DOM, for tests. */
export function insightsSnapshot(): AnalyticsSnapshot {
  const texts = (selector: string) =>
    Array.from(document.querySelectorAll(selector)).map((node) => node.textContent ?? '');
  const rows = (selector: string) =>
    Array.from(document.querySelectorAll(`${selector} tbody tr`)).map((row) =>
      Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent ?? ''),
    );

  return {
    scope: document.getElementById('scope')?.textContent ?? '',
    filterChips: texts('#filter-chips .chip-text'),
    breakdownDimension: document.querySelector('#insight-breakdown h2')?.textContent ?? '',
    breakdownHeaders: texts('#breakdown-table thead th'),
    breakdownRows: rows('#breakdown-table'),
    heatmapCells: document.querySelectorAll('#heatmap-grid .heatmap-cell').length,
    heatmapTitles: Array.from(
      document.querySelectorAll<HTMLElement>('#heatmap-grid .heatmap-cell'),
    ).map((cell) => cell.title),
    comparisonRows: rows('#comparison-table'),
    whatIfRows: rows('#what-if-table'),
    correlationLines: texts('#correlation-lines li'),
    pricingLine: document.getElementById('pricing-line')?.textContent ?? '',
    topUsers: rows('#top-users').map((row) => row[0] ?? ''),
  };
}
