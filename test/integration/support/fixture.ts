import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

/** Name of the fixture file that the runner writes into the test workspace folder. */
export const FIXTURE_FILE_NAME = '.trace-insight-test.json';

/**
 * Environment variable that the runner sets on code-server to the suite pass's fixture file.
 * The extension host of code-server 4.139 inherits it.
 */
export const FIXTURE_ENV = 'TRACE_INSIGHT_TEST_FIXTURE';

/** The local Langfuse-compatible server and run folder that one integration run uses. */
export interface TestFixture {
  serverUrl: string;
  publicKey: string;
  secretKey: string;
  seed: number;
  observations: number;
  days: number;
  /** Run folder, e.g. `<repo>/.test-runs/<timestamp>`; screenshots go to its `screenshots/`. */
  runDir: string;
  /** True in the runner's first pass, which must fail to prove that failures reach the runner. */
  selfCheck: boolean;
  /** False where the runner cannot take screenshots (desktop VS Code through test-electron). */
  screenshots: boolean;
  /** Mocha grep pattern from the runner's `--grep`; only matching tests run. */
  grep?: string;
}

/**
 * Returns the path of the fixture file. The first workspace folder's copy comes first, because it
 * belongs to the current pass. The file named by the environment variable is the fallback.
 */
export function fixturePath(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder !== undefined) {
    const inWorkspace = join(folder.uri.fsPath, FIXTURE_FILE_NAME);
    if (existsSync(inWorkspace)) {
      return inWorkspace;
    }
  }

  const fromEnv = process.env[FIXTURE_ENV];
  if (fromEnv !== undefined && existsSync(fromEnv)) {
    return fromEnv;
  }

  throw new Error(
    `Test fixture not found: no ${FIXTURE_FILE_NAME} in the workspace folder and ${FIXTURE_ENV} ` +
      `is ${fromEnv === undefined ? 'unset' : `"${fromEnv}", which does not exist`}. ` +
      'Run the suite with "npm run test:integration".',
  );
}

/** Reads and checks the fixture file that the runner wrote for this run. */
export function loadFixture(): TestFixture {
  const path = fixturePath();
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) {
    throw new Error(`Invalid test fixture ${path}: expected a JSON object`);
  }

  const record = parsed as Record<string, unknown>;
  for (const key of ['serverUrl', 'publicKey', 'secretKey', 'runDir']) {
    if (typeof record[key] !== 'string') {
      throw new Error(`Invalid test fixture ${path}: "${key}" must be a string`);
    }
  }
  for (const key of ['seed', 'observations', 'days']) {
    if (typeof record[key] !== 'number') {
      throw new Error(`Invalid test fixture ${path}: "${key}" must be a number`);
    }
  }

  if (record.grep !== undefined && typeof record.grep !== 'string') {
    throw new Error(`Invalid test fixture ${path}: "grep" must be a string when present`);
  }

  return {
    ...(record as unknown as TestFixture),
    selfCheck: record.selfCheck === true,
    screenshots: record.screenshots !== false,
  };
}
