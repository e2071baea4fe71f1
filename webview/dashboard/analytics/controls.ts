import type { AnalyticsView, InsightsModel } from '../../../src/shared/protocol';
import { el, section, select } from './dom';

export type ViewChange = (next: Partial<AnalyticsView>) => void;

const GRANULARITIES: AnalyticsView['granularity'][] = ['hour', 'day', 'week', 'month'];

/**
 * Renders the filter chips with their add box, and the pickers of the breakdown's dimension and
 * the series' granularity.
 */
export function renderControls(model: InsightsModel, change: ViewChange): HTMLElement {
  const box = section('insight-controls', 'Analytics');

  const chips = el('div', 'chips');
  chips.id = 'filter-chips';
  for (const filter of model.filters) {
    const chip = el('span', 'chip');
    chip.dataset.filter = filter.text;
    chip.append(el('span', 'chip-text', filter.text));
    if (filter.pushedDown) {
      const badge = el('span', 'chip-badge', 'API');
      badge.title = 'Also sent to the Langfuse API as a query parameter, so less data is read.';
      chip.append(badge);
    }
    const remove = el('button', 'chip-remove', '×');
    remove.title = `Remove filter ${filter.text}`;
    remove.setAttribute('aria-label', `Remove filter ${filter.text}`);
    remove.addEventListener('click', () =>
      change({ filters: model.view.filters.filter((text) => text !== filter.text) }),
    );
    chip.append(remove);
    chips.append(chip);
  }

  const add = el('input', 'chip-input');
  add.id = 'filter-input';
  add.type = 'text';
  add.placeholder = 'Add filter: environment = production, tags all-of a,b, helpfulness >= 0.8';
  add.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && add.value.trim() !== '') {
      change({ filters: [...model.view.filters, add.value.trim()] });
    }
  });
  chips.append(add);
  box.append(chips);

  for (const message of model.viewErrors) {
    box.append(el('p', 'view-error', message));
  }

  const pickers = el('div', 'controls');
  pickers.append(
    select(
      'Break down by',
      'dimension-picker',
      model.dimensions.map((name) => ({ value: name, text: name })),
      model.view.dimension,
      (dimension) => change({ dimension }),
    ),
    metadataInput(model, change),
    select(
      'Granularity',
      'granularity-picker',
      GRANULARITIES.map((value) => ({ value, text: value })),
      model.view.granularity,
      (granularity) => change({ granularity: granularity as AnalyticsView['granularity'] }),
    ),
  );
  box.append(pickers);
  return box;
}

function metadataInput(model: InsightsModel, change: ViewChange): HTMLElement {
  const wrapper = el('label', 'control', 'or metadata key ');
  const input = el('input');
  input.id = 'metadata-key';
  input.type = 'text';
  input.placeholder = 'region';
  const current = /^metadata[:.](.+)$/i.exec(model.view.dimension);
  input.value = current?.[1] ?? '';
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && input.value.trim() !== '') {
      change({ dimension: `metadata:${input.value.trim()}` });
    }
  });
  wrapper.append(input);
  return wrapper;
}
