// Every message between the extension host and the dashboard webview. Both bundles import this
// module, so a change to a message shows up as a type error on both sides. The host sends
// aggregates only, never raw traces or observations.

import type {
  Comparison,
  CostPerQuality,
  Correlation,
  PricingSummary,
  ScoreAnalysis,
  Spender,
  WhatIf,
} from '../analytics/types';

/** One number tile on top of the dashboard, already formatted by the host. */
export interface DashboardTile {
  id: 'cost' | 'traces' | 'observations' | 'tokens' | 'p95' | 'errorRate' | 'users';
  label: string;
  value: string;
  detail?: string;
}

/** A named series of values, one per label of the chart it belongs to. */
export interface DashboardSeries {
  name: string;
  values: number[];
}

export interface DashboardModel {
  /** For example `Last 7 days`. */
  rangeLabel: string;
  /** The data's source, for example `Sample data` or the Langfuse origin. */
  sourceLabel: string;
  timeZone: string;
  /** ISO 8601 time of the load. */
  loadedAt: string;
  tiles: DashboardTile[];
  /** `YYYY-MM-DD` days of the range in the time zone, ascending. */
  days: string[];
  /** Cost per day in USD, one series per model, for a stacked bar chart. */
  costByModel: DashboardSeries[];
  inputTokensPerDay: number[];
  outputTokensPerDay: number[];
  tracesPerDay: number[];
  /** Error traces over traces per day, in percent. */
  errorRatePercentPerDay: number[];
  /** Observation latency percentiles in seconds, one entry per observation type. */
  latencyByType: { type: string; p50: number; p95: number; p99: number }[];
  /** The deeper analytics; null when the load did not compute them. */
  insights: InsightsModel | null;
  /** Says that Langfuse's Metrics API v2 served the figures, and in which days; else absent. */
  metricsNote?: string;
}

/**
 * The analytics sections' settings, chosen on the dashboard and kept per workspace. Texts use
 * the syntax of the matching `trace-insight report` option, so one parser serves both.
 */
export interface AnalyticsView {
  /** Breakdown dimension: `model`, `traceName`, `user`, … or `metadata:<key>`. */
  dimension: string;
  granularity: 'hour' | 'day' | 'week' | 'month';
  /** Filters as `--filter` takes them, for example `environment = production`. */
  filters: string[];
  /** `<dimension>=<A>,<B>` as `--compare` takes it, or empty for no comparison. */
  compare: string;
  /** `<model A>=<model B>` as `--what-if` takes it, or empty. */
  whatIf: string;
  /** Numeric metadata keys, comma-separated, as `--roi` takes them, or empty. */
  roiKeys: string;
  /** `<score> <operator> <number>` as `--quality` takes it, or empty. */
  quality: string;
  /** Price observations that Langfuse left unpriced from the price table, as estimates. */
  estimateUnpriced: boolean;
}

/** One group of the breakdown table; latencies in seconds. */
export interface BreakdownRow {
  key: string;
  costUsd: number;
  estimatedCostUsd: number;
  totalTokens: number;
  p50Seconds: number | null;
  p95Seconds: number | null;
  errorRate: number;
  traces: number;
  observations: number;
  unpricedObservations: number;
  /** True when the host can open the group's most expensive trace in Langfuse. */
  canOpenTrace: boolean;
}

