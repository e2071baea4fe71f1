// Runs the extension's integration tests inside a real VS Code (code-server in Chromium).
// First a self-check pass that must fail on purpose, then the suite. Exits with the suite's code.
//
//   npm run test:integration -- [options]
//     --grep PATTERN            run only the suite tests whose full title matches
//     --save-screenshots DIR    copy the suite's screenshots to DIR when it passes
//     --verbose                 print the workbench's console, not only the test output
//     --skip-self-check         run the suite pass only
//     --seed, --observations, --days   data of the local server (42, 20000, 14)
//     --extension DIR, --tests FILE, --server FILE   other extension, test entry or server
//
// Expects a built extension (dist/), compiled tests (out/test/integration/) and
// `node scripts/code-server/ensure.mjs` to have run. Each run's logs, screenshots and results
// are in .test-runs/<time>/.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRunDir, startCodeServer, testPayload } from './codeServer.mjs';
import { workbenchUrl, writeUserSettings } from './codeServer.mjs';
import { startLocalServer } from './localServer.mjs';
import { CHROMIUM_PATH, INSTALL_MARKER, codeServerDir } from './paths.mjs';
import { freePort, killAllGroupsNow, sessionMemoryMb } from './processes.mjs';
import { Workbench } from './workbench.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE_FILE_NAME = '.trace-insight-test.json';
const FIXTURE_ENV = 'TRACE_INSIGHT_TEST_FIXTURE';
const SELF_CHECK_TIMEOUT_MS = 3 * 60_000;
const OVERALL_TIMEOUT_MS = 10 * 60_000;

