// Runs the integration tests in desktop VS Code through @vscode/test-electron, for machines that
// can download VS Code from Microsoft's update servers (or that set VSCODE_EXECUTABLE_PATH to a
// local VS Code). Same two passes as the code-server runner: a self-check that must fail, then
// the suite. Screenshots are not available here; requestScreenshot() skips them.
//
//   npm run compile-tests && npm run build && node scripts/test-electron.mjs [--grep PATTERN]
//
// NOTE: never run against a desktop VS Code yet; CI uses the code-server runner.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { startLocalServer } from './code-server/localServer.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = 42;
const OBSERVATIONS = 20_000;
const DAYS = 14;

const { values: options } = parseArgs({ options: { grep: { type: 'string' } } });

function log(message) {
  process.stdout.write(`[test-electron] ${message}\n`);
}

function readResults(runDir, pass) {
  try {
    return JSON.parse(readFileSync(join(runDir, `results-${pass}.json`), 'utf8'));
  } catch {
    return null;
  }
}

async function runPass(vscodeOptions, writeFixture, selfCheck) {
  writeFixture(selfCheck);
  try {
    await runTests(vscodeOptions);
    return 0;
  } catch (error) {
    log(`VS Code ended with: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function main() {
  const runDir = join(
    REPO,
    '.test-runs',
    `${new Date().toISOString().replace(/[:.]/g, '-')}-electron`,
  );
  const workspace = join(runDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(join(runDir, 'logs'), { recursive: true });

  const server = await startLocalServer({
    script: join(REPO, 'dist', 'server.js'),
    seed: SEED,
    observations: OBSERVATIONS,
    days: DAYS,
    logFile: join(runDir, 'logs', 'server.log'),
    timeoutMs: 60_000,
  });

  const fixturePath = join(workspace, '.trace-insight-test.json');
  const writeFixture = (selfCheck) => {
    const fixture = {
      serverUrl: server.url,
      publicKey: server.publicKey,
      secretKey: server.secretKey,
      seed: SEED,
      observations: OBSERVATIONS,
      days: DAYS,
      runDir,
      selfCheck,
      screenshots: false,
      ...(options.grep === undefined ? {} : { grep: options.grep }),
    };
    writeFileSync(fixturePath, `${JSON.stringify(fixture, null, 2)}\n`);
  };

  const vscodeOptions = {
    extensionDevelopmentPath: REPO,
    extensionTestsPath: join(REPO, 'out', 'test', 'integration', 'index.js'),
    extensionTestsEnv: { TRACE_INSIGHT_TEST_FIXTURE: fixturePath },
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      `--user-data-dir=${join(runDir, 'user-data')}`,
    ],
    ...(process.env.VSCODE_EXECUTABLE_PATH
      ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH }
      : {}),
  };

  try {
    log('self-check pass: one test must fail');
    const selfCheckCode = await runPass(vscodeOptions, writeFixture, true);
    const selfCheck = readResults(runDir, 'self-check');
    if (selfCheckCode === 0 || selfCheck?.failures !== 1 || selfCheck?.passes !== 1) {
      log('self-check failed: the deliberately failing test did not fail the run as expected');
      return 1;
    }

    log('suite pass');
    const code = await runPass(vscodeOptions, writeFixture, false);
    const results = readResults(runDir, 'suite');
    process.stdout.write(
      `integration: ${results?.passes ?? 0} passed, ${results?.failures ?? (code === 0 ? 0 : 1)} failed\n`,
    );
    return code === 0 && results?.failures === 0 ? 0 : 1;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(
      `[test-electron] ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
