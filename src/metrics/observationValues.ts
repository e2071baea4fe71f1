import type { Observation } from '../langfuse/types';

/**
 * Returns the cost of one observation in USD. The cost Langfuse recorded (`totalCostUsd`) wins.
 * When it is null, the cost is `costDetails.total` if present, else the sum of the
 * `costDetails` values, which is 0 when there are none.
 */
export function observationCostUsd(observation: Observation): number {
  const recorded = observation.totalCostUsd;
  if (recorded != null) {
    return finiteOrZero(recorded);
  }

  const details = observation.costDetails;
  const total = details.total;
  if (total !== undefined) {
    return finiteOrZero(total);
  }

  let sum = 0;
  for (const key in details) {
    sum += finiteOrZero(details[key]);
  }
  return sum;
}

/**
 * Tells whether an observation is unpriced: it names a model (non-empty `model`) but Langfuse
 * recorded no cost for it (`totalCostUsd` null and `costDetails` empty).
 */
export function isUnpriced(observation: Observation): boolean {
  if (!observation.model || observation.totalCostUsd != null) {
    return false;
  }

  for (const key in observation.costDetails) {
    if (Object.prototype.hasOwnProperty.call(observation.costDetails, key)) {
      return false;
    }
  }
  return true;
}

/** Token counts of one observation, written into a reused object to spare an allocation. */
export interface TokenCounts {
  input: number;
  output: number;
  total: number;
}

/**
 * Reads the token counts of one observation into `into`, as Langfuse's dashboards count them.
 * Input sums the usage keys whose name contains `input` (`input`, `input_cached_tokens`,
 * `cache_read_input_tokens`...) and output the keys that contain `output`. Total is the `total`
 * key where present, else the sum of all keys.
 */
export function readTokenCounts(observation: Observation, into: TokenCounts): void {
  const usage = observation.usageDetails;
  let input = 0;
  let output = 0;
  let sum = 0;

  for (const key in usage) {
    const units = finiteOrZero(usage[key]);
    if (key === 'total') {
      continue;
    }

    sum += units;
    if (key.includes('input')) {
      input += units;
    } else if (key.includes('output')) {
      output += units;
    }
  }

  const total = usage.total;
  into.input = input;
  into.output = output;
  into.total = total === undefined ? sum : finiteOrZero(total);
}

function finiteOrZero(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
