import type { BreakdownRow, InsightsModel } from '../../../src/shared/protocol';
import { count, el, percent, seconds, section, usd } from './dom';

type SortColumn = 'key' | 'cost' | 'tokens' | 'p50' | 'p95' | 'errorRate' | 'traces';

interface Column {
  id: SortColumn;
  header: string;
  value: (row: BreakdownRow) => number | string | null;
  text: (row: BreakdownRow) => string;
}

const COLUMNS: Column[] = [
  { id: 'key', header: 'Group', value: (row) => row.key, text: (row) => row.key },
  { id: 'cost', header: 'Cost (USD)', value: (row) => row.costUsd, text: costText },
  {
    id: 'tokens',
    header: 'Tokens',
    value: (row) => row.totalTokens,
    text: (row) => count(row.totalTokens),
  },
  {
    id: 'p50',
    header: 'p50 latency',
    value: (row) => row.p50Seconds,
    text: (row) => seconds(row.p50Seconds),
  },
  {
    id: 'p95',
    header: 'p95 latency',
    value: (row) => row.p95Seconds,
    text: (row) => seconds(row.p95Seconds),
  },
  {
    id: 'errorRate',
    header: 'Error rate',
    value: (row) => row.errorRate,
    text: (row) => percent(row.errorRate),
  },
  { id: 'traces', header: 'Traces', value: (row) => row.traces, text: (row) => count(row.traces) },
];

let sortColumn: SortColumn = 'cost';
let sortDescending = true;

/** The breakdown table: sortable by any column, `(other)` last, drill-down per group. */
export function renderBreakdown(
  model: InsightsModel,
  openTrace: (dimension: string, key: string) => void,
  redraw: () => void,
): HTMLElement {
  const breakdown = model.breakdown;
  if (!breakdown) {
    const empty = section('insight-breakdown', 'Breakdown');
    empty.append(el('p', 'muted', `No breakdown for ${model.view.dimension}.`));
    return empty;
  }

  const shown = breakdown.rows.filter((row) => row.key !== '(other)').length;
  const level =
    breakdown.level === 'trace'
      ? 'Trace dimension: trace latency, each trace counted once per group.'
      : 'Observation dimension: observation latency, and a trace can count in several groups.';
  const box = section(
    'insight-breakdown',
    `Breakdown by ${breakdown.dimension}`,
    `${level} Top ${shown} of ${breakdown.totalGroups} groups.`,
  );

  const table = el('table', 'data-table sortable');
  table.id = 'breakdown-table';
  const headRow = el('tr');
  for (const column of COLUMNS) {
    const th = el('th', 'sort-header', column.header);
    th.dataset.sort = column.id;
    if (column.id === sortColumn) {
      th.classList.add(sortDescending ? 'sorted-desc' : 'sorted-asc');
      th.setAttribute('aria-sort', sortDescending ? 'descending' : 'ascending');
    }
    th.addEventListener('click', () => {
      sortDescending = column.id === sortColumn ? !sortDescending : column.id !== 'key';
      sortColumn = column.id;
      redraw();
    });
    headRow.append(th);
  }
  headRow.append(el('th', undefined, 'Trace'));
  const head = el('thead');
  head.append(headRow);

  const body = el('tbody');
  for (const row of sortRows(breakdown.rows)) {
    const tr = el('tr');
    tr.dataset.group = row.key;
    for (const column of COLUMNS) {
      tr.append(el('td', column.id === 'key' ? 'group-key' : 'number', column.text(row)));
    }
    const action = el('td');
    if (row.canOpenTrace) {
      const open = el('button', 'link-button', 'Open');
      open.title = 'Open the most expensive trace of this group in Langfuse';
      open.addEventListener('click', () => openTrace(breakdown.dimension, row.key));
      action.append(open);
    }
    tr.append(action);
    body.append(tr);
  }
  table.append(head, body);
  box.append(table);
  return box;
}

function sortRows(rows: readonly BreakdownRow[]): BreakdownRow[] {
  const column = COLUMNS.find((candidate) => candidate.id === sortColumn) ?? COLUMNS[1];
  const groups = rows.filter((row) => row.key !== '(other)');
  const other = rows.filter((row) => row.key === '(other)');
  groups.sort((left, right) => {
    const a = column?.value(left) ?? null;
    const b = column?.value(right) ?? null;
    if (a === b) {
      return left.key.localeCompare(right.key);
    }
    if (a === null) {
      return 1;
    }
    if (b === null) {
      return -1;
    }
    const order = typeof a === 'string' ? a.localeCompare(String(b)) : a - Number(b);
    return sortDescending ? -order : order;
  });
  return [...groups, ...other];
}

function costText(row: BreakdownRow): string {
  const parts = [usd(row.costUsd)];
  if (row.estimatedCostUsd > 0) {
    parts.push(`+ ${usd(row.estimatedCostUsd)} estimate`);
  } else if (row.unpricedObservations > 0) {
    parts.push(`(${count(row.unpricedObservations)} unpriced)`);
  }
  return parts.join(' ');
}
