// Mocha entry that VS Code's extension host loads through `extensionTestsPath`. The runner reads
// the exit code from the workbench and the per-test results from the JSON file written here.
import { appendFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { FIXTURE_ENV, loadFixture } from './support/fixture';

/** Results of one pass, written to `<runDir>/results-<pass>.json` for the runner. */
export interface PassResults {
  pass: 'self-check' | 'suite';
  passes: number;
  failures: number;
  pending: number;
  failed: Array<{ title: string; message: string }>;
  /** Whether the extension host saw the environment variable that the runner set on code-server. */
  fixtureEnvInherited: boolean;
  durationMs: number;
}

function testFiles(selfCheck: boolean): string[] {
  if (selfCheck) {
    return [join(__dirname, 'selfcheck.test.js')];
  }

  const suiteDir = join(__dirname, 'suite');
  const files = existsSync(suiteDir)
    ? readdirSync(suiteDir).filter((name) => name.endsWith('.test.js'))
    : [];
  if (files.length === 0) {
    throw new Error(`No integration tests found: ${suiteDir} has no *.test.js files`);
  }
  return files.sort().map((name) => join(suiteDir, name));
}

export async function run(): Promise<void> {
  const startMs = Date.now();
  const fixture = loadFixture();
  const pass = fixture.selfCheck ? 'self-check' : 'suite';
  const fixtureEnvInherited = process.env[FIXTURE_ENV] !== undefined;
  console.log(`[index] ${pass} pass; ${FIXTURE_ENV} inherited: ${fixtureEnvInherited}`);

  // The reporter's lines also go to a file that the runner prints, because in the page console
  // they are mixed with the workbench's own messages.
  const logDir = join(fixture.runDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, `mocha-${pass}.log`);
  const consoleLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    appendFileSync(logPath, `${format(...args)}\n`);
    consoleLog(...args);
  };

  // Both interfaces are bound, so a suite file may use suite/test (tdd) or describe/it (bdd).
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 60_000 });
  Mocha.interfaces.bdd(mocha.suite);
  if (fixture.grep !== undefined) {
    mocha.grep(fixture.grep);
  }
  for (const file of testFiles(fixture.selfCheck)) {
    mocha.addFile(file);
  }

  const failed: PassResults['failed'] = [];
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? emptyStats()));
    runner.on('fail', (test, error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      failed.push({ title: test.fullTitle(), message });
    });
  }).finally(() => {
    Mocha.reporters.Base.consoleLog = consoleLog;
  });

  const results: PassResults = {
    pass,
    passes: stats.passes,
    failures: stats.failures,
    pending: stats.pending,
    failed,
    fixtureEnvInherited,
    durationMs: Date.now() - startMs,
  };
  mkdirSync(fixture.runDir, { recursive: true });
  writeFileSync(
    join(fixture.runDir, `results-${pass}.json`),
    `${JSON.stringify(results, null, 2)}\n`,
  );

  if (stats.failures > 0) {
    throw new Error(`${stats.failures} integration test(s) failed`);
  }
  if (stats.passes === 0) {
    const filter = fixture.grep === undefined ? '' : ` matching --grep "${fixture.grep}"`;
    throw new Error(`No integration test ran: no test${filter} was found`);
  }
}

function emptyStats(): Mocha.Stats {
  return { suites: 0, tests: 0, passes: 0, pending: 0, failures: 0 };
}
