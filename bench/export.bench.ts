/**
 * Benchmark: rows per second and peak memory of exporting observations to each format, next to
 * the floor of only reading the same pages.
 *
 * Usage: npm run build && node --expose-gc dist/export-bench.js
 *          [--observations 1000000] [--source generator|server] [--formats csv,json,jsonl,parquet]
 *
 * `generator` (the default) reads from the in-process generator behind the sample data, so
 * the figures are the export's own cost; `server` reads through HTTP from the local
 * Langfuse-compatible server (dist/server.js, a child process). Each measurement runs in a fresh
 * child process, so its peak RSS is its own. Files go to a temporary folder, deleted at the end.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExport } from '../src/export/exportData';
import { EXPORT_FORMATS, type ExportFormat } from '../src/export/types';
import { LangfuseClient } from '../src/langfuse/client';
import { SampleSource } from '../src/langfuse/sampleSource';
import type { ObservationSource } from '../src/langfuse/types';

const DAYS = 30;
const END_MS = Date.UTC(2026, 11, 1);
const RANGE = { fromMs: END_MS - DAYS * 86_400_000, toMs: END_MS };

type Mode = 'read' | ExportFormat;

interface Measurement {
  mode: Mode;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  fileMiB: number;
}

function openSource(
  observations: number,
  url: string | undefined,
): ObservationSource & {
  close?: () => Promise<void>;
} {
  if (url) {
    return new LangfuseClient({ baseUrl: url, publicKey: 'pk-lf-local', secretKey: 'sk-lf-local' });
  }
  return new SampleSource({ seed: 42, observations, days: DAYS, endMs: END_MS });
}

/** Child mode: one measurement, printed as one JSON line. */
async function measure(mode: Mode, observations: number, url: string | undefined): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'trace-insight-export-bench-'));
  const source = openSource(observations, url);
  let peakHeap = 0;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 50);

  const startedAt = process.hrtime.bigint();
  let rows = 0;
  let fileBytes = 0;
  if (mode === 'read') {
    for await (const page of source.observationPages(RANGE)) {
      rows += page.length;
    }
  } else {
    const target = join(folder, `observations.${mode}`);
    const result = await runExport({
      what: 'observations',
      format: mode,
      target,
      source,
      range: RANGE,
      timeZone: 'UTC',
    });
    rows = result.rows;
    fileBytes = (await stat(target)).size;
  }
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  clearInterval(sampler);
  await source.close?.();
  await rm(folder, { recursive: true, force: true });

  const result: Measurement = {
    mode,
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    peakHeapMiB: peakHeap / 1024 / 1024,
    fileMiB: fileBytes / 1024 / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function startServer(observations: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      join(__dirname, 'server.js'),
      '--port',
      '0',
      '--seed',
      '42',
      '--observations',
      String(observations),
      '--days',
      String(DAYS),
      '--end',
      new Date(END_MS).toISOString(),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const { url } = JSON.parse(line.toString()) as { url: string };
  return { url, stop: () => child.kill('SIGTERM') };
}

async function runChild(mode: Mode, observations: number, url?: string): Promise<Measurement> {
  const args = [__filename, '--measure', mode, '--observations', String(observations)];
  const child = spawn(process.execPath, url ? [...args, '--url', url] : args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) {
    throw new Error(`the ${mode} measurement exited with ${code}`);
  }
  return JSON.parse(output) as Measurement;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const observations = Number(argument('--observations') ?? '1000000');
  const measured = argument('--measure') as Mode | undefined;
  if (measured) {
    await measure(measured, observations, argument('--url'));
    return;
  }

  const sourceName = argument('--source') ?? 'generator';
  const formats = (argument('--formats') ?? EXPORT_FORMATS.join(',')).split(',') as ExportFormat[];
  const server = sourceName === 'server' ? await startServer(observations) : undefined;
  console.log(`node ${process.version}, ${new Date().toISOString()}, source: ${sourceName}`);
  console.log('mode       rows    seconds   rows/s  peak RSS MiB  peak heap MiB  file MiB');
  try {
    for (const mode of ['read', ...formats] as Mode[]) {
      const result = await runChild(mode, observations, server?.url);
      console.log(
        `${mode.padEnd(7)}  ${String(result.rows).padStart(7)}  ${result.seconds.toFixed(2).padStart(7)}  ` +
          `${result.rowsPerSecond.toFixed(0).padStart(7)}  ${result.peakRssMiB.toFixed(0).padStart(12)}  ` +
          `${result.peakHeapMiB.toFixed(0).padStart(13)}  ${result.fileMiB.toFixed(0).padStart(8)}`,
      );
    }
  } finally {
    server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
