import type { WindowSpec } from './windows';

/** Observation attributes a rule can be limited to; every set key must match. */
export interface Scope {
  model?: string;
  traceName?: string;
  userId?: string;
  /** Matches observations whose trace carries this tag among others. */
  tag?: string;
  environment?: string;
}

/** The attribute a rule is evaluated per value of, as in "any user over $5 in 24 hours". */
export type GroupBy = 'user' | 'model' | 'traceName' | 'tag' | 'environment' | 'session';

export const GROUP_BY_VALUES: readonly GroupBy[] = [
  'user',
  'model',
  'traceName',
  'tag',
  'environment',
  'session',
];

export type RuleKind =
  'budget' | 'cost' | 'latency' | 'errorRate' | 'errorRateRise' | 'tokenAnomaly';

/** A warning and an alert level in the rule's unit; the alert level is at least the warning. */
export interface Thresholds {
  warning: number;
  alert: number;
}

interface RuleBase {
  /** Stable key for the firing state and the history; derived from the rule unless set. */
  id: string;
  name: string;
  window: WindowSpec;
  scope: Scope;
  groupBy?: GroupBy;
  thresholds: Thresholds;
}

/** Spend in USD against a limit; warns at `warnAtShare` of it and alerts at the limit. */
export interface BudgetRule extends RuleBase {
  kind: 'budget';
  limitUsd: number;
  warnAtShare: number;
}

/** Spend in USD over absolute thresholds. */
export interface CostRule extends RuleBase {
  kind: 'cost';
}

export type LatencyPercentile = 'p50' | 'p90' | 'p95' | 'p99';

/**
 * Latency percentile in seconds: of traces (end of the last observation minus start of the
 * first), or of observations of one type when `observationType` is set.
 */
export interface LatencyRule extends RuleBase {
  kind: 'latency';
  percentile: LatencyPercentile;
  observationType?: string;
}

/** Share of traces with an observation at level ERROR. */
export interface ErrorRateRule extends RuleBase {
  kind: 'errorRate';
}

/** Rise of the error rate over the previous window, in share points (0.05 is 5 points). */
export interface ErrorRateRiseRule extends RuleBase {
  kind: 'errorRateRise';
}

export type TokenKind = 'input' | 'output' | 'total';

/**
 * Tokens in the window against the same hours of the previous `baselineDays` days. The value is
 * the robust z-score (value - median) / (1.4826 * MAD); the thresholds are the sensitivity.
 */
export interface TokenAnomalyRule extends RuleBase {
  kind: 'tokenAnomaly';
  tokens: TokenKind;
  baselineDays: number;
  /** Baseline days that must have observations, or the state is "no data". */
  minBaselineDays: number;
  direction: 'above' | 'below' | 'both';
}

export type AlertRule =
  BudgetRule | CostRule | LatencyRule | ErrorRateRule | ErrorRateRiseRule | TokenAnomalyRule;

/** Budgets and rules with the zone their calendar windows use. */
export interface AlertsConfig {
  /** IANA zone; undefined means the caller's default (the machine's zone for the CLI). */
  timeZone?: string;
  rules: AlertRule[];
  /** Minutes between reminders while a rule stays crossed; 0 sends none. */
  reNotifyMinutes: number;
}

/** State of one rule, from least to most urgent after 'noData'. */
export type AlertLevel = 'noData' | 'ok' | 'warning' | 'alert';

const LEVEL_RANK: Record<AlertLevel, number> = { noData: 0, ok: 1, warning: 2, alert: 3 };

/** Orders levels by urgency: positive when `a` is more urgent than `b`. */
export function compareLevels(a: AlertLevel, b: AlertLevel): number {
  return LEVEL_RANK[a] - LEVEL_RANK[b];
}

/** True for the levels that count as crossed: warning and alert. */
export function isCrossed(level: AlertLevel): boolean {
  return level === 'warning' || level === 'alert';
}

export type ValueUnit = 'usd' | 'seconds' | 'share' | 'sharePoints' | 'robustZ';
