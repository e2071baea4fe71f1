import type { Observation } from '../langfuse/types';
import { roundCostUsd } from '../metrics/compensatedSum';
import { computeCost } from '../pricing/modelPrices';
import type { PriceMatch, PriceTable } from '../pricing/priceTable';
import { MISSING_KEYS } from './dimensions';
import type { WhatIf, WhatIfGroup } from './types';

export interface WhatIfOptions {
  /** The provided model name to replace, matched exactly. */
  fromModel: string;
  /** The model whose price is applied to the replaced observations' recorded usage. */
  toModel: string;
}

/** Parses `gpt-4o=gpt-4o-mini` (or `gpt-4o->gpt-4o-mini`) into a what-if. */
export function parseWhatIf(text: string): WhatIfOptions {
  const match = /^\s*(.+?)\s*(?:->|=)\s*(.+?)\s*$/.exec(text);
  if (!match) {
    throw new RangeError(
      `Invalid what-if "${text}": write <model A>=<model B>, for example gpt-4o=gpt-4o-mini.`,
    );
  }
  return { fromModel: match[1] as string, toModel: match[2] as string };
}

class WhatIfSums {
  observations = 0;
  actualCostUsd = 0;
  whatIfCostUsd = 0;
}

/**
 * Recomputes the cost of every observation of model A with model B's price from its recorded
 * usage, summed per trace name. The actual cost is the recorded cost, or the estimate for an
 * unpriced observation when estimates are on.
 */
export class WhatIfAccumulator {
  private readonly target: PriceMatch;
  private readonly total = new WhatIfSums();
  private readonly byTraceName = new Map<string, WhatIfSums>();
  private readonly unpricedUsageKeys = new Set<string>();

  constructor(
    readonly options: WhatIfOptions,
    priceTable: PriceTable,
  ) {
    const target = priceTable.find(options.toModel);
    if (!target) {
      throw new RangeError(
        `No price for "${options.toModel}" in the price table; pick a model Langfuse prices ` +
          '(for example gpt-4o-mini) or add a price override for it.',
      );
    }
    this.target = target;
  }

  add(observation: Observation, actualCostUsd: number): void {
    if (observation.model !== this.options.fromModel) {
      return;
    }

    const tier = computeCost(this.target.price, {
      usageDetails: observation.usageDetails,
      metadata: observation.metadata ?? null,
    });
    for (const key of Object.keys(observation.usageDetails)) {
      if (key !== 'total' && tier.tier.prices[key] === undefined) {
        this.unpricedUsageKeys.add(key);
      }
    }

    const name = observation.traceName ?? MISSING_KEYS.traceName;
    let sums = this.byTraceName.get(name);
    if (sums === undefined) {
      sums = new WhatIfSums();
      this.byTraceName.set(name, sums);
    }
    for (const target of [sums, this.total]) {
      target.observations++;
      target.actualCostUsd += actualCostUsd;
      target.whatIfCostUsd += tier.totalCostUsd;
    }
  }

  build(): WhatIf {
    const byTraceName: WhatIfGroup[] = [...this.byTraceName.entries()]
      .map(([traceName, sums]) => ({ traceName, ...rounded(sums) }))
      .sort((a, b) => a.differenceUsd - b.differenceUsd || a.traceName.localeCompare(b.traceName));
    return {
      fromModel: this.options.fromModel,
      toModel: this.options.toModel,
      priceSource: this.target.source,
      ...rounded(this.total),
      unpricedUsageKeys: [...this.unpricedUsageKeys].sort(),
      byTraceName,
    };
  }
}

function rounded(sums: WhatIfSums): Omit<WhatIfGroup, 'traceName'> {
  return {
    observations: sums.observations,
    actualCostUsd: roundCostUsd(sums.actualCostUsd),
    whatIfCostUsd: roundCostUsd(sums.whatIfCostUsd),
    differenceUsd: roundCostUsd(sums.whatIfCostUsd - sums.actualCostUsd),
  };
}
