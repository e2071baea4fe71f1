import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { once } from 'node:events';

// The compiled entry sits beside the compiled tests: out/test/unit -> out/src/server.
const MAIN = path.join(__dirname, '..', '..', 'src', 'server', 'main.js');

interface Started {
  child: ChildProcess;
  stdout: string;
  stderr: string[];
}

/** Starts the CLI and resolves with its first stdout line. */
async function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));

  const stdout = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        resolve(buffered.slice(0, newline));
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr.join('')}`)));
  });
  return { child, stdout, stderr };
}

async function runToExit(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

describe('server command line', () => {
  it('cli prints its url and stops on SIGTERM', async () => {
    const started = await startCli([
      '--port',
      '0',
      '--seed',
      '9',
      '--observations',
      '2000',
      '--days',
      '3',
      '--end',
      '2026-03-01T00:00:00Z',
      '--public-key',
      'pk-cli',
      '--secret-key',
      'sk-cli',
      '--verbose',
    ]);
    try {
      const announced = JSON.parse(started.stdout) as {
        url: string;
        publicKey: string;
        secretKey: string;
      };
      assert.match(announced.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(announced.publicKey, 'pk-cli');
      assert.equal(announced.secretKey, 'sk-cli');

      const authorization = `Basic ${Buffer.from('pk-cli:sk-cli').toString('base64')}`;
      const response = await fetch(`${announced.url}/api/public/observations?limit=1`, {
        headers: { authorization },
      });
      const body = (await response.json()) as { meta: { totalItems: number } };
      assert.equal(response.status, 200);
      assert.equal(body.meta.totalItems, 2000);
    } finally {
      started.child.kill('SIGTERM');
    }

    const [code] = (await once(started.child, 'exit')) as [number | null];
    assert.equal(code, 0);
    assert.match(
      started.stderr.join(''),
      /\[server\] 200 GET \/api\/public\/observations\?limit=1/,
    );
  });

  it('cli v1-only answers 404 on v2', async () => {
    const started = await startCli([
      '--observations',
      '100',
      '--v1-only',
      '--end',
      '2026-03-01T00:00:00Z',
    ]);
    try {
      const { url } = JSON.parse(started.stdout) as { url: string };
      const authorization = `Basic ${Buffer.from('pk-lf-local:sk-lf-local').toString('base64')}`;
      const response = await fetch(`${url}/api/public/v2/observations`, {
        headers: { authorization },
      });
      assert.equal(response.status, 404);
    } finally {
      started.child.kill('SIGTERM');
      await once(started.child, 'exit');
    }
  });

  const badFlags: [string[], RegExp][] = [
    [['--observations', 'many'], /observations must be an integer/],
    [['--time-zone', 'Mars/Olympus'], /Invalid time zone "Mars\/Olympus"/],
    [['--end', 'soon'], /ISO 8601/],
    [['--colour'], /unknown option '--colour'/],
  ];
  for (const [args, message] of badFlags) {
    it(`cli rejects ${args.join(' ')} with exit 2`, async () => {
      const result = await runToExit(args);

      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    });
  }
});
