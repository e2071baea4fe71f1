import { describeScope } from './scope';
import type { AlertRule, GroupBy, Scope } from './types';
import { formatWindowSpec, type WindowSpec } from './windows';

const CALENDAR_ADJECTIVE: Record<string, string> = {
  day: 'daily',
  week: 'weekly',
  month: 'monthly',
};

const GROUP_NOUN: Record<GroupBy, string> = {
  user: 'user',
  model: 'model',
  traceName: 'trace name',
  tag: 'tag',
  environment: 'environment',
  session: 'session',
};

/** The rule without its id and name, as the builders receive it. */
export type UnnamedRule = AlertRule extends infer R
  ? R extends AlertRule
    ? Omit<R, 'id' | 'name'>
    : never
  : never;

/**
 * Returns a readable default name, for example `daily budget $100 (model gpt-4o)` or
 * `24h budget $5 per user`.
 */
export function defaultRuleName(rule: UnnamedRule): string {
  const window = windowAdjective(rule.window);
  let base: string;
  switch (rule.kind) {
    case 'budget':
      base = `${window} budget $${formatAmount(rule.limitUsd)}`;
      break;
    case 'cost':
      base = `${window} cost`;
      break;
    case 'latency':
      base = `${window} ${rule.percentile} latency${rule.observationType ? ` of ${rule.observationType}` : ''}`;
      break;
    case 'errorRate':
      base = `${window} error rate`;
      break;
    case 'errorRateRise':
      base = `${window} error rate rise`;
      break;
    case 'tokenAnomaly':
      base = `${window} ${rule.tokens} token anomaly`;
      break;
  }
  return decorate(base, rule.scope, rule.groupBy);
}

/**
 * Returns an id derived from what the rule measures, so reordering a config file keeps each
 * rule's firing state and history.
 */
export function defaultRuleId(rule: UnnamedRule): string {
  const parts: string[] = [rule.kind, formatWindowSpec(rule.window)];
  const scopeKeys = Object.keys(rule.scope).sort() as Array<keyof Scope>;
  for (const key of scopeKeys) {
    parts.push(`${key}=${rule.scope[key] ?? ''}`);
  }
  if (rule.groupBy) parts.push(`by=${rule.groupBy}`);
  if (rule.kind === 'budget') parts.push(`limit=${rule.limitUsd}`);
  if (rule.kind === 'latency') parts.push(rule.percentile, `type=${rule.observationType ?? ''}`);
  if (rule.kind === 'tokenAnomaly') parts.push(rule.tokens, rule.direction);
  return parts.join(':');
}

function windowAdjective(window: WindowSpec): string {
  return CALENDAR_ADJECTIVE[window.kind] ?? formatWindowSpec(window);
}

function decorate(base: string, scope: Scope, groupBy: GroupBy | undefined): string {
  const scopeText = describeScope(scope);
  const withGroup = groupBy ? `${base} per ${GROUP_NOUN[groupBy]}` : base;
  return scopeText ? `${withGroup} (${scopeText})` : withGroup;
}

function formatAmount(usd: number): string {
  return Number.isInteger(usd) ? String(usd) : usd.toFixed(2);
}
