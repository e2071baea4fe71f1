import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main';

/** The repository root, from the compiled test's folder (out/test/unit). */
export const REPO = resolve(__dirname, '..', '..', '..');
export const BIN = join(REPO, 'bin', 'trace-insight.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in process through `main()`, capturing stdout and stderr. */
export async function runCliInProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, callback) {
        append(String(chunk));
        callback();
      },
    }) as unknown as NodeJS.WriteStream;
  const code = await main(args, {
    stdout: sink((text) => (stdout += text)),
    stderr: sink((text) => (stderr += text)),
    env,
  });
  return { code, stdout, stderr };
}

/** Runs the real `bin/trace-insight.js` in a child process with only PATH and `env`. */
export function runCliBinary(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}
