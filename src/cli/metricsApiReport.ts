import * as os from 'node:os';
import * as path from 'node:path';
import { MetricsCache } from '../analytics/metricsCache';
import {
  analyseWithMetricsApi,
  METRICS_API_MODES,
  type MetricsApiMode,
} from '../analytics/metricsPath';
import type { LangfuseClient } from '../langfuse/client';
import type { TimeRange } from '../langfuse/types';
import { formatReport } from './format';
import { UsageError } from './options';
import { stderrLogger, type CommandIo, type ReportCommandOptions } from './report';

/** Overrides the folder of the CLI's Metrics API cache. */
export const METRICS_CACHE_ENV = 'TRACE_INSIGHT_METRICS_CACHE';

/**
 * Prints the report from Langfuse's Metrics API v2 when `--metrics-api` selects it for the range.
 * Returns false, having printed nothing, when the report must stream observations instead. The
 * client stays open either way.
 */
export async function runMetricsApiReport(
  client: LangfuseClient,
  options: ReportCommandOptions,
  io: CommandIo,
  range: TimeRange,
  timeZone: string,
): Promise<boolean> {
  const mode = metricsApiMode(options.metricsApi);
  if (mode === 'never') {
    return false;
  }

  const result = await analyseWithMetricsApi(client, {
    range,
    timeZone,
    nowMs: Date.now(),
    mode,
    filterCount: 0,
    cache: new MetricsCache(cacheFile(options, io.env)),
    logger: stderrLogger(io.stderr, Boolean(options.verbose)),
    signal: io.signal,
  });
  if (result === null) {
    return false;
  }

  const { report } = result.analytics;
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ...report, metricsApi: result.metricsApi }, null, 2)}\n`);
  } else {
    io.stdout.write(formatReport(report));
    io.stdout.write(
      'Served by Langfuse Metrics API v2 in UTC days. Not available on this path, shown as 0: ' +
        `${result.metricsApi.unavailable.join(', ')}. Run with --metrics-api never for them.\n`,
    );
  }
  return true;
}

function metricsApiMode(value: string | undefined): MetricsApiMode {
  if (value === undefined) {
    return 'never';
  }
  const mode = METRICS_API_MODES.find((item) => item === value);
  if (mode === undefined) {
    throw new UsageError(`--metrics-api ${value} is invalid; use auto, always or never.`);
  }
  return mode;
}

function cacheFile(options: ReportCommandOptions, env: NodeJS.ProcessEnv): string | null {
  if (options.cache === false) {
    return null;
  }
  const folder =
    env[METRICS_CACHE_ENV] || path.join(os.homedir(), '.cache', 'trace-insight', 'metrics');
  return path.join(folder, 'metrics-cache.json');
}
