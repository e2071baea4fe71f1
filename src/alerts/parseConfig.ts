import { isValidTimeZone } from '../time/zone';
import {
  AlertConfigError,
  describeValue,
  readEnum,
  readNumber,
  readOptionalString,
  readRecord,
  readSeconds,
  readShare,
  rejectUnknownKeys,
  type ConfigPath,
} from './configValues';
import { defaultRuleId, defaultRuleName, type UnnamedRule } from './ruleNames';
import {
  GROUP_BY_VALUES,
  type AlertRule,
  type AlertsConfig,
  type BudgetRule,
  type GroupBy,
  type LatencyPercentile,
  type Scope,
  type Thresholds,
  type TokenKind,
} from './types';
import { parseWindowSpec, type WindowSpec } from './windows';

export const DEFAULT_WARN_AT_SHARE = 0.8;
export const DEFAULT_RENOTIFY_MINUTES = 60;
const DEFAULT_ANOMALY_THRESHOLDS: Thresholds = { warning: 3, alert: 5 };

const TOP_KEYS = ['timeZone', 'warnAt', 'reNotifyMinutes', 'budgets', 'rules'];
const SCOPE_KEYS = ['model', 'traceName', 'userId', 'tag', 'environment'];
const COMMON_KEYS = ['id', 'name', 'window', 'scope', 'groupBy'];
const BUDGET_KEYS = [...COMMON_KEYS, 'limitUsd', 'warnAt'];
const RULE_TYPES = ['cost', 'latency', 'errorRate', 'errorRateRise', 'tokenAnomaly'] as const;
const RULE_KEYS: Record<(typeof RULE_TYPES)[number], string[]> = {
  cost: [...COMMON_KEYS, 'type', 'warning', 'alert'],
  latency: [...COMMON_KEYS, 'type', 'warning', 'alert', 'percentile', 'observationType'],
  errorRate: [...COMMON_KEYS, 'type', 'warning', 'alert'],
  errorRateRise: [...COMMON_KEYS, 'type', 'warning', 'alert'],
  tokenAnomaly: [
    'id',
    'name',
    'window',
    'scope',
    'type',
    'warning',
    'alert',
    'tokens',
    'baselineDays',
    'minBaselineDays',
    'direction',
  ],
};

/**
 * Validates a parsed alerts config (from JSON, YAML or settings) and builds its rules. Throws an
 * AlertConfigError naming the first invalid key.
 */
export function parseAlertsConfig(value: unknown): AlertsConfig {
  const record = readRecord(value ?? {}, []);
  rejectUnknownKeys(record, TOP_KEYS, []);

  const timeZone = readOptionalString(record.timeZone, ['timeZone']);
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
    throw new AlertConfigError(
      ['timeZone'],
      `${JSON.stringify(timeZone)} is not an IANA time zone; use a name such as Europe/Berlin or UTC.`,
    );
  }

  const warnAtShare =
    record.warnAt === undefined ? DEFAULT_WARN_AT_SHARE : readShare(record.warnAt, ['warnAt']);
  const reNotifyMinutes =
    record.reNotifyMinutes === undefined
      ? DEFAULT_RENOTIFY_MINUTES
      : readNumber(
          record.reNotifyMinutes,
          ['reNotifyMinutes'],
          'minutes between reminders, 0 for none',
          {
            min: 0,
          },
        );

  const rules: AlertRule[] = [];
  for (const [index, item] of readList(record.budgets, ['budgets']).entries()) {
    rules.push(parseBudget(item, ['budgets', index], warnAtShare));
  }
  for (const [index, item] of readList(record.rules, ['rules']).entries()) {
    rules.push(parseRule(item, ['rules', index], warnAtShare));
  }
  rejectDuplicateIds(rules);

  return { timeZone, rules, reNotifyMinutes };
}

