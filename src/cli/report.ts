import { LangfuseClient } from '../langfuse/client';
import type { Logger } from '../langfuse/http';
import { DEFAULT_BASE_URL } from '../langfuse/regions';
import { ReportBuilder } from '../metrics';
import { formatReport } from './format';
import { resolveRange, resolveTimeZone, UsageError } from './options';
import { Progress } from './progress';

export interface ReportCommandOptions {
  from?: string;
  to?: string;
  timeZone?: string;
  json?: boolean;
  baseUrl?: string;
  verbose?: boolean;
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
  const range = resolveRange(options.from, options.to, timeZone);
  const client = createClient(options, io);

  const builder = new ReportBuilder({ range, timeZone });
  const progress = new Progress(io.stderr);
  let observations = 0;
  let pages = 0;

  try {
    for await (const page of client.observationPages(range, io.signal)) {
      builder.addPage(page);
      observations += page.length;
      pages++;
      progress.update(observations, pages);
    }
  } finally {
    progress.done();
    await client.close();
  }

  const report = builder.build();
  if (options.verbose) {
    io.stderr.write(
      `trace-insight: ${client.requestCount} requests to ${client.baseUrl.host} ` +
        `(${client.observationsApiVersion} observations endpoint)\n`,
    );
  }
  io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
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
    logger: options.verbose ? stderrLogger(io.stderr) : undefined,
  });
}

function stderrLogger(stderr: NodeJS.WriteStream): Logger {
  const write = (level: string) => (message: string) => {
    stderr.write(`trace-insight ${level} ${message}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