export interface InsightsModel {
  /** The active range, zone, granularity and filter count, for the always-visible scope line. */
  scope: string;
  view: AnalyticsView;
  /** Parts of the view that were invalid and left out, as messages naming the value. */
  viewErrors: string[];
  /** The applied filters; `pushedDown` when the API applies it as a query parameter too. */
  filters: { text: string; pushedDown: boolean }[];
  /** Dimensions the breakdown picker offers. */
  dimensions: string[];
  breakdown: {
    dimension: string;
    level: 'trace' | 'observation';
    totalGroups: number;
    rows: BreakdownRow[];
  } | null;
  /** The time series at the view's granularity; bucket labels in the zone. */
  series: {
    labels: string[];
    costUsd: number[];
    traces: number[];
    inputTokens: number[];
    outputTokens: number[];
  };
  /** 168 cells, Monday 00:00 first, hour by hour, in the zone. */
  heatmap: { traces: number[]; costUsd: number[] };
  users: {
    users: number;
    sessions: number;
    costPerUserUsd: number;
    costPerSessionUsd: number;
    days: string[];
    activeUsers: number[];
    newUsers: number[];
    returningUsers: number[];
    sessionsPerDay: number[];
    topUsers: Spender[];
    topSessions: Spender[];
  };
  scores: ScoreAnalysis[];
  costPerQuality: CostPerQuality | null;
  comparison: Comparison | null;
  /** Group keys per dimension, for the comparison's value pickers. */
  dimensionValues: Record<string, string[]>;
  correlations: Correlation[];
  whatIf: WhatIf | null;
  /** Models seen in the range, for the what-if pickers. */
  models: string[];
  pricing: PricingSummary;
}

export type DashboardState =
  | { kind: 'loading'; message: string }
  | { kind: 'empty'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'data'; model: DashboardModel };

/** The webview's rendered content, read from its DOM, for tests. */
export interface DashboardSnapshot {
  stateKind: DashboardState['kind'];
  /** The text content of the state message, title and tiles as rendered. */
  message: string;
  title: string;
  /** The source, zone and load time line under the title, with the metrics API note. */
  subtitle?: string;
  tiles: { id: string; label: string; value: string }[];
  /** Chart id to the number of labels and of data points in each dataset. */
  charts: Record<string, { labels: number; datasetLengths: number[] }>;
  /** <img> elements in the page; the page has none, so any would come from injected markup. */
  imageElements: number;
  /** Content Security Policy violations the page observed since it loaded. */
  cspViolations: string[];
  /** The body's theme class: vscode-dark, vscode-light or a high-contrast class. */
  themeKind: string;
  /** The analytics sections as rendered; absent before data arrives. */
  analytics?: AnalyticsSnapshot;
}

/** Text of the analytics sections, read from the DOM. */
export interface AnalyticsSnapshot {
  /** The active range and zone line shown above the sections. */
  scope: string;
  filterChips: string[];
  breakdownDimension: string;
  breakdownHeaders: string[];
  /** Cells of each breakdown row as rendered, the group key first. */
  breakdownRows: string[][];
  /** Heatmap cells drawn, and their titles (`Mon 09:00: 12 traces, $0.10`). */
  heatmapCells: number;
  heatmapTitles: string[];
  /** Comparison table rows: metric, A, B, B - A, verdict. */
  comparisonRows: string[][];
  /** What-if table rows: trace name, actual, what-if, difference. */
  whatIfRows: string[][];
  /** Scatter points of the ROI charts and the correlation lines. */
  correlationLines: string[];
  pricingLine: string;
  topUsers: string[];
}

export type HostToWebviewMessage =
  | { type: 'state'; state: DashboardState }
  | { type: 'snapshotRequest'; requestId: number }
  /** Scrolls a section of the page, by element id, into view. */
  | { type: 'reveal'; elementId: string };

export type WebviewToHostMessage =
  | { type: 'ready' }
  | { type: 'snapshot'; requestId: number; snapshot: DashboardSnapshot }
  | {
      type: 'command';
      command:
        'refresh' | 'pickTimeRange' | 'signIn' | 'exploreSampleData' | 'addFilter' | 'clearFilters';
    }
  | { type: 'setView'; view: AnalyticsView }
  /** Opens the most expensive trace of a breakdown group; the host builds the URL. */
  | { type: 'openTrace'; dimension: string; key: string };

/** The webview's saved state (setState), so it can draw at once after a window reload. */
export interface DashboardPersistedState {
  lastState: DashboardState | null;
}

export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const type = (value as { type?: unknown }).type;
  return (
    type === 'ready' ||
    type === 'snapshot' ||
    type === 'command' ||
    type === 'setView' ||
    type === 'openTrace'
  );
}
