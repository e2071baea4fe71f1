import type { Observation, TimeRange } from '../langfuse/types';
import {
  compareLevels,
  type AlertLevel,
  type RuleKind,
  type Scope,
  type Thresholds,
  type ValueUnit,
} from './types';
import { previousWindow, windowContaining, type AlertWindow, type WindowSpec } from './windows';

/** The window of each rule to evaluate: the one containing the instant, or the one before. */
export type EvaluationPeriod = 'current' | 'previous';

/** The evaluated window: data up to `dataToMs`, which is `toMs` once the window is complete. */
export interface EvaluatedWindow extends AlertWindow {
  dataToMs: number;
  complete: boolean;
  /** True for a rolling window, which moves with the instant instead of starting anew. */
  rolling: boolean;
}

/** The value of one group, for rules evaluated per user, model, trace name... */
export interface GroupValue {
  key: string;
  value: number;
  level: AlertLevel;
}

/** Spend at the end of the window if it keeps the pace it had so far. */
export interface SpendForecast {
  method: 'linear';
  valueUsd: number;
}

/** The range and the filter a dashboard needs to show the cause of a result. */
export interface AlertCause {
  range: TimeRange;
  scope: Scope;
  observationType?: string;
}

/** The outcome of one rule at one instant. */
export interface RuleResult {
  ruleId: string;
  ruleName: string;
  kind: RuleKind;
  level: AlertLevel;
  /** The value compared with the thresholds, or null in the "no data" state. */
  value: number | null;
  unit: ValueUnit;
  thresholds: Thresholds;
  window: EvaluatedWindow;
  /** The group whose value decided the level, for rules with `groupBy`. */
  group?: string;
  /** Groups at warning or alert level, most urgent first, at most MAX_LISTED_GROUPS. */
  crossedGroups?: GroupValue[];
  /** Groups that had data in the window. */
  groupCount?: number;
  /** Budgets only: the limit, the share of it spent, and the forecast while the window runs. */
  budget?: { limitUsd: number; share: number | null; forecast: SpendForecast | null };
  /** Cost rules: the forecast while a calendar window runs. */
  forecast?: SpendForecast | null;
  /** Error-rate rise: the previous window and its error rate (null with no traces). */
  previous?: { window: AlertWindow; value: number | null };
  /** Token anomaly: the window's tokens and the baseline they were scored against. */
  anomaly?: { tokens: number; baselineMedian: number; baselineMad: number; baselineDays: number };
  cause: AlertCause;
}

export const MAX_LISTED_GROUPS = 10;

/** A rule's accumulator: it reads the observations in `ranges` and returns the result. */
export interface RuleProbe {
  readonly ranges: readonly TimeRange[];
  add(observation: Observation): void;
  result(): RuleResult;
}

/** Returns the level of `value` against the thresholds; higher values are worse. */
export function levelOf(value: number, thresholds: Thresholds): AlertLevel {
  if (value >= thresholds.alert) {
    return 'alert';
  }
  if (value >= thresholds.warning) {
    return 'warning';
  }
  return 'ok';
}

/**
 * Resolves the window of a rule at `atMs`. In the current period the data ends at `atMs`, so
 * a budget sees the spend so far. In the previous period it is the whole window before.
 */
export function resolveWindow(
  spec: WindowSpec,
  atMs: number,
  timeZone: string,
  period: EvaluationPeriod,
): EvaluatedWindow {
  const rolling = spec.kind === 'rolling';
  const current = windowContaining(spec, atMs, timeZone);
  if (period === 'previous') {
    const previous = previousWindow(spec, current, timeZone);
    return { ...previous, dataToMs: previous.toMs, complete: true, rolling };
  }

  const dataToMs = Math.min(current.toMs, atMs);
  return { ...current, dataToMs, complete: dataToMs >= current.toMs, rolling };
}

/** Returns a linear forecast for a running window, or null for a complete or unstarted one. */
export function linearForecast(spentUsd: number, window: EvaluatedWindow): SpendForecast | null {
  const elapsedMs = window.dataToMs - window.fromMs;
  if (window.complete || elapsedMs <= 0) {
    return null;
  }
  const lengthMs = window.toMs - window.fromMs;
  return { method: 'linear', valueUsd: (spentUsd * lengthMs) / elapsedMs };
}

/** True when `ms` is inside the half-open range [fromMs, toMs). */
export function inRange(ms: number, fromMs: number, toMs: number): boolean {
  return ms >= fromMs && ms < toMs;
}

/**
 * Returns the most urgent result, as the status bar shows it: the highest level first, then
 * the value closest to (or furthest past) its alert level. Undefined for no results.
 */
export function mostUrgent(results: readonly RuleResult[]): RuleResult | undefined {
  let best: RuleResult | undefined;
  for (const result of results) {
    if (
      best === undefined ||
      compareLevels(result.level, best.level) > 0 ||
      (result.level === best.level && alertShare(result) > alertShare(best))
    ) {
      best = result;
    }
  }
  return best;
}

/** The value as a share of the alert level, or -Infinity without a value. */
function alertShare(result: RuleResult): number {
  if (result.value === null || result.thresholds.alert <= 0) {
    return result.value === null ? -Infinity : result.value;
  }
  return result.value / result.thresholds.alert;
}
