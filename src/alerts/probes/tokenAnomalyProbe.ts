import type { Observation, TimeRange } from '../../langfuse/types';
import { readTokenCounts, type TokenCounts } from '../../metrics/observationValues';
import { inRange, levelOf, type EvaluatedWindow, type RuleProbe, type RuleResult } from '../result';
import { robustScore } from '../robustStatistics';
import { matchesScope } from '../scope';
import type { AlertLevel, TokenAnomalyRule } from '../types';
import { shiftDays } from '../windows';

interface Bucket extends TimeRange {
  tokens: number;
  observations: number;
}

/**
 * Scores the tokens of a window against the same wall-clock span on each of the previous
 * `baselineDays` days, with the median and the MAD of those days as the baseline.
 */
export class TokenAnomalyProbe implements RuleProbe {
  readonly ranges: TimeRange[];
  private readonly current: Bucket;
  private readonly baseline: Bucket[] = [];
  private readonly scratch: TokenCounts = { input: 0, output: 0, total: 0 };

  constructor(
    private readonly rule: TokenAnomalyRule,
    private readonly window: EvaluatedWindow,
    timeZone: string,
  ) {
    this.current = { fromMs: window.fromMs, toMs: window.dataToMs, tokens: 0, observations: 0 };
    for (let day = 1; day <= rule.baselineDays; day++) {
      this.baseline.push({
        fromMs: shiftDays(timeZone, window.fromMs, -day),
        toMs: shiftDays(timeZone, window.dataToMs, -day),
        tokens: 0,
        observations: 0,
      });
    }
    this.ranges = [this.current, ...this.baseline].filter((bucket) => bucket.toMs > bucket.fromMs);
  }

  add(observation: Observation): void {
    if (!matchesScope(observation, this.rule.scope)) {
      return;
    }

    const startMs = observation.startTimeMs;
    for (const bucket of [this.current, ...this.baseline]) {
      if (inRange(startMs, bucket.fromMs, bucket.toMs)) {
        readTokenCounts(observation, this.scratch);
        bucket.tokens += this.scratch[this.rule.tokens];
        bucket.observations++;
      }
    }
  }

  result(): RuleResult {
    const { rule, window, current } = this;
    const daysWithData = this.baseline.filter((bucket) => bucket.observations > 0);
    const result: RuleResult = {
      ruleId: rule.id,
      ruleName: rule.name,
      kind: rule.kind,
      level: 'noData',
      value: null,
      unit: 'robustZ',
      thresholds: rule.thresholds,
      window,
      cause: { range: { fromMs: current.fromMs, toMs: current.toMs }, scope: rule.scope },
    };

    // Days without observations are left out of the baseline: they are more often days before
    // the project sent data than days with truly zero tokens.
    if (daysWithData.length < rule.minBaselineDays || current.toMs <= current.fromMs) {
      return result;
    }

    const statistic = robustScore(
      current.tokens,
      daysWithData.map((bucket) => bucket.tokens),
    );
    result.value = statistic.score;
    result.level = this.levelOf(statistic.score);
    result.anomaly = {
      tokens: current.tokens,
      baselineMedian: statistic.median,
      baselineMad: statistic.mad,
      baselineDays: daysWithData.length,
    };
    return result;
  }

  private levelOf(score: number): AlertLevel {
    const { direction, thresholds } = this.rule;
    if (direction === 'above') {
      return levelOf(score, thresholds);
    }
    if (direction === 'below') {
      return levelOf(-score, thresholds);
    }
    return levelOf(Math.abs(score), thresholds);
  }
}
