/** Formats USD amounts with two decimals from one cent up and four decimals below a cent. */
export function formatUsd(costUsd: number): string {
  const abs = Math.abs(costUsd);
  if (abs === 0) {
    return '$0.00';
  }
  if (abs < 0.01) {
    return `$${costUsd.toFixed(4)}`;
  }
  return `$${costUsd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Formats counts with thousands separators, and tokens above a million as `1.23M`. */
export function formatCount(value: number): string {
  if (Math.abs(value) >= 1_000_000) {
    return `${(value / 1_000_000).toFixed(2)}M`;
  }
  return Math.round(value).toLocaleString('en-US');
}

/** Formats a latency in seconds as milliseconds below one second, seconds above. */
export function formatSeconds(latencySeconds: number | null | undefined): string {
  if (latencySeconds == null) {
    return 'n/a';
  }
  if (latencySeconds < 1) {
    return `${Math.round(latencySeconds * 1000)} ms`;
  }
  return `${latencySeconds.toFixed(2)} s`;
}

/** Formats a rate between 0 and 1 as a percentage with one decimal. */
export function formatPercent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}
