import type { PriceOverrides } from './priceTable';

/**
 * Reads user prices from a setting or file value: `{ "model": { "input": 2.5e-6, ... } }` in USD
 * per usage unit. Invalid entries are left out, each with a message naming it and the fix.
 */
export function parsePriceOverrides(value: unknown): { prices: PriceOverrides; errors: string[] } {
  const prices: PriceOverrides = {};
  const errors: string[] = [];
  if (value === undefined || value === null) {
    return { prices, errors };
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push('prices must be an object of model name to {usage key: USD per unit}');
    return { prices, errors };
  }

  for (const [model, entry] of Object.entries(value as Record<string, unknown>)) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      errors.push(`prices.${model} must be an object such as {"input": 0.0000025}`);
      continue;
    }
    const perUnit: Record<string, number> = {};
    for (const [usageKey, price] of Object.entries(entry as Record<string, unknown>)) {
      if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
        errors.push(
          `prices.${model}.${usageKey} is ${JSON.stringify(price)}; use a USD amount per unit, ` +
            'at least 0',
        );
        continue;
      }
      perUnit[usageKey] = price;
    }
    if (Object.keys(perUnit).length > 0) {
      Object.defineProperty(prices, model, { value: perUnit, enumerable: true, writable: true });
    }
  }
  return { prices, errors };
}
