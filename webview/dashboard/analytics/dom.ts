// Builders that write every trace-derived string with textContent, never as HTML.

/** Creates an element with optional class and text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) {
    element.className = className;
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

/** A titled section with an id, for the page and the snapshot. */
export function section(id: string, title: string, note?: string): HTMLElement {
  const box = el('section', 'insight');
  box.id = id;
  box.append(el('h2', undefined, title));
  if (note) {
    box.append(el('p', 'muted note', note));
  }
  return box;
}

/** A table with text headers and text cells; returns the table and its body. */
export function textTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): HTMLTableElement {
  const table = el('table', 'data-table');
  const head = el('thead');
  const headRow = el('tr');
  for (const header of headers) {
    headRow.append(el('th', undefined, header));
  }
  head.append(headRow);
  const body = el('tbody');
  for (const row of rows) {
    const tr = el('tr');
    for (const cell of row) {
      tr.append(el('td', undefined, cell));
    }
    body.append(tr);
  }
  table.append(head, body);
  return table;
}

/** A labelled <select> with text options. */
export function select(
  label: string,
  id: string,
  options: readonly { value: string; text: string }[],
  value: string,
  onChange: (value: string) => void,
): HTMLLabelElement {
  const wrapper = el('label', 'control', `${label} `);
  const input = el('select');
  input.id = id;
  for (const option of options) {
    const item = el('option', undefined, option.text);
    item.value = option.value;
    input.append(item);
  }
  input.value = value;
  input.addEventListener('change', () => onChange(input.value));
  wrapper.append(input);
  return wrapper;
}

/** A labelled text input that reports its value on Enter or when it loses focus changed. */
export function textInput(
  label: string,
  id: string,
  value: string,
  placeholder: string,
  onCommit: (value: string) => void,
): HTMLLabelElement {
  const wrapper = el('label', 'control', `${label} `);
  const input = el('input');
  input.id = id;
  input.type = 'text';
  input.value = value;
  input.placeholder = placeholder;
  const commit = () => {
    if (input.value.trim() !== value) {
      onCommit(input.value.trim());
    }
  };
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      commit();
    }
  });
  input.addEventListener('change', commit);
  wrapper.append(input);
  return wrapper;
}

/** Formats USD with two decimals from one cent up and four below, as the host's tiles do. */
export function usd(costUsd: number | null | undefined): string {
  if (costUsd === null || costUsd === undefined || !Number.isFinite(costUsd)) {
    return 'n/a';
  }
  const abs = Math.abs(costUsd);
  if (abs === 0) {
    return '$0.00';
  }
  if (abs < 0.01) {
    return `${costUsd < 0 ? '-' : ''}$${abs.toFixed(4)}`;
  }
  return `${costUsd < 0 ? '-' : ''}$${abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function seconds(latencySeconds: number | null | undefined): string {
  if (latencySeconds === null || latencySeconds === undefined) {
    return 'n/a';
  }
  // Differences are negative too; the unit follows the magnitude, so one interval reads
  // [-1.90 s, +1.90 s] rather than [-1898 ms, +1.90 s].
  return Math.abs(latencySeconds) < 1
    ? `${Math.round(latencySeconds * 1000)} ms`
    : `${latencySeconds.toFixed(2)} s`;
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? 'n/a' : `${(rate * 100).toFixed(1)}%`;
}

export function decimal(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? 'n/a'
    : value.toFixed(digits);
}
