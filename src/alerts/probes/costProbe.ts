import type { Observation } from '../../langfuse/types';
import { CompensatedSum } from '../../metrics/compensatedSum';
import { observationCostUsd } from '../../metrics/observationValues';
import {
  inRange,
  levelOf,
  linearForecast,
  type EvaluatedWindow,
  type GroupValue,
  type RuleProbe,
  type RuleResult,
} from '../result';
import { scopeWithGroup, matchesScope } from '../scope';
import type { BudgetRule, CostRule } from '../types';
import { ALL_KEY, Groups, listCrossedGroups, worstGroup } from './groups';

/** Sums the spend in USD of a budget or a cost rule, per group when the rule has `groupBy`. */
export class CostProbe implements RuleProbe {
  readonly ranges;
  private readonly spend: Groups<CompensatedSum>;

  constructor(
    private readonly rule: BudgetRule | CostRule,
    private readonly window: EvaluatedWindow,
  ) {
    this.ranges =
      window.dataToMs > window.fromMs ? [{ fromMs: window.fromMs, toMs: window.dataToMs }] : [];
    this.spend = new Groups(rule.groupBy, () => new CompensatedSum());
  }

  add(observation: Observation): void {
    if (!inRange(observation.startTimeMs, this.window.fromMs, this.window.dataToMs)) {
      return;
    }
    if (!matchesScope(observation, this.rule.scope)) {
      return;
    }

    const costUsd = observationCostUsd(observation);
    for (const sum of this.spend.of(observation)) {
      sum.add(costUsd);
    }
  }

  result(): RuleResult {
    const { rule, window } = this;
    const values: GroupValue[] = [];
    for (const [key, sum] of this.spend.entries()) {
      const value = sum.value();
      values.push({ key, value, level: levelOf(value, rule.thresholds) });
    }

    const worst = worstGroup(values);
    const value = worst?.value ?? null;
    const forecast = value === null ? null : linearForecast(value, window);
    const groupKey = worst && worst.key !== ALL_KEY ? worst.key : undefined;

    const result: RuleResult = {
      ruleId: rule.id,
      ruleName: rule.name,
      kind: rule.kind,
      level: worst?.level ?? 'noData',
      value,
      unit: 'usd',
      thresholds: rule.thresholds,
      window,
      cause: {
        range: { fromMs: window.fromMs, toMs: window.dataToMs },
        scope:
          groupKey === undefined ? rule.scope : scopeWithGroup(rule.scope, rule.groupBy, groupKey),
      },
    };

    if (rule.groupBy !== undefined) {
      result.group = groupKey;
      result.groupCount = this.spend.size;
      result.crossedGroups = listCrossedGroups(values);
    }
    if (rule.kind === 'budget') {
      result.budget = {
        limitUsd: rule.limitUsd,
        share: value === null ? null : value / rule.limitUsd,
        forecast,
      };
    } else {
      result.forecast = forecast;
    }
    return result;
  }
}
