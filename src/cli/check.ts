import { AlertEvaluator, type AlertRule, type EvaluationPeriod } from '../alerts';
import { isValidTimeZone } from '../time/zone';
import { parseBudgetFlags, parseWarnAt } from './check/flags';
import {
  checkJson,
  exitCodeOf,
  formatCheckTable,
  overallLevel,
  type CheckSummary,
} from './check/formatCheck';
import { loadConfigFile } from './check/loadConfigFile';
import { loadWorkspaceSettings } from './check/workspaceSettings';
import { parseInstant, resolveTimeZone, UsageError } from './options';
import { streamPages } from './progress';
import { createClient, type CommandIo } from './report';

export interface CheckCommandOptions {
  config?: string;
  settings?: string;
  budget?: string[];
  warnAt?: string;
  timeZone?: string;
  at?: string;
  window?: string;
  json?: boolean;
  baseUrl?: string;
  verbose?: boolean;
}

/**
 * Runs `trace-insight check`: evaluates the budgets and rules over the observations their
 * windows need and prints each rule's state. Returns the exit status: 0 within limits, 3 when a
 * warning level is crossed, 4 when an alert level is.
 */
export async function runCheck(options: CheckCommandOptions, io: CommandIo): Promise<number> {
  const period = parsePeriod(options.window);
  const { rules, timeZone: configTimeZone } = await collectRules(options);
  const timeZone = chooseTimeZone(options.timeZone, configTimeZone);
  const atMs = options.at === undefined ? Date.now() : parseInstant('--at', options.at, timeZone);

  const evaluator = new AlertEvaluator(rules, { timeZone, atMs, period });
  const fetchRange = evaluator.fetchRange;
  if (fetchRange) {
    const client = createClient(options, io);
    await streamPages(client, fetchRange, io, (page) => evaluator.addPage(page));
    if (options.verbose) {
      io.stderr.write(
        `trace-insight: ${client.requestCount} requests to ${client.baseUrl.host} for ` +
          `${new Date(fetchRange.fromMs).toISOString()} to ${new Date(fetchRange.toMs).toISOString()}\n`,
      );
    }
  }

  const summary: CheckSummary = {
    atMs,
    timeZone,
    period,
    fetchRange,
    results: evaluator.results(),
  };
  io.stdout.write(
    options.json ? `${JSON.stringify(checkJson(summary), null, 2)}\n` : formatCheckTable(summary),
  );
  return exitCodeOf(overallLevel(summary.results));
}

async function collectRules(
  options: CheckCommandOptions,
): Promise<{ rules: AlertRule[]; timeZone?: string }> {
  const rules: AlertRule[] = [];
  let timeZone: string | undefined;

  if (options.config !== undefined) {
    const config = await loadConfigFile(options.config);
    rules.push(...config.rules);
    timeZone = config.timeZone;
  }
  if (options.settings !== undefined) {
    const settings = await loadWorkspaceSettings(options.settings);
    rules.push(...settings.rules);
    timeZone ??= settings.timeZone;
  }
  rules.push(...parseBudgetFlags(options.budget ?? [], parseWarnAt(options.warnAt)));

  if (rules.length === 0) {
    throw new UsageError(
      'No budgets or rules to check; pass --budget daily=100 (repeatable), --config FILE ' +
        'or --settings .vscode/settings.json.',
    );
  }
  rejectDuplicateIds(rules);
  return { rules, timeZone };
}

function rejectDuplicateIds(rules: readonly AlertRule[]): void {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) {
      throw new UsageError(
        `The rule ${JSON.stringify(rule.name)} (id ${JSON.stringify(rule.id)}) is given twice ` +
          'across --config, --settings and --budget; remove one or give it another "id".',
      );
    }
    seen.add(rule.id);
  }
}

/** --time-zone wins, then the config's or the settings' zone, then the machine's. */
function chooseTimeZone(option: string | undefined, configured: string | undefined): string {
  if (option !== undefined || configured === undefined) {
    return resolveTimeZone(option);
  }
  if (!isValidTimeZone(configured)) {
    throw new UsageError(
      `The configured time zone ${JSON.stringify(configured)} is not an IANA time zone; ` +
        'use a name such as Europe/Berlin or UTC.',
    );
  }
  return configured;
}

function parsePeriod(value: string | undefined): EvaluationPeriod {
  if (value === undefined || value === 'current' || value === 'previous') {
    return value ?? 'current';
  }
  throw new UsageError(
    `--window ${JSON.stringify(value)} is invalid; use current (the windows containing --at) ` +
      'or previous (the complete windows before them).',
  );
}
