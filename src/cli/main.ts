import { Command, CommanderError, Option } from 'commander';
import { LangfuseError } from '../langfuse/errors';
import { invalidBaseUrlIsUsage } from './errors';
import { UsageError } from './options';
import { runReport, type CommandIo } from './report';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/** Builds the `trace-insight` program; `io` makes it testable without a subprocess. */
export function buildProgram(io: CommandIo): Command {
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
    .action(async (options) => {
      await runReport(options, io);
    });

  return program;
}

/** Runs the CLI and returns the exit status: 0 success, 1 failure, 2 usage error. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
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

/** Runs the CLI on this process's arguments and streams, and sets the exit code. */
export function runCli(): void {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  void main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
  }).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) {
  runCli();
}
