import type { InsightsModel } from '../../../src/shared/protocol';
import { count, el, section, usd } from './dom';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * The hour-of-day by day-of-week grid of traffic or cost. Cell shade comes from a CSS custom
 * property set through the CSSOM, which the page's CSP allows where `style=` is not.
 */
export function renderHeatmap(
  model: InsightsModel,
  metric: 'traces' | 'cost',
  setMetric: (metric: 'traces' | 'cost') => void,
): HTMLElement {
  const box = section(
    'insight-heatmap',
    `When traffic happens: ${metric === 'traces' ? 'traces' : 'cost (USD)'} by hour and weekday`,
    'Hours in the report time zone; a trace counts in the hour its first observation starts.',
  );

  const toggle = el('div', 'controls');
  for (const option of ['traces', 'cost'] as const) {
    const button = el(
      'button',
      option === metric ? 'toggle active' : 'toggle',
      option === 'traces' ? 'Traces' : 'Cost',
    );
    button.addEventListener('click', () => setMetric(option));
    toggle.append(button);
  }
  box.append(toggle);

  const values = metric === 'traces' ? model.heatmap.traces : model.heatmap.costUsd;
  const max = Math.max(0, ...values);
  const grid = el('div', 'heatmap');
  grid.id = 'heatmap-grid';
  grid.append(el('div', 'heatmap-corner'));
  for (let hour = 0; hour < 24; hour++) {
    grid.append(el('div', 'heatmap-hour', hour % 3 === 0 ? String(hour).padStart(2, '0') : ''));
  }
  for (let day = 0; day < 7; day++) {
    grid.append(el('div', 'heatmap-day', WEEKDAYS[day]));
    for (let hour = 0; hour < 24; hour++) {
      const index = day * 24 + hour;
      const traces = model.heatmap.traces[index] ?? 0;
      const costUsd = model.heatmap.costUsd[index] ?? 0;
      const cell = el('div', 'heatmap-cell');
      const value = values[index] ?? 0;
      cell.style.setProperty('--level', max > 0 ? (value / max).toFixed(3) : '0');
      cell.title = `${WEEKDAYS[day]} ${String(hour).padStart(2, '0')}:00: ${count(traces)} traces, ${usd(costUsd)}`;
      grid.append(cell);
    }
  }
  box.append(grid);
  box.append(
    el(
      'p',
      'muted note',
      `Darkest cell: ${metric === 'traces' ? count(max) + ' traces' : usd(max)}.`,
    ),
  );
  return box;
}