/** Builds a budget rule; `warnAtShare` is the share of the limit where the warning starts. */
export function createBudgetRule(options: {
  limitUsd: number;
  window: WindowSpec;
  warnAtShare: number;
  scope?: Scope;
  groupBy?: GroupBy;
  id?: string;
  name?: string;
}): BudgetRule {
  const unnamed: Omit<BudgetRule, 'id' | 'name'> = {
    kind: 'budget',
    limitUsd: options.limitUsd,
    warnAtShare: options.warnAtShare,
    window: options.window,
    scope: options.scope ?? {},
    groupBy: options.groupBy,
    thresholds: { warning: options.limitUsd * options.warnAtShare, alert: options.limitUsd },
  };
  return {
    ...unnamed,
    id: options.id ?? defaultRuleId(unnamed),
    name: options.name ?? defaultRuleName(unnamed),
  };
}

function parseBudget(value: unknown, path: ConfigPath, defaultWarnAt: number): BudgetRule {
  const record = readRecord(value, path);
  rejectUnknownKeys(record, BUDGET_KEYS, path);

  return createBudgetRule({
    limitUsd: readNumber(
      record.limitUsd,
      [...path, 'limitUsd'],
      'write the limit in USD, such as 100',
      {
        min: 0,
        exclusiveMin: true,
      },
    ),
    window: readWindow(record.window, [...path, 'window']),
    warnAtShare:
      record.warnAt === undefined ? defaultWarnAt : readShare(record.warnAt, [...path, 'warnAt']),
    scope: readScope(record.scope, [...path, 'scope']),
    groupBy: readGroupBy(record.groupBy, [...path, 'groupBy']),
    id: readOptionalString(record.id, [...path, 'id']),
    name: readOptionalString(record.name, [...path, 'name']),
  });
}

function parseRule(value: unknown, path: ConfigPath, warnAtShare: number): AlertRule {
  const record = readRecord(value, path);
  const type = readEnum(record.type, RULE_TYPES, [...path, 'type']);
  rejectUnknownKeys(record, RULE_KEYS[type], path);

  const window = readWindow(record.window, [...path, 'window']);
  const scope = readScope(record.scope, [...path, 'scope']);
  const groupBy = readGroupBy(record.groupBy, [...path, 'groupBy']);
  const common = { window, scope, groupBy };

  let unnamed: UnnamedRule;
  switch (type) {
    case 'cost':
      unnamed = {
        ...common,
        kind: 'cost',
        thresholds: readThresholds(record, path, warnAtShare, (v, p) =>
          readNumber(v, p, 'write an amount in USD, such as 100', { min: 0 }),
        ),
      };
      break;
    case 'latency': {
      unnamed = {
        ...common,
        kind: 'latency',
        percentile: readEnum<LatencyPercentile>(
          record.percentile ?? 'p95',
          ['p50', 'p90', 'p95', 'p99'],
          [...path, 'percentile'],
        ),
        observationType: readOptionalString(record.observationType, [...path, 'observationType']),
        thresholds: readThresholds(record, path, warnAtShare, readSeconds),
      };
      break;
    }
    case 'errorRate':
      unnamed = {
        ...common,
        kind: 'errorRate',
        thresholds: readThresholds(record, path, warnAtShare, (v, p) => readShare(v, p)),
      };
      break;
    case 'errorRateRise':
      unnamed = {
        ...common,
        kind: 'errorRateRise',
        thresholds: readThresholds(record, path, warnAtShare, (v, p) => readShare(v, p)),
      };
      break;
    case 'tokenAnomaly':
      unnamed = parseTokenAnomaly(record, path, window, scope);
      break;
  }

  return {
    ...unnamed,
    id: readOptionalString(record.id, [...path, 'id']) ?? defaultRuleId(unnamed),
    name: readOptionalString(record.name, [...path, 'name']) ?? defaultRuleName(unnamed),
  } as AlertRule;
}

