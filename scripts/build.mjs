// Bundles the extension host, the CLI, the local server and the benchmark (Node, CommonJS) and
// the dashboard webview (browser, IIFE) with esbuild.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');

const nodeEntries = {
  extension: 'src/extension/extension.ts',
  cli: 'src/cli/main.ts',
  server: 'src/server/main.ts',
  bench: 'bench/report.bench.ts',
  'analytics-bench': 'bench/analytics.bench.ts',
  'export-bench': 'bench/export.bench.ts',
};

const existing = Object.fromEntries(
  Object.entries(nodeEntries).filter(([, path]) => existsSync(path)),
);

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

await esbuild.build({
  ...common,
  entryPoints: existing,
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // @datadog/sketches-js requires protobufjs only inside its (unused) serialisation methods.
  external: ['vscode', 'protobufjs/minimal'],
});

if (existsSync('webview/dashboard/main.ts')) {
  await esbuild.build({
    ...common,
    entryPoints: { dashboard: 'webview/dashboard/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}