const { values: options } = parseArgs({
  options: {
    grep: { type: 'string' },
    'save-screenshots': { type: 'string' },
    extension: { type: 'string', default: REPO },
    tests: { type: 'string', default: join(REPO, 'out', 'test', 'integration', 'index.js') },
    server: { type: 'string', default: join(REPO, 'dist', 'server.js') },
    seed: { type: 'string', default: '42' },
    observations: { type: 'string', default: '20000' },
    days: { type: 'string', default: '14' },
    'skip-self-check': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

function log(message) {
  process.stdout.write(`[runner] ${message}\n`);
}

function seconds(startMs) {
  return `${((Date.now() - startMs) / 1000).toFixed(1)} s`;
}

function checkPrerequisites(extensionPath, testsIndex) {
  const problems = [];
  if (!existsSync(join(codeServerDir(), INSTALL_MARKER))) {
    problems.push(
      `code-server is not installed in ${codeServerDir()}: run ` +
        '"node scripts/code-server/ensure.mjs"',
    );
  }
  if (!existsSync(CHROMIUM_PATH)) {
    problems.push(
      `Chromium is missing at ${CHROMIUM_PATH}: run "node scripts/code-server/ensure.mjs"`,
    );
  }
  if (!existsSync(testsIndex)) {
    problems.push(`Test entry ${testsIndex} not found: run "npm run compile-tests"`);
  }

  const manifestPath = join(extensionPath, 'package.json');
  if (!existsSync(manifestPath)) {
    problems.push(`Extension manifest ${manifestPath} not found`);
  } else {
    const main = JSON.parse(readFileSync(manifestPath, 'utf8')).main;
    if (typeof main === 'string' && !existsSync(join(extensionPath, main))) {
      problems.push(`Extension entry ${join(extensionPath, main)} not found: run "npm run build"`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`Cannot run the integration tests:\n  ${problems.join('\n  ')}`);
  }
}

function readResults(runDir, pass) {
  const path = join(runDir, `results-${pass}.json`);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

// The self-check pass runs one passing and one deliberately failing test. Anything else means the
// harness would not notice a failing suite.
function verifySelfCheck(code, results) {
  if (code === 0) {
    throw new Error('Self-check failed: the deliberately failing test ended with exit code 0');
  }
  if (results === null) {
    throw new Error(`Self-check failed: exit code ${code} but the test entry wrote no results`);
  }
  const failedTitle = results.failed[0]?.title ?? '';
  if (
    results.passes !== 1 ||
    results.failures !== 1 ||
    !failedTitle.endsWith('deliberate failure')
  ) {
    throw new Error(
      'Self-check failed: expected 1 passing test and the deliberate failure, got ' +
        `${results.passes} passing, ${results.failures} failing (${failedTitle || 'none'})`,
    );
  }
}

function saveScreenshots(from, to) {
  const files = existsSync(from) ? readdirSync(from).filter((f) => f.endsWith('.png')) : [];
  mkdirSync(to, { recursive: true });
  for (const file of files) {
    copyFileSync(join(from, file), join(to, file));
  }
  log(`copied ${files.length} screenshot(s) to ${to}`);
}

async function main() {
  const startMs = Date.now();
  const extensionPath = resolve(options.extension);
  const testsIndex = resolve(options.tests);
  checkPrerequisites(extensionPath, testsIndex);

  const dirs = createRunDir(join(REPO, '.test-runs'));
  log(`run folder ${dirs.runDir}`);
  const stoppers = [];
  const stopAll = async () => {
    for (const stop of stoppers.reverse()) {
      await stop().catch((error) => log(`cleanup failed: ${error.message}`));
    }
    stoppers.length = 0;
  };
  process.once('exit', killAllGroupsNow);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      stopAll().finally(() => process.exit(130));
    });
  }
  const overall = setTimeout(() => {
    log(`timed out after ${OVERALL_TIMEOUT_MS / 60_000} minutes; stopping`);
    stopAll().finally(() => process.exit(1));
  }, OVERALL_TIMEOUT_MS);

  try {
    return await runPasses({ dirs, extensionPath, testsIndex, stoppers, startMs });
  } finally {
    clearTimeout(overall);
    await stopAll();
    log(`finished in ${seconds(startMs)}`);
  }
}

async function runPasses({ dirs, extensionPath, testsIndex, stoppers, startMs }) {
  const server = await startLocalServer({
    script: resolve(options.server),
    seed: Number(options.seed),
    observations: Number(options.observations),
    days: Number(options.days),
    logFile: join(dirs.logs, 'server.log'),
    timeoutMs: 60_000,
  });
  stoppers.push(server.stop);
  log(`local server ${server.url} (seed ${options.seed}, ${options.observations} observations)`);

  // Each pass opens its own workspace folder, so editors and state that the self-check pass leaves
  // behind are not restored into the suite's window.
  const selfCheckWorkspace = join(dirs.runDir, 'workspace-self-check');
  mkdirSync(selfCheckWorkspace, { recursive: true });
  const fixturePath = join(dirs.workspace, FIXTURE_FILE_NAME);
  const writeFixture = (folder, selfCheck) => {
    const fixture = {
      serverUrl: server.url,
      publicKey: server.publicKey,
      secretKey: server.secretKey,
      seed: Number(options.seed),
      observations: Number(options.observations),
      days: Number(options.days),
      runDir: dirs.runDir,
      selfCheck,
      screenshots: true,
      ...(options.grep === undefined ? {} : { grep: options.grep }),
    };
    writeFileSync(join(folder, FIXTURE_FILE_NAME), `${JSON.stringify(fixture, null, 2)}\n`);
  };
  writeFixture(selfCheckWorkspace, true);
  writeFixture(dirs.workspace, false);
  writeUserSettings(dirs);

  const codeServerStartMs = Date.now();
  const codeServer = await startCodeServer({
    dirs,
    port: await freePort(),
    extraEnv: { [FIXTURE_ENV]: fixturePath },
    smokeTestDriver: true,
    timeoutMs: 30_000,
  });
  stoppers.push(codeServer.stop);
  log(`code-server ${codeServer.url} responded at /healthz in ${seconds(codeServerStartMs)}`);

  const workbench = new Workbench({ dirs, verbose: options.verbose });
  stoppers.push(() => workbench.close());
  await workbench.launch();
  const payload = testPayload(extensionPath, testsIndex);

  if (!options['skip-self-check']) {
    const passStartMs = Date.now();
    log('self-check pass: the test "deliberate failure" must fail');
    const code = await workbench.runTests(
      workbenchUrl(codeServer.url, selfCheckWorkspace, payload),
      SELF_CHECK_TIMEOUT_MS,
      join(dirs.logs, 'mocha-self-check.log'),
    );
    verifySelfCheck(code, readResults(dirs.runDir, 'self-check'));
    log(`self-check pass failed as required (exit code ${code}) in ${seconds(passStartMs)}`);
  }

  const passStartMs = Date.now();
  log('suite pass');
  const remainingMs = Math.max(OVERALL_TIMEOUT_MS - (Date.now() - startMs) - 15_000, 30_000);
  const code = await workbench.runTests(
    workbenchUrl(codeServer.url, dirs.workspace, payload),
    remainingMs,
    join(dirs.logs, 'mocha-suite.log'),
  );
  const results = readResults(dirs.runDir, 'suite');
  log(
    `suite pass ended with exit code ${code} in ${seconds(passStartMs)}; ` +
      `code-server memory (summed RSS) ${sessionMemoryMb(codeServer.child) ?? 'unknown'} MB`,
  );
  if (results !== null) {
    log(`extension host inherited ${FIXTURE_ENV}: ${results.fixtureEnvInherited}`);
  }

  const passed = results?.passes ?? 0;
  const failed = results?.failures ?? (code === 0 ? 0 : 1);
  process.stdout.write(`integration: ${passed} passed, ${failed} failed\n`);
  const ok = code === 0 && results !== null && results.failures === 0;
  if (code === 0 && results === null) {
    log('the suite exited with code 0 but wrote no results file; counting the run as failed');
  }
  if (results !== null && results.passes === 0 && results.failures === 0) {
    log('no integration test ran, which counts as a failure; check --grep and the suite folder');
  }
  if (!ok) {
    log(`workbench console: ${join(dirs.logs, 'workbench-console.log')}`);
    log(`code-server log: ${codeServer.logFile}`);
  }

  if (options['save-screenshots'] !== undefined) {
    if (ok) {
      saveScreenshots(dirs.screenshots, resolve(options['save-screenshots']));
    } else {
      log('screenshots not copied because the suite failed');
    }
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`[runner] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
