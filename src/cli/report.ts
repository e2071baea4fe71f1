import { LangfuseClient } from '../langfuse/client';
import type { Logger } from '../langfuse/http';
import type { TimeRange } from '../langfuse/types';
import { DEFAULT_BASE_URL } from '../langfuse/regions';
import {
  analyticsOptionsOf,
  wantsAnalytics,
  type AnalyticsCommandOptions,
} from '../analytics/reportOptions';
import { buildReportWithAnalytics } from '../analytics/runAnalytics';
import { runMetricsApiReport } from './metricsApiReport';
import { ReportBuilder } from '../metrics';
import { formatReport } from './format';
import { resolveRangeOptions, resolveTimeZone, UsageError } from './options';
import { Progress, streamPages } from './progress';

export interface ReportCommandOptions extends AnalyticsCommandOptions {
  /** A named range such as last7Days, instead of --from and --to. */
  range?: string;
  from?: string;
  to?: string;
  timeZone?: string;
  json?: boolean;
  baseUrl?: string;
  verbose?: boolean;
  /** auto, always or never (the default): read the report's aggregates from Metrics API v2. */
  metricsApi?: string;
  /** False with --no-cache: every Metrics API query is sent. */
  cache?: boolean;
}

export interface CommandIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** Runs `trace-insight report`: streams observations for the range and prints the report. */
export async function runReport(options: ReportCommandOptions, io: CommandIo): Promise<void> {
  const timeZone = resolveTimeZone(options.timeZone);
  const range = resolveRangeOptions(options, timeZone);
  if (wantsAnalytics(options)) {
    await runAnalyticsReport(options, io, range, timeZone);
    return;
  }
  const client = createClient(options, io);
  if (await runMetricsApiReport(client, options, io, range, timeZone)) {
    return;
  }

  const builder = new ReportBuilder({ range, timeZone });
  await streamPages(client, range, io, (page) => builder.addPage(page));

  const report = builder.build();
  if (options.verbose) {
    io.stderr.write(
      `trace-insight: ${client.requestCount} requests to ${client.baseUrl.host} ` +
        `(${client.observationsApiVersion} observations endpoint)\n`,
    );
  }
  io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
}

/** Runs the report with the `analytics` key: filters, breakdowns, series, scores, what-if. */
async function runAnalyticsReport(
  options: ReportCommandOptions,
  io: CommandIo,
  range: TimeRange,
  timeZone: string,
): Promise<void> {
  try {
    analyticsOptionsOf(options, range, timeZone);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new UsageError(error.message);
    }
    throw error;
  }

  const client = createClient(options, io);
  const progress = new Progress(io.stderr);
  let observations = 0;
  let pages = 0;
  let result;
  try {
    result = await buildReportWithAnalytics(client, options, range, timeZone, {
      logger: stderrLogger(io.stderr, Boolean(options.verbose)),
      signal: io.signal,
      onPage: (count) => {
        observations += count;
        pages++;
        progress.update(observations, pages);
      },
    });
  } finally {
    progress.done();
    await client.close();
  }

  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ ...result.report, analytics: result.analytics }, null, 2)}\n`,
    );
    return;
  }
  io.stdout.write(formatReport(result.report));
  io.stdout.write(
    'Filters, breakdowns, series and scores: run again with --json (key "analytics").\n',
  );
}

export function createClient(
  options: { baseUrl?: string; verbose?: boolean },
  io: CommandIo,
): LangfuseClient {
  const publicKey = io.env.LANGFUSE_PUBLIC_KEY ?? '';
  const secretKey = io.env.LANGFUSE_SECRET_KEY ?? '';
  const missing = [
    publicKey ? undefined : 'LANGFUSE_PUBLIC_KEY',
    secretKey ? undefined : 'LANGFUSE_SECRET_KEY',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new UsageError(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set; export the ` +
        "project's API keys from Langfuse (Settings > API Keys) in these variables.",
    );
  }

  const baseUrl = options.baseUrl ?? io.env.LANGFUSE_BASE_URL ?? DEFAULT_BASE_URL;
  return new LangfuseClient({
    baseUrl,
    publicKey,
    secretKey,
    logger: stderrLogger(io.stderr, Boolean(options.verbose)),
  });
}

/**
 * Logs to stderr: retries and other warnings always, so a slow or failing server is visible,
 * and requests and fallbacks with --verbose.
 */
export function stderrLogger(stderr: NodeJS.WriteStream, verbose: boolean): Logger {
  const write = (level: string) => (message: string) => {
    stderr.write(`trace-insight ${level} ${message}\n`);
  };
  const ignore = (): void => undefined;
  return {
    debug: verbose ? write('debug') : ignore,
    info: verbose ? write('info') : ignore,
    warn: write('warn'),
    error: write('error'),
  };
}
