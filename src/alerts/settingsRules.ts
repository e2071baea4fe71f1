import {
  AlertConfigError,
  createBudgetRule,
  formatPath,
  parseAlertsConfig,
  type AlertRule,
} from '.';

/** The settings that define budgets and rules, as read from the `traceInsight` section. */
export interface AlertSettings {
  /** `traceInsight.budgets`: budget items in the config file's `budgets` format. */
  budgets: unknown;
  /** `traceInsight.alerts`: an object in the config file's format (budgets, rules, warnAt…). */
  alerts: unknown;
  /** `traceInsight.budget.daily`: the project-wide daily budget in USD, or null. */
  budgetDailyUsd: number | null;
  /** `traceInsight.budget.warningThresholdPercent`: default warning share of every budget. */
  warningThresholdPercent: number;
  /** `traceInsight.budget.errorThresholdPercent`: the share of every budget that alerts. */
  errorThresholdPercent: number;
}

/** Budgets and rules built from the settings, with a message for each invalid part. */
export interface AlertRuleSet {
  rules: AlertRule[];
  /** The zone `traceInsight.alerts.timeZone` sets, or undefined for `traceInsight.timeZone`. */
  timeZone?: string;
  /** Minutes between reminders when `traceInsight.alerts.reNotifyMinutes` sets them. */
  reNotifyMinutes?: number;
  /** Ids of the rules that come from `traceInsight.budgets`, by index of the item. */
  budgetItemIds: string[];
  /** The id of the rule built from `traceInsight.budget.daily`, if set. */
  dailyBudgetId?: string;
  errors: string[];
}

/**
 * Builds the rules from the settings: the daily budget of `traceInsight.budget.daily`, each item
 * of `traceInsight.budgets`, then `traceInsight.alerts`. An invalid budget item is left out on
 * its own, an invalid `traceInsight.alerts` as a whole. Every budget alerts at the error share of
 * its limit, and a duplicate id keeps the first rule.
 */
export function buildAlertRules(settings: AlertSettings): AlertRuleSet {
  const warnAtShare = settings.warningThresholdPercent / 100;
  const errorShare = settings.errorThresholdPercent / 100;
  const set: AlertRuleSet = { rules: [], budgetItemIds: [], errors: [] };

  if (settings.budgetDailyUsd !== null && settings.budgetDailyUsd > 0) {
    const daily = createBudgetRule({
      limitUsd: settings.budgetDailyUsd,
      window: { kind: 'day' },
      warnAtShare,
    });
    set.rules.push(daily);
    set.dailyBudgetId = daily.id;
  }

  const items = Array.isArray(settings.budgets) ? settings.budgets : [];
  if (
    settings.budgets !== undefined &&
    settings.budgets !== null &&
    !Array.isArray(settings.budgets)
  ) {
    set.errors.push('traceInsight.budgets: not a list; write one object per budget.');
  }
  for (const [index, item] of items.entries()) {
    try {
      const rule = parseAlertsConfig({ warnAt: warnAtShare, budgets: [item] }).rules[0];
      if (rule) {
        set.rules.push(rule);
        set.budgetItemIds[index] = rule.id;
      }
    } catch (error) {
      set.errors.push(settingError(`traceInsight.budgets[${index}]`, error, 2));
    }
  }

  if (settings.alerts !== undefined && settings.alerts !== null) {
    try {
      const alerts = settings.alerts;
      const config = parseAlertsConfig(
        isRecord(alerts) ? { warnAt: warnAtShare, ...alerts } : alerts,
      );
      set.rules.push(...config.rules);
      set.timeZone = config.timeZone;
      if (hasKey(settings.alerts, 'reNotifyMinutes')) {
        set.reNotifyMinutes = config.reNotifyMinutes;
      }
    } catch (error) {
      set.errors.push(settingError('traceInsight.alerts', error, 0));
    }
  }

  set.rules = withErrorShare(dropDuplicates(set.rules, set.errors), errorShare);
  return set;
}

/** Moves each budget's alert level to `errorShare` of its limit, keeping warning <= alert. */
function withErrorShare(rules: AlertRule[], errorShare: number): AlertRule[] {
  return rules.map((rule) => {
    if (rule.kind !== 'budget') {
      return rule;
    }
    const alert = rule.limitUsd * errorShare;
    return { ...rule, thresholds: { warning: Math.min(rule.thresholds.warning, alert), alert } };
  });
}

function dropDuplicates(rules: AlertRule[], errors: string[]): AlertRule[] {
  const seen = new Set<string>();
  const kept: AlertRule[] = [];
  for (const rule of rules) {
    if (seen.has(rule.id)) {
      errors.push(
        `The rule "${rule.name}" (id ${rule.id}) is set twice across traceInsight.budget.daily, ` +
          'traceInsight.budgets and traceInsight.alerts; the first one is used. Remove the other.',
      );
      continue;
    }
    seen.add(rule.id);
    kept.push(rule);
  }
  return kept;
}

/** Prefixes the setting name; `skip` drops the wrapper path parts this module added. */
function settingError(setting: string, error: unknown, skip: number): string {
  if (!(error instanceof AlertConfigError)) {
    return `${setting}: ${(error as Error).message}`;
  }
  const path = error.path.slice(skip);
  if (path.length === 0) {
    return `${setting}: ${error.problem}`;
  }
  const rest = formatPath(path);
  return `${setting}${rest.startsWith('[') ? '' : '.'}${rest}: ${error.problem}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasKey(value: unknown, key: string): boolean {
  return isRecord(value) && key in value;
}
