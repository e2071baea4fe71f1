/**
 * Benchmark: the time and peak memory of `report` on 100,000 and 1,000,000 observations from
 * the local server, next to the floor of only downloading and JSON.parse-ing the same pages.
 *
 * Usage: npm run bench [-- --sizes 100000,1000000 --repeat 2]
 *        npm run bench -- --engine-only   (the engine's heap at a fixed number of traces)
 *
 * Each measurement runs in a fresh child process (this script with --measure), so its peak RSS
 * is its own; the server runs in another child process, so its work is excluded from that RSS
 * but shares the machine's cores with the measured process.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'undici';
import { LangfuseClient } from '../src/langfuse/client';
import type { Observation } from '../src/langfuse/types';
import { ReportBuilder } from '../src/metrics';

const FIELDS = 'core,basic,model,usage,prompt,trace_context';
const DAYS = 30;
const END_MS = Date.UTC(2026, 11, 1);
const RANGE = { fromMs: END_MS - DAYS * 86_400_000, toMs: END_MS };

interface Measurement {
  mode: 'floor' | 'report';
  observations: number;
  seconds: number;
  /** CPU time of the measuring process alone, user plus system. */
  cpuSeconds: number;
  peakRssMiB: number;
  heapUsedMiB: number;
}

async function measureFloor(baseUrl: string): Promise<number> {
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const authorization = `Basic ${Buffer.from('pk-lf-local:sk-lf-local').toString('base64')}`;
  let cursor: string | undefined;
  let count = 0;

  do {
    const url = new URL('/api/public/v2/observations', baseUrl);
    url.searchParams.set('fields', FIELDS);
    url.searchParams.set('limit', '1000');
    url.searchParams.set('fromStartTime', new Date(RANGE.fromMs).toISOString());
    url.searchParams.set('toStartTime', new Date(RANGE.toMs).toISOString());
    if (cursor) {
      url.searchParams.set('cursor', cursor);
    }
    const response = await request(url, { dispatcher: agent, headers: { authorization } });
    const body = JSON.parse(await response.body.text()) as {
      data: unknown[];
      meta: { cursor?: string | null };
    };
    count += body.data.length;
    cursor = body.meta.cursor ?? undefined;
  } while (cursor);

  await agent.close();
  return count;
}

async function measureReport(baseUrl: string): Promise<number> {
  const client = new LangfuseClient({
    baseUrl,
    publicKey: 'pk-lf-local',
    secretKey: 'sk-lf-local',
  });
  const builder = new ReportBuilder({ range: RANGE, timeZone: 'Europe/Berlin' });
  for await (const page of client.observationPages(RANGE)) {
    builder.addPage(page);
  }
  const report = builder.build();
  await client.close();
  return report.observations;
}

/**
 * Child mode: feeds the engine `observations` made-up observations spread over `traces` traces,
 * in process, and prints the heap after a forced GC. With a fixed trace count the heap should
 * not grow with the observation count.
 */
function measureEngineHeap(observations: number, traces: number): void {
  const builder = new ReportBuilder({ range: RANGE, timeZone: 'Europe/Berlin' });
  const spanMs = RANGE.toMs - RANGE.fromMs;
  const page: Observation[] = [];
  const startedAt = process.hrtime.bigint();

  for (let i = 0; i < observations; i++) {
    const startTimeMs = RANGE.fromMs + Math.floor((i / observations) * spanMs);
    page.push({
      id: `o${i}`,
      traceId: `t${i % traces}`,
      type: i % 3 === 0 ? 'GENERATION' : 'SPAN',
      name: 'step',
      startTimeMs,
      endTimeMs: startTimeMs + 200 + (i % 1000),
      level: i % 97 === 0 ? 'ERROR' : 'DEFAULT',
      model: i % 3 === 0 ? `model-${i % 7}` : null,
      usageDetails: { input: 100 + (i % 50), output: 20 + (i % 10) },
      costDetails: {},
      totalCostUsd: i % 3 === 0 ? 0.0001 * (i % 13) : null,
      userId: `u${i % 500}`,
      sessionId: `s${i % 5000}`,
      environment: 'production',
      traceName: `feature-${i % 9}`,
      tags: [],
      release: null,
      version: null,
      promptName: null,
      promptVersion: null,
    });
    if (page.length === 1000) {
      builder.addPage(page);
      page.length = 0;
    }
  }
  builder.addPage(page);
  const report = builder.build();
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;

  (globalThis as { gc?: () => void }).gc?.();
  const heapMiB = process.memoryUsage().heapUsed / 1024 / 1024;
  process.stdout.write(
    `${JSON.stringify({ observations: report.observations, traces: report.traces, seconds, heapMiB })}\n`,
  );
}