function parseTokenAnomaly(
  record: Record<string, unknown>,
  path: ConfigPath,
  window: WindowSpec,
  scope: Scope,
): UnnamedRule {
  const readScore = (v: unknown, p: ConfigPath) =>
    readNumber(v, p, 'write a robust z-score such as 3 (lower is more sensitive)', {
      min: 0,
      exclusiveMin: true,
    });
  const warning =
    record.warning === undefined
      ? DEFAULT_ANOMALY_THRESHOLDS.warning
      : readScore(record.warning, [...path, 'warning']);
  const alert =
    record.alert === undefined
      ? Math.max(warning, DEFAULT_ANOMALY_THRESHOLDS.alert)
      : readScore(record.alert, [...path, 'alert']);
  checkOrder({ warning, alert }, path);

  const baselineDays =
    record.baselineDays === undefined
      ? 7
      : readNumber(
          record.baselineDays,
          [...path, 'baselineDays'],
          'write a number of days such as 7',
          {
            min: 1,
            integer: true,
          },
        );
  const minBaselineDays =
    record.minBaselineDays === undefined
      ? Math.min(3, baselineDays)
      : readNumber(
          record.minBaselineDays,
          [...path, 'minBaselineDays'],
          `write a number of days from 1 to baselineDays (${baselineDays})`,
          { min: 1, integer: true },
        );
  if (minBaselineDays > baselineDays) {
    throw new AlertConfigError(
      [...path, 'minBaselineDays'],
      `${minBaselineDays} is more than baselineDays (${baselineDays}); lower it or raise baselineDays.`,
    );
  }

  return {
    kind: 'tokenAnomaly',
    window,
    scope,
    thresholds: { warning, alert },
    tokens: readEnum<TokenKind>(
      record.tokens ?? 'total',
      ['input', 'output', 'total'],
      [...path, 'tokens'],
    ),
    baselineDays,
    minBaselineDays,
    direction: readEnum(record.direction ?? 'above', ['above', 'below', 'both'] as const, [
      ...path,
      'direction',
    ]),
  };
}

/**
 * Reads `warning` and `alert`. At least `alert` is required; a missing `warning` is `alert`
 * times the config's warnAt share.
 */
function readThresholds(
  record: Record<string, unknown>,
  path: ConfigPath,
  warnAtShare: number,
  read: (value: unknown, path: ConfigPath) => number,
): Thresholds {
  if (record.alert === undefined) {
    throw new AlertConfigError(
      [...path, 'alert'],
      'missing; every rule needs an alert level (and optionally a warning level below it).',
    );
  }
  const alert = read(record.alert, [...path, 'alert']);
  const warning =
    record.warning === undefined ? alert * warnAtShare : read(record.warning, [...path, 'warning']);
  const thresholds = { warning, alert };
  checkOrder(thresholds, path);
  return thresholds;
}

function checkOrder(thresholds: Thresholds, path: ConfigPath): void {
  if (thresholds.warning > thresholds.alert) {
    throw new AlertConfigError(
      [...path, 'warning'],
      `the warning level ${thresholds.warning} is above the alert level ${thresholds.alert}; ` +
        'swap them or lower the warning.',
    );
  }
}

function readList(value: unknown, path: ConfigPath): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new AlertConfigError(
      path,
      `${describeValue(value)} is not a list; write one item per "- " line.`,
    );
  }
  return value;
}

function readWindow(value: unknown, path: ConfigPath): WindowSpec {
  const text = typeof value === 'string' ? value : undefined;
  const spec = text === undefined ? undefined : parseWindowSpec(text);
  if (!spec) {
    throw new AlertConfigError(
      path,
      `${describeValue(value)} is not a window; use day, week, month, or a rolling duration ` +
        'of at least one minute such as 24h, 90m or 7d.',
    );
  }
  return spec;
}

function readScope(value: unknown, path: ConfigPath): Scope {
  if (value === undefined || value === null) {
    return {};
  }
  const record = readRecord(value, path);
  rejectUnknownKeys(record, SCOPE_KEYS, path);

  const scope: Scope = {};
  for (const key of SCOPE_KEYS as Array<keyof Scope>) {
    const text = readOptionalString(record[key], [...path, key]);
    if (text !== undefined) {
      scope[key] = text;
    }
  }
  return scope;
}

function readGroupBy(value: unknown, path: ConfigPath): GroupBy | undefined {
  return value === undefined ? undefined : readEnum(value, GROUP_BY_VALUES, path);
}

function rejectDuplicateIds(rules: readonly AlertRule[]): void {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) {
      throw new AlertConfigError(
        [],
        `two rules have the id ${JSON.stringify(rule.id)}; remove the duplicate or give one an "id".`,
      );
    }
    seen.add(rule.id);
  }
}
