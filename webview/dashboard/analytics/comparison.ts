import type { InsightsModel, MetricComparisonRow } from './types';
import { count, decimal, el, percent, seconds, section, select, textTable, usd } from './dom';
import type { ViewChange } from './controls';

const COMPARABLE = ['release', 'version', 'tag', 'prompt', 'model', 'environment', 'traceName'];

/** Picks a dimension and two of its values, and shows the variants side by side. */
export function renderComparison(model: InsightsModel, change: ViewChange): HTMLElement {
  const box = section(
    'insight-comparison',
    'A/B comparison',
    'Means per trace; B - A with a 95% bootstrap interval. "Larger than noise" when the ' +
      'interval excludes 0.',
  );
  const current = /^\s*([^=]+?)\s*=\s*([^,]+?)\s*,\s*([^,]+?)\s*$/.exec(model.view.compare);
  const dimension = current?.[1] ?? 'release';
  const values = model.dimensionValues[dimension] ?? [];
  const a = current?.[2] ?? values[0] ?? '';
  const b = current?.[3] ?? values[1] ?? '';
  const options = (list: readonly string[]) => list.map((value) => ({ value, text: value }));
  const withCurrent = (value: string) =>
    value && !values.includes(value) ? [value, ...values] : values;

  const pickers = el('div', 'controls');
  pickers.append(
    select('Dimension', 'compare-dimension', options(COMPARABLE), dimension, (next) => {
      const nextValues = model.dimensionValues[next] ?? [];
      if (nextValues.length >= 2) {
        change({ compare: `${next}=${nextValues[0]},${nextValues[1]}` });
      }
    }),
    select('A', 'compare-a', options(withCurrent(a)), a, (next) =>
      change({ compare: `${dimension}=${next},${b}` }),
    ),
    select('B', 'compare-b', options(withCurrent(b)), b, (next) =>
      change({ compare: `${dimension}=${a},${next}` }),
    ),
  );
  if (model.view.compare !== '') {
    const clear = el('button', 'toggle', 'Clear');
    clear.addEventListener('click', () => change({ compare: '' }));
    pickers.append(clear);
  } else if (values.length >= 2) {
    const run = el('button', 'toggle', 'Compare');
    run.id = 'compare-run';
    run.addEventListener('click', () => change({ compare: `${dimension}=${a},${b}` }));
    pickers.append(run);
  }
  box.append(pickers);

  const comparison = model.comparison;
  if (!comparison) {
    box.append(el('p', 'muted', 'Pick a dimension and two values to compare.'));
    return box;
  }

  box.append(
    el(
      'p',
      'muted note',
      `A = ${comparison.a}: ${count(comparison.tracesA)} traces · B = ${comparison.b}: ` +
        `${count(comparison.tracesB)} traces · ${count(comparison.tracesInBoth)} traces with ` +
        `both left out · ${comparison.resamples} resamples, seed ${comparison.seed}`,
    ),
  );
  const rows = comparison.metrics.map((metric) => comparisonRow(metric));
  rows.push([
    'p95 latency',
    seconds(comparison.latencyA?.p95),
    seconds(comparison.latencyB?.p95),
    comparison.latencyA && comparison.latencyB
      ? signed(comparison.latencyB.p95 - comparison.latencyA.p95, seconds)
      : 'n/a',
    'no test',
  ]);
  const table = textTable(
    ['Metric', `A: ${comparison.a}`, `B: ${comparison.b}`, 'B - A (95% interval)', 'Verdict'],
    rows,
  );
  table.id = 'comparison-table';
  box.append(table);
  return box;
}

function comparisonRow(metric: MetricComparisonRow): string[] {
  const format = formatterOf(metric.metric);
  const interval = metric.interval
    ? ` [${signed(metric.interval[0], format)}, ${signed(metric.interval[1], format)}]`
    : '';
  const verdict =
    metric.difference === null
      ? 'too few traces'
      : metric.significant
        ? `larger than noise (${pValue(metric.mannWhitneyP)})`
        : `within noise (${pValue(metric.mannWhitneyP)})`;
  return [
    labelOf(metric.metric),
    metric.meanA === null ? 'n/a' : format(metric.meanA),
    metric.meanB === null ? 'n/a' : format(metric.meanB),
    metric.difference === null ? 'n/a' : `${signed(metric.difference, format)}${interval}`,
    verdict,
  ];
}

function pValue(p: number | null): string {
  if (p === null) {
    return 'no Mann-Whitney p';
  }
  return p < 0.001 ? 'Mann-Whitney p < 0.001' : `Mann-Whitney p ${decimal(p)}`;
}

function signed(value: number, format: (value: number) => string): string {
  return value > 0 ? `+${format(value)}` : format(value);
}

function labelOf(metric: string): string {
  switch (metric) {
    case 'costUsd':
      return 'Cost per trace (USD)';
    case 'totalTokens':
      return 'Tokens per trace';
    case 'latencySeconds':
      return 'Mean trace latency';
    case 'error':
      return 'Error rate';
    default:
      return metric.replace(/^score:/, 'Score ');
  }
}

function formatterOf(metric: string): (value: number) => string {
  switch (metric) {
    case 'costUsd':
      return usd;
    case 'totalTokens':
      return (value) => value.toFixed(1);
    case 'latencySeconds':
      return seconds;
    case 'error':
      return percent;
    default:
      return (value) => decimal(value);
  }
}
