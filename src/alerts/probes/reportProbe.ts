import type { Observation, TimeRange } from '../../langfuse/types';
import { ReportBuilder } from '../../metrics/reportBuilder';
import type { Report } from '../../metrics/types';
import {
  inRange,
  levelOf,
  type EvaluatedWindow,
  type GroupValue,
  type RuleProbe,
  type RuleResult,
} from '../result';
import { matchesScope, scopeWithGroup } from '../scope';
import type { ErrorRateRiseRule, ErrorRateRule, LatencyRule, ValueUnit } from '../types';
import type { AlertWindow } from '../windows';
import { ALL_KEY, Groups, listCrossedGroups, worstGroup } from './groups';

type ReportRule = LatencyRule | ErrorRateRule | ErrorRateRiseRule;

const UNIT_OF: Record<ReportRule['kind'], ValueUnit> = {
  latency: 'seconds',
  errorRate: 'share',
  errorRateRise: 'sharePoints',
};

/**
 * Feeds the observations of a window into the metrics engine's ReportBuilder, per group, and
 * reads the latency percentile or the error rate from the report, so the alert uses the same
 * definitions as `trace-insight report`.
 */
export class ReportProbe implements RuleProbe {
  readonly ranges: TimeRange[] = [];
  private readonly current: Groups<ReportBuilder> | undefined;
  private readonly previous: Groups<ReportBuilder> | undefined;
  private readonly currentRange: TimeRange;
  private readonly previousRange: TimeRange | undefined;

  constructor(
    private readonly rule: ReportRule,
    private readonly window: EvaluatedWindow,
    private readonly previousWindow: AlertWindow | undefined,
    timeZone: string,
  ) {
    this.currentRange = { fromMs: window.fromMs, toMs: window.dataToMs };
    this.current = this.groupsFor(this.currentRange, timeZone);

    if (rule.kind === 'errorRateRise' && previousWindow) {
      this.previousRange = { fromMs: previousWindow.fromMs, toMs: previousWindow.toMs };
      this.previous = this.groupsFor(this.previousRange, timeZone);
    }
  }

  add(observation: Observation): void {
    if (!matchesScope(observation, this.rule.scope)) {
      return;
    }
    this.addTo(this.current, this.currentRange, observation);
    if (this.previousRange) {
      this.addTo(this.previous, this.previousRange, observation);
    }
  }

  result(): RuleResult {
    const { rule, window } = this;
    const previousReports = new Map<string, Report>();
    for (const [key, builder] of this.previous?.entries() ?? []) {
      previousReports.set(key, builder.build());
    }

    const values: GroupValue[] = [];
    for (const [key, builder] of this.current?.entries() ?? []) {
      const value = this.valueOf(builder.build(), previousReports.get(key));
      if (value !== null) {
        values.push({ key, value, level: levelOf(value, rule.thresholds) });
      }
    }

    const worst = worstGroup(values);
    const groupKey = worst && worst.key !== ALL_KEY ? worst.key : undefined;
    const result: RuleResult = {
      ruleId: rule.id,
      ruleName: rule.name,
      kind: rule.kind,
      level: worst?.level ?? 'noData',
      value: worst?.value ?? null,
      unit: UNIT_OF[rule.kind],
      thresholds: rule.thresholds,
      window,
      cause: {
        range: this.currentRange,
        scope:
          groupKey === undefined ? rule.scope : scopeWithGroup(rule.scope, rule.groupBy, groupKey),
        ...(rule.kind === 'latency' && rule.observationType !== undefined
          ? { observationType: rule.observationType }
          : {}),
      },
    };

    if (rule.groupBy !== undefined) {
      result.group = groupKey;
      result.groupCount = values.length;
      result.crossedGroups = listCrossedGroups(values);
    }
    if (rule.kind === 'errorRateRise' && this.previousWindow) {
      const previousReport = previousReports.get(worst?.key ?? ALL_KEY);
      result.previous = {
        window: this.previousWindow,
        value: previousReport && previousReport.traces > 0 ? previousReport.errors.rate : null,
      };
    }
    return result;
  }

  /** Returns the rule's value for one group, or null when the group has no data for it. */
  private valueOf(report: Report, previous: Report | undefined): number | null {
    const { rule } = this;
    if (rule.kind === 'latency') {
      const percentiles =
        rule.observationType === undefined
          ? report.latency.traces
          : report.latency.byType[rule.observationType];
      return percentiles ? percentiles[rule.percentile] : null;
    }

    if (report.traces === 0) {
      return null;
    }
    if (rule.kind === 'errorRate') {
      return report.errors.rate;
    }
    if (!previous || previous.traces === 0) {
      return null;
    }
    return report.errors.rate - previous.errors.rate;
  }

  private groupsFor(range: TimeRange, timeZone: string): Groups<ReportBuilder> | undefined {
    if (range.toMs <= range.fromMs) {
      return undefined;
    }
    this.ranges.push(range);
    return new Groups(this.rule.groupBy, () => new ReportBuilder({ range, timeZone }));
  }

  private addTo(
    groups: Groups<ReportBuilder> | undefined,
    range: TimeRange,
    observation: Observation,
  ): void {
    if (!groups || !inRange(observation.startTimeMs, range.fromMs, range.toMs)) {
      return;
    }
    for (const builder of groups.of(observation)) {
      builder.add(observation);
    }
  }
}
