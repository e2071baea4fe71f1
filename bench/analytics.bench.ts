/**
 * Benchmark: the time and peak memory of the full analytics set on generated observations, next
 * to the floor of only generating and normalising the same observations. The set is every
 * breakdown, an hourly series, the heatmap, users and sessions, scores, cost per quality, an A/B
 * comparison, a what-if and estimates for unpriced observations.
 *
 * Usage: node --expose-gc dist/analytics-bench.js [--sizes 100000,1000000]
 *
 * The data comes from the in-process generator behind the sample data (src/server/dataset.ts),
 * so no HTTP is involved. Each measurement runs in a fresh child process, so its peak RSS is its
 * own.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseComparison } from '../src/analytics/comparison';
import { DIMENSION_NAMES } from '../src/analytics/dimensions';
import { parseQuality } from '../src/analytics/quality';
import { analyseSource } from '../src/analytics/sourceAnalysis';
import { SampleSource } from '../src/langfuse/sampleSource';

const DAYS = 30;
const END_MS = Date.UTC(2026, 11, 1);
const RANGE = { fromMs: END_MS - DAYS * 86_400_000, toMs: END_MS };

interface Measurement {
  mode: 'floor' | 'analytics';
  observations: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

async function measure(mode: Measurement['mode'], size: number): Promise<Measurement> {
  const source = new SampleSource({ seed: 3, observations: size, days: DAYS, endMs: END_MS });
  const startMs = performance.now();
  const cpuStart = process.cpuUsage();
  let observations = 0;

  if (mode === 'floor') {
    for await (const page of source.observationPages(RANGE)) {
      observations += page.length;
    }
  } else {
    const compare = parseComparison('model=gpt-4o,gpt-4o-mini');
    const result = await analyseSource(
      source,
      {
        range: RANGE,
        timeZone: 'Europe/Berlin',
        granularity: 'hour',
        dimensions: DIMENSION_NAMES.filter((name) => name !== 'metadata').map((name) => ({
          name,
        })),
        compare: { ...compare, scoreName: 'helpfulness' },
        quality: parseQuality('helpfulness>=0.8'),
        whatIf: [{ fromModel: 'gpt-4o', toModel: 'gpt-4o-mini' }],
        estimateUnpriced: true,
      },
      { nowMs: END_MS },
    );
    observations = result.insights.observations;
  }

  const cpu = process.cpuUsage(cpuStart);
  return {
    mode,
    observations,
    seconds: (performance.now() - startMs) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

async function inChild(mode: Measurement['mode'], size: number): Promise<Measurement> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', __filename, '--measure', mode, '--size', String(size)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) {
    throw new Error(`The ${mode} measurement of ${size} observations exited with ${code}.`);
  }
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as Measurement;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const index = args.indexOf(name);
    return index === -1 ? undefined : args[index + 1];
  };

  const mode = flag('--measure');
  if (mode === 'floor' || mode === 'analytics') {
    const result = await measure(mode, Number(flag('--size')));
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }

  const sizes = (flag('--sizes') ?? '1000000').split(',').map(Number);
  console.log(`node ${process.version}, ${DAYS} days of generated observations, one child each`);
  console.log('mode       observations   seconds   cpu s   peak RSS MiB');
  for (const size of sizes) {
    for (const measured of ['floor', 'analytics'] as const) {
      const result = await inChild(measured, size);
      console.log(
        `${result.mode.padEnd(10)} ${String(result.observations).padStart(12)} ` +
          `${result.seconds.toFixed(1).padStart(9)} ${result.cpuSeconds.toFixed(1).padStart(7)} ` +
          `${result.peakRssMiB.toFixed(0).padStart(14)}`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
