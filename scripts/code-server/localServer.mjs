// Starts the repository's local Langfuse-compatible server (dist/server.js) and reads the one
// JSON line it prints once listening: {"url","publicKey","secretKey"}.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { clearTimeout, setTimeout } from 'node:timers';
import { spawnGroup, stopGroup } from './processes.mjs';

export const LOCAL_PUBLIC_KEY = 'pk-lf-local';
export const LOCAL_SECRET_KEY = 'sk-lf-local';

export async function startLocalServer({ script, seed, observations, days, logFile, timeoutMs }) {
  if (!existsSync(script)) {
    throw new Error(`Local server ${script} not found; run "npm run build" first`);
  }

  const args = [
    script,
    '--port',
    '0',
    '--seed',
    String(seed),
    '--observations',
    String(observations),
    '--days',
    String(days),
    '--public-key',
    LOCAL_PUBLIC_KEY,
    '--secret-key',
    LOCAL_SECRET_KEY,
  ];
  const child = spawnGroup(process.execPath, args, { env: process.env, logFile, pipeStdout: true });

  try {
    const info = await readReadyLine(child, timeoutMs, logFile);
    return { ...info, child, stop: () => stopGroup(child) };
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
}

function readReadyLine(child, timeoutMs, logFile) {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      reject(
        new Error(
          `Local server printed no ready line within ${timeoutMs / 1000} s; ` + `see ${logFile}`,
        ),
      );
    }, timeoutMs);

    child.exitInfo.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `Local server exited (code ${code}, signal ${signal}) before it was ` +
            `ready; see ${logFile}`,
        ),
      );
    });

    lines.once('line', (line) => {
      clearTimeout(timer);
      let info;
      try {
        info = JSON.parse(line);
      } catch {
        reject(new Error(`Local server printed "${line}" where a JSON ready line was expected`));
        return;
      }
      if (typeof info.url !== 'string' || !info.url.startsWith('http://127.0.0.1:')) {
        reject(new Error(`Local server ready line has an invalid url: ${line}`));
        return;
      }
      resolve({ url: info.url, publicKey: info.publicKey, secretKey: info.secretKey });
    });
  });
}
