import type { InsightsModel } from './types';
import type { ViewChange } from './controls';
import { count, el, section, select, textTable, usd } from './dom';

/** Model A -> model B: the recorded usage repriced, with the saving or increase per trace name. */
export function renderWhatIf(model: InsightsModel, change: ViewChange): HTMLElement {
  const box = section(
    'insight-what-if',
    'What-if: replace a model',
    "Reprices model A's recorded usage at model B's price from the price table.",
  );
  const current = /^\s*(.+?)\s*(?:->|=)\s*(.+?)\s*$/.exec(model.view.whatIf);
  const from = current?.[1] ?? model.models[0] ?? '';
  const to = current?.[2] ?? model.models[1] ?? model.models[0] ?? '';
  const models = [...new Set([from, to, ...model.models].filter((name) => name !== ''))];
  const options = models.map((name) => ({ value: name, text: name }));

  const pickers = el('div', 'controls');
  pickers.append(
    select('Model A', 'what-if-from', options, from, (next) => change({ whatIf: `${next}=${to}` })),
    select('Model B', 'what-if-to', options, to, (next) => change({ whatIf: `${from}=${next}` })),
  );
  const run = el('button', 'toggle', model.view.whatIf === '' ? 'Compute' : 'Clear');
  run.id = 'what-if-run';
  run.addEventListener('click', () =>
    change({ whatIf: model.view.whatIf === '' ? `${from}=${to}` : '' }),
  );
  pickers.append(run);
  box.append(pickers);

  const whatIf = model.whatIf;
  if (!whatIf) {
    box.append(el('p', 'muted', 'Pick two models and compute.'));
    return box;
  }

  const verb = whatIf.differenceUsd <= 0 ? 'saves' : 'adds';
  box.append(
    el(
      'p',
      'what-if-total',
      `${whatIf.fromModel} -> ${whatIf.toModel} ${verb} ${usd(Math.abs(whatIf.differenceUsd))}: ` +
        `${usd(whatIf.actualCostUsd)} actual, ${usd(whatIf.whatIfCostUsd)} what-if, over ` +
        `${count(whatIf.observations)} observations. Price of ${whatIf.toModel}: ${whatIf.priceSource}.`,
    ),
  );
  if (whatIf.unpricedUsageKeys.length > 0) {
    box.append(
      el(
        'p',
        'view-error',
        `${whatIf.toModel} has no price for usage keys ${whatIf.unpricedUsageKeys.join(', ')}; ` +
          'those units count as $0 in the what-if.',
      ),
    );
  }
  const table = textTable(
    ['Trace name', 'Actual (USD)', 'What-if (USD)', 'Difference (USD)'],
    whatIf.byTraceName.map((group) => [
      group.traceName,
      usd(group.actualCostUsd),
      usd(group.whatIfCostUsd),
      group.differenceUsd > 0 ? `+${usd(group.differenceUsd)}` : usd(group.differenceUsd),
    ]),
  );
  table.id = 'what-if-table';
  box.append(table);
  return box;
}

/** Unpriced observations, and the estimate switch. */
export function renderPricing(model: InsightsModel, change: ViewChange): HTMLElement {
  const pricing = model.pricing;
  const box = section('insight-pricing', 'Unpriced observations');
  const line = el('p', 'pricing-line');
  line.id = 'pricing-line';
  if (pricing.unpricedObservations === 0) {
    line.textContent = 'Langfuse priced every observation in the range.';
  } else if (!model.view.estimateUnpriced) {
    line.textContent =
      `${count(pricing.unpricedObservations)} observations have no cost in Langfuse; the cost ` +
      'figures leave them out.';
  } else {
    line.textContent =
      `${count(pricing.unpricedObservations)} observations have no cost in Langfuse; ` +
      `${count(pricing.estimatedObservations)} of them priced from the price table: ` +
      `estimate ${usd(pricing.estimatedCostUsd)}, shown as "estimate" beside the cost.` +
      (pricing.modelsWithoutPrice.length > 0
        ? ` No price for: ${pricing.modelsWithoutPrice.join(', ')}.`
        : '');
  }
  box.append(line);

  const toggle = el('label', 'control');
  const checkbox = el('input');
  checkbox.type = 'checkbox';
  checkbox.id = 'estimate-unpriced';
  checkbox.checked = model.view.estimateUnpriced;
  checkbox.addEventListener('change', () => change({ estimateUnpriced: checkbox.checked }));
  toggle.append(
    checkbox,
    document.createTextNode(' Estimate unpriced observations from the price table'),
  );
  box.append(toggle);
  return box;
}
