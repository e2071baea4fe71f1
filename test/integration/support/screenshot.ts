import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadFixture } from './fixture';

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;
const POLL_INTERVAL_MS = 100;

/**
 * Asks the runner for a screenshot of the whole workbench and waits until it is written.
 * The runner watches `<runDir>/screenshots/` for `<name>.request`, saves `<name>.png` and then
 * writes `<name>.done`, which contains `ok` or `error: <message>`. Returns the path of the PNG,
 * or undefined where the runner takes no screenshots (desktop VS Code through test-electron).
 */
export async function requestScreenshot(
  name: string,
  timeoutMs = 30_000,
): Promise<string | undefined> {
  if (!NAME_PATTERN.test(name)) {
    throw new Error(
      `Invalid screenshot name "${name}": use letters, digits, ".", "_" and "-", e.g. "tree"`,
    );
  }

  const fixture = loadFixture();
  if (!fixture.screenshots) {
    console.log(`[screenshot] ${name}: skipped, this runner takes no screenshots`);
    return undefined;
  }

  const folder = join(fixture.runDir, 'screenshots');
  mkdirSync(folder, { recursive: true });
  const donePath = join(folder, `${name}.done`);
  if (existsSync(donePath)) {
    throw new Error(`Screenshot "${name}" was already taken in this run; pick another name`);
  }
  writeFileSync(join(folder, `${name}.request`), `${new Date().toISOString()}\n`);

  const deadlineMs = Date.now() + timeoutMs;
  while (!existsSync(donePath)) {
    if (Date.now() > deadlineMs) {
      throw new Error(
        `Screenshot "${name}" timed out after ${timeoutMs} ms: the runner did not respond to ` +
          `${folder}/${name}.request. Is the suite running under "npm run test:integration"?`,
      );
    }
    await sleep(POLL_INTERVAL_MS);
  }

  const status = readFileSync(donePath, 'utf8').trim();
  if (status !== 'ok') {
    throw new Error(`Screenshot "${name}" failed in the runner: ${status}`);
  }
  return join(folder, `${name}.png`);
}
