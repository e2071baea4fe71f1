import type { Observation } from '../langfuse/types';
import {
  compileMatchPattern,
  computeCost,
  MODEL_PRICES,
  type ModelPrice,
  type PricingTier,
} from './modelPrices';

/** Where a price came from, in the order a lookup tries them. */
export type PriceSource = 'override' | 'project' | 'bundled';

export interface PriceMatch {
  price: ModelPrice;
  source: PriceSource;
}

/**
 * User prices: model name to USD per usage unit by usage key, for example
 * `{ "my-model": { "input": 0.000001, "output": 0.000002 } }`. The name is matched exactly.
 */
export type PriceOverrides = Record<string, Record<string, number>>;

/**
 * Model prices from three sources: user overrides first, then the project's models from
 * `GET /api/public/models`, then Langfuse's bundled default table (see SOURCE.md).
 */
export class PriceTable {
  private readonly overrides: ModelPrice[];

  constructor(
    overrides: PriceOverrides = {},
    private readonly projectModels: readonly ModelPrice[] = [],
    private readonly bundled: readonly ModelPrice[] = MODEL_PRICES,
  ) {
    this.overrides = Object.entries(overrides).map(([modelName, prices]) =>
      overridePrice(modelName, prices),
    );
  }

  find(modelName: string): PriceMatch | undefined {
    const sources: [PriceSource, readonly ModelPrice[]][] = [
      ['override', this.overrides],
      ['project', this.projectModels],
      ['bundled', this.bundled],
    ];
    for (const [source, prices] of sources) {
      const price = prices.find((candidate) =>
        compileMatchPattern(candidate.matchPattern).test(modelName),
      );
      if (price) {
        return { price, source };
      }
    }
    return undefined;
  }

  /**
   * Prices an observation's recorded usage with the model's price, or returns undefined when
   * the table has no price for `modelName`.
   */
  costOf(observation: Observation, modelName = observation.model ?? ''): number | undefined {
    const match = modelName ? this.find(modelName) : undefined;
    if (!match) {
      return undefined;
    }
    return computeCost(match.price, {
      usageDetails: observation.usageDetails,
      metadata: observation.metadata ?? null,
    }).totalCostUsd;
  }
}

/** Builds a one-tier price entry that matches the model name exactly. */
export function overridePrice(modelName: string, prices: Record<string, number>): ModelPrice {
  for (const [usageKey, price] of Object.entries(prices)) {
    if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
      throw new RangeError(
        `The price override for ${modelName}.${usageKey} is ${JSON.stringify(price)}; ` +
          'use a non-negative number of USD per usage unit, for example 0.000002.',
      );
    }
  }
  const tier: PricingTier = {
    id: `override-${modelName}`,
    name: 'Override',
    isDefault: true,
    priority: 0,
    conditions: [],
    prices,
  };
  return {
    id: `override-${modelName}`,
    modelName,
    matchPattern: `^${escapeRegExp(modelName)}$`,
    createdAt: '',
    updatedAt: '',
    pricingTiers: [tier],
  };
}

/**
 * Converts one item of `GET /api/public/models` into a price entry. Newer servers send
 * `pricingTiers`, and older ones only `inputPrice`, `outputPrice` and `totalPrice` (USD per unit),
 * or a `prices` map of `{ price }` by usage key.
 */
export function modelPriceFromApi(raw: Record<string, unknown>): ModelPrice | undefined {
  if (typeof raw.modelName !== 'string' || typeof raw.matchPattern !== 'string') {
    return undefined;
  }

  const tiers = Array.isArray(raw.pricingTiers)
    ? (raw.pricingTiers as PricingTier[]).filter((tier) => tier && typeof tier.prices === 'object')
    : [];
  if (tiers.length === 0) {
    const prices = legacyPrices(raw);
    if (Object.keys(prices).length === 0) {
      return undefined;
    }
    tiers.push({
      id: `${String(raw.id)}-default`,
      name: 'Standard',
      isDefault: true,
      priority: 0,
      conditions: [],
      prices,
    });
  }

  return {
    id: String(raw.id ?? raw.modelName),
    modelName: raw.modelName,
    matchPattern: raw.matchPattern,
    createdAt: typeof raw.createdAt === 'string' ? raw.createdAt : '',
    updatedAt: typeof raw.updatedAt === 'string' ? raw.updatedAt : '',
    pricingTiers: tiers.map((tier) => ({ ...tier, prices: numericPrices(tier.prices) })),
  };
}

function legacyPrices(raw: Record<string, unknown>): Record<string, number> {
  const prices: Record<string, number> = {};
  const map = raw.prices;
  if (map !== null && typeof map === 'object') {
    for (const [key, entry] of Object.entries(map as Record<string, unknown>)) {
      const value = toNumber((entry as { price?: unknown } | null)?.price);
      if (value !== null) {
        prices[key] = value;
      }
    }
  }
  for (const [field, key] of [
    ['inputPrice', 'input'],
    ['outputPrice', 'output'],
    ['totalPrice', 'total'],
  ] as const) {
    const value = toNumber(raw[field]);
    if (value !== null && prices[key] === undefined) {
      prices[key] = value;
    }
  }
  return prices;
}

function numericPrices(prices: Record<string, unknown>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of Object.entries(prices)) {
    const parsed = toNumber(value);
    if (parsed !== null) {
      result[key] = parsed;
    }
  }
  return result;
}

function toNumber(value: unknown): number | null {
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
