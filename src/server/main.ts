/**
 * Command line entry of the local Langfuse-compatible server (`node dist/server.js`).
 * Prints one JSON line `{"url":...,"publicKey":...,"secretKey":...}` to stdout once listening;
 * with --verbose it logs each request to stderr. Exits 0 on SIGTERM or SIGINT, 2 on a bad flag.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { localClock } from './timeline';
import { DEFAULT_PUBLIC_KEY, DEFAULT_SECRET_KEY, startServer } from './server';

function integerOption(name: string, min: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`${name} must be an integer of at least ${min}.`);
    }
    return parsed;
  };
}

function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0)) {
    throw new InvalidArgumentError('must be a number greater than 0.');
  }
  return parsed;
}

function isoTimestamp(value: string): number {
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) {
    throw new InvalidArgumentError('must be an ISO 8601 date-time such as 2026-01-31T00:00:00Z.');
  }
  return parsed;
}

function timeZoneName(value: string): string {
  try {
    localClock(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return value;
}

interface CliOptions {
  port: number;
  seed: number;
  observations: number;
  days: number;
  end?: number;
  timeZone: string;
  v1Only: boolean;
  publicKey: string;
  secretKey: string;
  rateLimitPerMinute?: number;
  verbose: boolean;
}

async function main(): Promise<void> {
  const program = new Command()
    .name('trace-insight-server')
    .description("Serve generated Langfuse data on 127.0.0.1 through Langfuse's public API.")
    .option('--port <port>', 'TCP port; 0 picks a free one', integerOption('port', 0), 0)
    .option('--seed <seed>', 'seed of the generated data', integerOption('seed', 0), 42)
    .option(
      '--observations <count>',
      'total observations',
      integerOption('observations', 1),
      100_000,
    )
    .option('--days <days>', 'length of the period in days', positiveNumber, 14)
    .option(
      '--end <iso>',
      'end of the period (default: start of the current UTC hour)',
      isoTimestamp,
    )
    .option(
      '--time-zone <zone>',
      'IANA zone whose working hours get more traffic',
      timeZoneName,
      'UTC',
    )
    .option(
      '--v1-only',
      'answer 404 on v2 observations and v3 scores, like an older Langfuse',
      false,
    )
    .option('--public-key <key>', 'public key accepted in HTTP Basic auth', DEFAULT_PUBLIC_KEY)
    .option('--secret-key <key>', 'secret key accepted in HTTP Basic auth', DEFAULT_SECRET_KEY)
    .option(
      '--rate-limit-per-minute <count>',
      'requests per minute before 429',
      integerOption('rate-limit-per-minute', 1),
    )
    .option('--verbose', 'log each request to stderr', false)
    .exitOverride((error: CommanderError) => {
      const helpOrVersion =
        error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      process.exit(helpOrVersion ? 0 : 2);
    });

  program.parse(process.argv);
  const options = program.opts<CliOptions>();
  const hourMs = 3_600_000;
  const endMs = options.end ?? Math.floor(Date.now() / hourMs) * hourMs;

  let server;
  try {
    server = await startServer({
      port: options.port,
      publicKey: options.publicKey,
      secretKey: options.secretKey,
      v1Only: options.v1Only,
      data: {
        seed: options.seed,
        observations: options.observations,
        days: options.days,
        endMs,
        timeZone: options.timeZone,
      },
      faults: options.rateLimitPerMinute ? { requestsPerMinute: options.rateLimitPerMinute } : {},
      onError: (entry, error) => {
        process.stderr.write(`[server] failed ${entry.method} ${entry.path}: ${error.stack}\n`);
      },
      onRequest: options.verbose
        ? (entry) => {
            const query = entry.query === '' ? '' : `?${entry.query}`;
            process.stderr.write(
              `[server] ${entry.status} ${entry.method} ${entry.path}${query}\n`,
            );
          }
        : undefined,
    });
  } catch (error) {
    process.stderr.write(`error: the server failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  }

  const running = server;
  const announcement = {
    url: running.url,
    publicKey: running.publicKey,
    secretKey: running.secretKey,
  };
  process.stdout.write(`${JSON.stringify(announcement)}\n`);

  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