/** Child mode: one measurement, printed as one JSON line. */
async function measure(mode: 'floor' | 'report', baseUrl: string): Promise<void> {
  let heapUsedMax = 0;
  const sampler = setInterval(() => {
    heapUsedMax = Math.max(heapUsedMax, process.memoryUsage().heapUsed);
  }, 50);

  const startedAt = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const observations =
    mode === 'floor' ? await measureFloor(baseUrl) : await measureReport(baseUrl);
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);

  const result: Measurement = {
    mode,
    observations,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapUsedMiB: heapUsedMax / 1024 / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function startServer(observations: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      `${__dirname}/server.js`,
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

async function runChild(mode: 'floor' | 'report', url: string): Promise<Measurement> {
  const child = spawn(process.execPath, [__filename, '--measure', mode, '--url', url], {
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

/** Prints the engine's heap for growing observation counts at a fixed number of traces. */
async function runEngineHeapTable(): Promise<void> {
  console.log('engine only, in process: observations  traces  seconds  heap after GC MiB');
  for (const traces of [10_000, 100_000]) {
    for (const observations of [100_000, 1_000_000, 3_000_000]) {
      const child = spawn(
        process.execPath,
        [
          '--expose-gc',
          __filename,
          '--measure',
          'engine',
          '--observations',
          String(observations),
          '--traces',
          String(traces),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await once(child, 'exit');
      const result = JSON.parse(output) as { seconds: number; heapMiB: number };
      console.log(
        `${String(observations).padStart(38)}  ${String(traces).padStart(6)}  ` +
          `${result.seconds.toFixed(2).padStart(7)}  ${result.heapMiB.toFixed(1).padStart(17)}`,
      );
    }
  }
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const mode = argument('--measure');
  if (mode === 'floor' || mode === 'report') {
    await measure(mode, argument('--url') ?? '');
    return;
  }
  if (mode === 'engine') {
    measureEngineHeap(Number(argument('--observations')), Number(argument('--traces')));
    return;
  }

  if (process.argv.includes('--engine-only')) {
    await runEngineHeapTable();
    return;
  }

  const sizes = (argument('--sizes') ?? '100000,1000000').split(',').map(Number);
  const repeat = Number(argument('--repeat') ?? '2');
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  console.log('observations  mode    seconds  CPU seconds  peak RSS MiB  peak heap MiB');

  for (const size of sizes) {
    const server = await startServer(size);
    try {
      const best: Partial<Record<'floor' | 'report', Measurement>> = {};
      for (let round = 0; round < repeat; round++) {
        for (const measured of ['floor', 'report'] as const) {
          const result = await runChild(measured, server.url);
          const previous = best[measured];
          if (!previous || result.seconds < previous.seconds) {
            best[measured] = result;
          }
          console.log(
            `${String(result.observations).padStart(12)}  ${measured.padEnd(6)}  ` +
              `${result.seconds.toFixed(2).padStart(7)}  ${result.cpuSeconds.toFixed(2).padStart(11)}  ` +
              `${result.peakRssMiB.toFixed(0).padStart(12)}  ` +
              `${result.heapUsedMiB.toFixed(0).padStart(13)}`,
          );
        }
      }
      const ratio = (best.report?.seconds ?? NaN) / (best.floor?.seconds ?? NaN);
      const cpuRatio = (best.report?.cpuSeconds ?? NaN) / (best.floor?.cpuSeconds ?? NaN);
      console.log(
        `  best of ${repeat}: report / floor = ${ratio.toFixed(2)}x wall clock, ` +
          `${cpuRatio.toFixed(2)}x CPU of the measuring process`,
      );
    } finally {
      server.stop();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
