import { Command, CommanderError, Option } from 'commander';
import { LangfuseError } from '../langfuse/errors';
import { runCheck } from './check';
import { invalidBaseUrlIsUsage } from './errors';
import { UsageError } from './options';
import { runReport, type CommandIo } from './report';
import { runExportCommand } from './export';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/**
 * Builds the `trace-insight` program; `io` makes it testable without a subprocess. A command
 * that decides its own exit status (`check`) writes it to `outcome`.
 */
export function buildProgram(
  io: CommandIo,
  outcome: { exitCode: number } = { exitCode: 0 },
): Command {
  const program = new Command('trace-insight')
    .description('LLM cost, token, latency and error reports from a Langfuse project.')
    .showHelpAfterError('(run "trace-insight --help" for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  program
    .command('report')
    .description(
      'Report cost, tokens, latency, errors, users and sessions for a time range. ' +
        'Reads LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and LANGFUSE_BASE_URL.',
    )
    .option('--from <iso>', 'start of the range, inclusive (ISO 8601); default: 7 days before --to')
    .option('--to <iso>', 'end of the range, exclusive (ISO 8601); default: now')
    .addOption(
      new Option('--time-zone <iana>', "IANA zone for day buckets; default: the machine's zone"),
    )
    .option('--json', 'print the machine-readable JSON report on stdout')
    .option('--base-url <url>', 'Langfuse base URL; overrides LANGFUSE_BASE_URL')
    .option('--verbose', 'log requests, retries and fallbacks on stderr')
    .option(
      '--range <name>',
      'named range instead of --from/--to: lastHour, last24Hours, last7Days, last30Days, last90Days, thisMonth, lastMonth',
    )
    .option('--analytics', 'add the "analytics" key: breakdowns, series, heatmap, users, scores')
    .option(
      '--metrics-api <mode>',
      'read cost, tokens, counts and latency from Langfuse Metrics API v2: auto (31 days or more), ' +
        'always or never; traces, errors, users and sessions are then 0 and listed under ' +
        '"metricsApi.unavailable"; default never',
    )
    .option(
      '--no-cache',
      'send every Metrics API query; default: cache in $TRACE_INSIGHT_METRICS_CACHE or ~/.cache/trace-insight/metrics',
    )
    .option(
      '--group-by <dimensions>',
      'comma list of breakdown dimensions, e.g. model,traceName,metadata:region',
    )
    .option(
      '--granularity <unit>',
      'time series buckets: hour, day, week (ISO, Monday) or month; default day',
    )
    .option(
      '--filter <expression>',
      'filter such as "environment = production", "tags all-of a,b" or "helpfulness >= 0.8"; repeatable',
      collect,
      [],
    )
    .option('--top <n>', 'groups per breakdown before "(other)"; default 10')
    .option(
      '--sort-by <key>',
      'breakdown order: cost, observations, traces, tokens, p95, errorRate or key; default cost',
    )
    .option('--compare <dimension=a,b>', 'A/B comparison of two values, e.g. release=v1.2,v1.3')
    .option(
      '--quality <score>=<threshold>',
      'score threshold for cost per quality, e.g. helpfulness>=0.8',
    )
    .option(
      '--roi <keys>',
      'comma list of numeric metadata keys to correlate with cost and latency',
    )
    .option(
      '--what-if <modelA=modelB>',
      'reprice modelA usage at modelB prices; repeatable',
      collect,
      [],
    )
    .option('--estimate-unpriced', 'price unpriced observations from the price table, as estimates')
    .option(
      '--prices <file>',
      'JSON price overrides: {"model": {"input": 1e-6, "output": 2e-6}} in USD per unit',
    )
    .option('--project-id <id>', 'Langfuse project id for trace links in drill-downs')
    .action(async (options) => {
      await runReport(options, io);
    });

  program
    .command('check')
    .description(
      'Check budgets and alert rules and exit 0 within limits, 3 when a warning level is ' +
        'crossed, 4 when an alert level is. Fetches only the time span the rules need. ' +
        'Reads LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and LANGFUSE_BASE_URL.',
    )
    .option('--config <file>', 'budgets and rules from a YAML or JSON file (see the README)')
    .option(
      '--settings <file>',
      'budgets and rules from a VS Code settings file, e.g. .vscode/settings.json',
    )
    .option(
      '--budget <window=usd>',
      'project-wide budget in USD: daily=100, weekly=500 or monthly=2000; repeatable',
      collect,
      [],
    )
    .option(
      '--warn-at <share>',
      'share of a --budget that gives a warning, e.g. 80% or 0.8; default 80%',
    )
    .addOption(
      new Option(
        '--time-zone <iana>',
        "IANA zone of the day, week and month windows; default: the config's, else the machine's",
      ),
    )
    .option(
      '--at <iso>',
      'evaluate the windows that contain this instant (ISO 8601), with the data up to it; default: now',
    )
    .option(
      '--window <period>',
      'current: the windows containing --at; previous: the complete windows before them, ' +
        "e.g. yesterday's spend for a daily budget; default: current",
    )
    .option('--json', 'print the machine-readable states on stdout')
    .option('--base-url <url>', 'Langfuse base URL; overrides LANGFUSE_BASE_URL')
    .option('--verbose', 'log requests, retries and the fetched span on stderr')
    .action(async (options) => {
      outcome.exitCode = await runCheck(options, io);
    });

  program
    .command('export')
    .description(
      'Export traces, observations, scores, the report or a breakdown to a file or an S3 object. ' +
        'Nothing appears at --out unless the export completes. ' +
        'Reads LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and LANGFUSE_BASE_URL; S3 credentials ' +
        'and region come from the AWS environment variables or profile (AWS_PROFILE).',
    )
    .option('--what <kind>', 'traces, observations, scores, report or breakdown')
    .option('--format <format>', 'csv, json, jsonl or parquet; default: from the --out extension')
    .option('--out <path-or-s3-url>', 'a file path or s3://bucket/key')
    .option('--from <iso>', 'start of the range, inclusive (ISO 8601); default: 7 days before --to')
    .option('--to <iso>', 'end of the range, exclusive (ISO 8601); default: now')
    .option(
      '--range <name>',
      'named range instead of --from/--to: lastHour, last24Hours, last7Days, last30Days, last90Days, thisMonth, lastMonth',
    )
    .addOption(
      new Option(
        '--time-zone <iana>',
        "IANA zone for dates and day buckets; default: the machine's zone",
      ),
    )
    .option(
      '--filter <expression>',
      'filter such as "environment = production" or "tags all-of a,b"; repeatable',
      collect,
      [],
    )
    .option(
      '--group-by <dimensions>',
      'breakdown dimensions for report and breakdown; default model',
    )
    .option('--granularity <unit>', 'report time series buckets: hour, day, week or month')
    .option('--base-url <url>', 'Langfuse base URL; overrides LANGFUSE_BASE_URL')
    .option('--s3-endpoint <url>', 'S3-compatible endpoint, e.g. http://127.0.0.1:9000')
    .option('--s3-region <region>', "S3 region; default: AWS_REGION or the profile's region")
    .option('--s3-path-style', 'address the bucket in the path, as most S3-compatible stores need')
    .option('--verbose', 'log requests, retries, checkpoints and the upload on stderr')
    .action(async (options) => {
      outcome.exitCode = await runExportCommand(options, io);
    });

  return program;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Runs the CLI and returns the exit status: 0 success, 1 failure, 2 usage error, and for
 * `check` 3 when a warning level is crossed and 4 when an alert level is.
 */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const outcome = { exitCode: 0 };
  const program = buildProgram(io, outcome);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError || invalidBaseUrlIsUsage(error)) {
      io.stderr.write(`trace-insight: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof LangfuseError || error instanceof RangeError) {
      io.stderr.write(`trace-insight: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`trace-insight: unexpected failure: ${message.split('\n')[0]}\n`);
    return EXIT_FAILURE;
  }
}

/** The conventional status of a program stopped by Ctrl-C (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;

/** Runs the CLI on this process's arguments and streams, and sets the exit code. */
export function runCli(): void {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());

  // A closed pipe or a full disk on stdout is a failure to report, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') {
      process.stderr.write(`trace-insight: cannot write the output: ${error.message}\n`);
    }
    process.exit(EXIT_FAILURE);
  });

  void main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
  }).then((code) => {
    process.exitCode = controller.signal.aborted && code !== 0 ? EXIT_INTERRUPTED : code;
  });
}

if (require.main === module) {
  runCli();
}
