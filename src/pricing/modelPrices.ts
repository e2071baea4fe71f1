/**
 * Langfuse's default model price table and the cost rules Langfuse applies with it. A cost
 * comes from the model whose `matchPattern` matches the provided model name, then the pricing
 * tier whose conditions hold, then the price of every usage key that the tier prices.
 *
 * The table is Langfuse's `worker/src/constants/default-model-prices.json` (MIT), see SOURCE.md.
 */
import priceTable from './langfuse-model-prices.json';

export interface UsageCondition {
  usageDetailPattern: string;
  operator: 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';
  value: number;
  caseSensitive: boolean;
}

export interface AttributeCondition {
  source: 'model_parameters' | 'metadata';
  key: string;
  operator: 'in';
  values: string[];
}

export type PricingTierCondition = UsageCondition | AttributeCondition;

export interface PricingTier {
  id: string;
  name: string;
  isDefault: boolean;
  priority: number;
  conditions: PricingTierCondition[];
  /** USD per usage unit, by usage key. */
  prices: Record<string, number>;
}

export interface ModelPrice {
  id: string;
  modelName: string;
  /** A regular expression in Langfuse's syntax; a leading `(?i)` means case-insensitive. */
  matchPattern: string;
  createdAt: string;
  updatedAt: string;
  tokenizerId?: string | null;
  tokenizerConfig?: unknown;
  pricingTiers: PricingTier[];
}

/** Attributes of an observation that tier conditions can test. */
export interface PricingContext {
  usageDetails: Record<string, number>;
  modelParameters?: Record<string, unknown> | null;
  metadata?: Record<string, unknown> | null;
}

export interface CostResult {
  tier: PricingTier;
  /** USD by usage key, only for keys the tier has a price for. */
  costDetails: Record<string, number>;
  totalCostUsd: number;
}

export const MODEL_PRICES: readonly ModelPrice[] = priceTable as ModelPrice[];

const compiledPatterns = new Map<string, RegExp>();

/**
 * Compiles a Langfuse match pattern. JavaScript has no inline `(?i)`, so it becomes the `i` flag.
 */
export function compileMatchPattern(pattern: string): RegExp {
  const cached = compiledPatterns.get(pattern);
  if (cached) {
    return cached;
  }

  const caseInsensitive = pattern.startsWith('(?i)');
  const source = caseInsensitive ? pattern.slice('(?i)'.length) : pattern;
  const compiled = new RegExp(source, caseInsensitive ? 'i' : '');
  compiledPatterns.set(pattern, compiled);
  return compiled;
}

/**
 * Finds the price entry for a provided model name, or undefined when Langfuse has no price for it.
 * NOTE: Langfuse prefers custom models and the newest `startDate`; this table has neither, so
 * the first match wins.
 */
export function findModelPrice(
  providedModelName: string,
  table: readonly ModelPrice[] = MODEL_PRICES,
): ModelPrice | undefined {
  return table.find((model) => compileMatchPattern(model.matchPattern).test(providedModelName));
}

export function defaultTier(model: ModelPrice): PricingTier {
  const tier = model.pricingTiers.find((candidate) => candidate.isDefault);
  if (!tier) {
    throw new Error(`Model price ${model.modelName} has no default pricing tier.`);
  }
  return tier;
}

/** Picks the first conditional tier, by ascending priority, whose conditions all hold. */
export function selectPricingTier(model: ModelPrice, context: PricingContext): PricingTier {
  const conditional = model.pricingTiers
    .filter((tier) => !tier.isDefault)
    .sort((a, b) => a.priority - b.priority);

  for (const tier of conditional) {
    if (tier.conditions.every((condition) => conditionHolds(condition, context))) {
      return tier;
    }
  }

  return defaultTier(model);
}

/** Prices the usage with the tier that applies; the total is the sum of the per-key costs. */
export function computeCost(model: ModelPrice, context: PricingContext): CostResult {
  const tier = selectPricingTier(model, context);
  const costDetails: Record<string, number> = {};
  let totalCostUsd = 0;

  for (const [usageKey, units] of Object.entries(context.usageDetails)) {
    const price = tier.prices[usageKey];
    if (price === undefined) {
      continue;
    }
    const cost = units * price;
    costDetails[usageKey] = cost;
    totalCostUsd += cost;
  }

  return { tier, costDetails, totalCostUsd };
}

function conditionHolds(condition: PricingTierCondition, context: PricingContext): boolean {
  if ('usageDetailPattern' in condition) {
    return usageConditionHolds(condition, context.usageDetails);
  }

  const attributes =
    condition.source === 'model_parameters' ? context.modelParameters : context.metadata;
  const value = attributes?.[condition.key];
  return typeof value === 'string' && condition.values.includes(value);
}

function usageConditionHolds(condition: UsageCondition, usageDetails: Record<string, number>) {
  const pattern = new RegExp(condition.usageDetailPattern, condition.caseSensitive ? '' : 'i');
  let sum = 0;
  for (const [key, units] of Object.entries(usageDetails)) {
    if (pattern.test(key)) {
      sum += units;
    }
  }

  switch (condition.operator) {
    case 'gt':
      return sum > condition.value;
    case 'gte':
      return sum >= condition.value;
    case 'lt':
      return sum < condition.value;
    case 'lte':
      return sum <= condition.value;
    case 'eq':
      return sum === condition.value;
    case 'neq':
      return sum !== condition.value;
  }
}
