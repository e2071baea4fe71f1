// Every message between the extension host and the dashboard webview. Both bundles import this
// module, so a change to a message shows up as a type error on both sides. The host sends
// aggregates only, never raw traces or observations.

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
  tiles: { id: string; label: string; value: string }[];
  /** Chart id to the number of labels and of data points in each dataset. */
  charts: Record<string, { labels: number; datasetLengths: number[] }>;
  /** <img> elements in the page; the page has none, so any would come from injected markup. */
  imageElements: number;
  /** Content Security Policy violations the page observed since it loaded. */
  cspViolations: string[];
  /** The body's theme class: vscode-dark, vscode-light or a high-contrast class. */
  themeKind: string;
}

export type HostToWebviewMessage =
  { type: 'state'; state: DashboardState } | { type: 'snapshotRequest'; requestId: number };

export type WebviewToHostMessage =
  | { type: 'ready' }
  | { type: 'snapshot'; requestId: number; snapshot: DashboardSnapshot }
  | { type: 'command'; command: 'refresh' | 'pickTimeRange' | 'signIn' | 'exploreSampleData' };

/** The webview's saved state (setState), so it can draw at once after a window reload. */
export interface DashboardPersistedState {
  lastState: DashboardState | null;
}

export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'snapshot' || type === 'command';
}
