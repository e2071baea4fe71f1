/**
 * A small seeded pseudo-random generator (mulberry32) and the distributions the data generator
 * draws from. Every trace gets its own stream from `streamSeed(seed, traceIndex, salt)`, so any
 * trace can be rebuilt alone and in any order.
 */

/** Mixes integers into one 32-bit seed with the murmur3 finaliser, so nearby inputs diverge. */
export function streamSeed(...parts: number[]): number {
  let hash = 0x9e3779b9;
  for (const part of parts) {
    hash = Math.imul(hash ^ (part >>> 0), 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
    hash = (hash + 0x6d2b79f5) >>> 0;
  }
  return hash >>> 0;
}

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Returns a uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Returns a uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) {
      throw new Error('Random.pick needs a non-empty list.');
    }
    return item;
  }

  /** Picks an item with probability proportional to its weight. */
  weighted<T>(items: readonly { weight: number; value: T }[]): T {
    let total = 0;
    for (const item of items) {
      total += item.weight;
    }

    let target = this.next() * total;
    for (const item of items) {
      target -= item.weight;
      if (target < 0) {
        return item.value;
      }
    }

    const last = items[items.length - 1];
    if (last === undefined) {
      throw new Error('Random.weighted needs a non-empty list.');
    }
    return last.value;
  }

  /** Returns a standard normal draw (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Returns a log-normal draw with this median; `sigma` is the spread of the underlying normal. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Returns eight random lowercase hex digits. */
  hex8(): string {
    return toHex8(Math.floor(this.next() * 4294967296));
  }
}

const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Formats the low 32 bits of an integer as eight lowercase hex digits. */
export function toHex8(value: number): string {
  const bits = value >>> 0;
  return (
    (BYTE_HEX[bits >>> 24] as string) +
    (BYTE_HEX[(bits >>> 16) & 0xff] as string) +
    (BYTE_HEX[(bits >>> 8) & 0xff] as string) +
    (BYTE_HEX[bits & 0xff] as string)
  );
}
