/**
 * A running sum with Neumaier compensation, so that adding a million small costs does not drift
 * by the float error a plain `+=` accumulates.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const next = this.sum + value;
    this.compensation += lostBits(this.sum, value, next);
    this.sum = next;
  }

  value(): number {
    return this.sum + this.compensation;
  }
}

/** Rounds a cost in USD to 12 decimal places, the precision the report promises. */
export function roundCostUsd(costUsd: number): number {
  const rounded = Number(costUsd.toFixed(12));
  return rounded === 0 ? 0 : rounded;
}

/** Returns the low-order bits that rounding dropped when `next` was computed as `sum + value`. */
export function lostBits(sum: number, value: number, next: number): number {
  // The dropped bits belong to whichever operand is smaller in magnitude.
  if (Math.abs(sum) >= Math.abs(value)) {
    return sum - next + value;
  }
  return value - next + sum;
}
