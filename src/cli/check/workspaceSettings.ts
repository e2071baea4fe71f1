import { LineCounter, parseDocument } from 'yaml';
import {
  AlertConfigError,
  createBudgetRule,
  parseAlertsConfig,
  type AlertsConfig,
} from '../../alerts';
import { buildAlertRules } from '../../alerts/settingsRules';
import { UsageError } from '../options';
import { stripJsonc } from './jsonc';
import { lineOf, readConfigText, where } from './loadConfigFile';

/** The settings key that contains budgets and rules in the config file's format. */
export const ALERTS_SETTING = 'traceInsight.alerts';
const DAILY_BUDGET_SETTING = 'traceInsight.budget.daily';
const WARNING_PERCENT_SETTING = 'traceInsight.budget.warningThresholdPercent';
const TIME_ZONE_SETTING = 'traceInsight.timeZone';
const BUDGETS_SETTING = 'traceInsight.budgets';
const ERROR_PERCENT_SETTING = 'traceInsight.budget.errorThresholdPercent';

/**
 * Reads budgets and rules from a VS Code settings file (JSON with comments and trailing
 * commas): `traceInsight.alerts` in the config file's format, the daily budget
 * `traceInsight.budget.daily` with `traceInsight.budget.warningThresholdPercent`, and
 * `traceInsight.timeZone`.
 */
export async function loadWorkspaceSettings(path: string): Promise<AlertsConfig> {
  const json = stripJsonc(await readConfigText(path, '--settings'));
  let settings: unknown;
  try {
    settings = JSON.parse(json);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const line = position ? lineAt(json, Number(position[1])) : undefined;
    throw new UsageError(
      `${where(path, line)}: invalid JSON: ${(error as Error).message}; fix the syntax at that line.`,
    );
  }
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new UsageError(`${where(path, 1)}: the settings file is not a JSON object.`);
  }

  const record = settings as Record<string, unknown>;
  const config = parseSection(json, path, record[ALERTS_SETTING]);

  const daily = record[DAILY_BUDGET_SETTING];
  if (daily !== undefined && daily !== null) {
    const percent = record[WARNING_PERCENT_SETTING] ?? 80;
    if (typeof daily !== 'number' || !(daily > 0)) {
      throw settingError(json, path, DAILY_BUDGET_SETTING, 'is not a positive amount in USD');
    }
    if (typeof percent !== 'number' || !(percent > 0 && percent <= 100)) {
      throw settingError(json, path, WARNING_PERCENT_SETTING, 'is not a percentage from 1 to 100');
    }
    config.rules.unshift(
      createBudgetRule({ limitUsd: daily, window: { kind: 'day' }, warnAtShare: percent / 100 }),
    );
  }

  const budgets = record[BUDGETS_SETTING];
  if (budgets !== undefined && budgets !== null) {
    config.rules.push(...budgetItemRules(json, path, record));
  }

  const timeZone = record[TIME_ZONE_SETTING];
  if (config.timeZone === undefined && typeof timeZone === 'string' && timeZone !== '') {
    config.timeZone = timeZone;
  }
  return config;
}

/**
 * Builds the rules of `traceInsight.budgets` as the extension does. The CLI is strict where the
 * extension is lenient: one invalid item fails the check instead of being left out.
 */
function budgetItemRules(json: string, path: string, record: Record<string, unknown>) {
  const warning = record[WARNING_PERCENT_SETTING] ?? 80;
  const error = record[ERROR_PERCENT_SETTING] ?? 100;
  if (typeof warning !== 'number' || typeof error !== 'number') {
    throw settingError(json, path, WARNING_PERCENT_SETTING, 'or its error share is not a number');
  }

  const built = buildAlertRules({
    budgets: record[BUDGETS_SETTING],
    alerts: undefined,
    budgetDailyUsd: null,
    warningThresholdPercent: warning,
    errorThresholdPercent: error,
  });
  const [firstError] = built.errors;
  if (firstError !== undefined) {
    const line = lineOfKey(json, [BUDGETS_SETTING]);
    throw new UsageError(`${where(path, line)}: ${firstError}; fix it in the settings file.`);
  }
  return built.rules;
}

function parseSection(json: string, path: string, section: unknown): AlertsConfig {
  try {
    return parseAlertsConfig(section ?? {});
  } catch (error) {
    if (!(error instanceof AlertConfigError)) {
      throw error;
    }
    const line = lineOfKey(json, [ALERTS_SETTING, ...error.path]);
    const separator = error.path.length > 0 ? '.' : ': ';
    throw new UsageError(`${where(path, line)}: ${ALERTS_SETTING}${separator}${error.message}`);
  }
}

function settingError(json: string, path: string, key: string, problem: string): UsageError {
  const line = lineOfKey(json, [key]);
  return new UsageError(`${where(path, line)}: ${key} ${problem}; fix it in the settings file.`);
}

/** Finds the line of a key path; strict JSON is also YAML, so the YAML parser can locate it. */
function lineOfKey(json: string, keyPath: ReadonlyArray<string | number>): number | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(json, { lineCounter });
  return document.errors.length > 0 ? undefined : lineOf(document, lineCounter, keyPath);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
    }
  }
  return line;
}
