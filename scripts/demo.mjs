// Builds the extension, installs it into a local code-server and opens it on generated Langfuse
// data from the repository's local server. Keeps running until Ctrl-C, then stops both servers.
//
//   npm run demo [-- --port 8080 --seed 7 --observations 200000 --days 30 --skip-build]
import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createRunDir,
  installExtension,
  startCodeServer,
  workbenchUrl,
  writeUserSettings,
} from './code-server/codeServer.mjs';
import { ensureAll } from './code-server/ensure.mjs';
import { startLocalServer } from './code-server/localServer.mjs';
import { freePort, killAllGroupsNow, portIsFree } from './code-server/processes.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values: options } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    seed: { type: 'string', default: '7' },
    observations: { type: 'string', default: '200000' },
    days: { type: 'string', default: '30' },
    'skip-build': { type: 'boolean', default: false },
  },
});

function log(message) {
  process.stdout.write(`[demo] ${message}\n`);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: REPO, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
  }
}

function packageExtension(runDir) {
  const vsixPath = join(runDir, 'trace-insight.vsix');
  run('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--out', vsixPath]);
  return vsixPath;
}

// The extension imports this file into SecretStorage on activation when baseUrl is a loopback
// address, so the secret key never lands in settings.json. code-server keeps secrets per
// browser, so the file stays (keepFile) while the demo runs and stopAll() deletes it.
function writeDemoCredentials(runDir, server) {
  const path = join(runDir, 'demo-credentials.json');
  const credentials = {
    baseUrl: server.url,
    publicKey: server.publicKey,
    secretKey: server.secretKey,
    keepFile: true,
  };
  writeFileSync(path, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  started.push({ stop: async () => rmSync(path, { force: true }) });
  return path;
}

async function choosePort(requested) {
  // Port 0 would let code-server pick one that this script cannot poll, so pick it here.
  if (requested === 0) {
    return freePort();
  }
  if (await portIsFree(requested)) {
    return requested;
  }
  const port = await freePort();
  log(`port ${requested} is in use; using ${port}`);
  return port;
}

// Started servers, stopped in reverse order by stopAll() on Ctrl-C, SIGTERM or an early exit.
const started = [];
let stopping = null;

function stopAll(reason) {
  stopping ??= (async () => {
    log(`${reason}: stopping`);
    for (const server of started.reverse()) {
      await server.stop();
    }
  })();
  return stopping;
}

async function main() {
  process.once('exit', killAllGroupsNow);
  const signalled = new Promise((resolveSignal) => {
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => resolveSignal(signal));
    }
  });
  signalled.then((signal) => stopAll(signal).then(() => process.exit(0)));

  if (!options['skip-build']) {
    log('building');
    run('npm', ['run', 'build']);
  }
  ensureAll();

  const dirs = createRunDir(join(REPO, '.test-runs'), 'demo');
  log(`run folder ${dirs.runDir}`);
  const vsixPath = packageExtension(dirs.runDir);
  installExtension(dirs, vsixPath);
  log(`installed ${vsixPath}`);

  const server = await startLocalServer({
    script: join(REPO, 'dist', 'server.js'),
    seed: Number(options.seed),
    observations: Number(options.observations),
    days: Number(options.days),
    logFile: join(dirs.logs, 'server.log'),
    timeoutMs: 120_000,
  });
  started.push(server);
  log(
    `local Langfuse server ${server.url}: ${options.observations} observations over ` +
      `${options.days} days, seed ${options.seed}`,
  );

  writeUserSettings(dirs, {
    'traceInsight.baseUrl': server.url,
    'traceInsight.publicKey': server.publicKey,
  });
  const credentialsPath = writeDemoCredentials(dirs.runDir, server);

  const codeServer = await startCodeServer({
    dirs,
    port: await choosePort(Number(options.port)),
    extraEnv: { TRACE_INSIGHT_DEMO_CREDENTIALS_FILE: credentialsPath },
    smokeTestDriver: false,
    timeoutMs: 30_000,
  });
  started.push(codeServer);

  log(`open ${workbenchUrl(codeServer.url, dirs.workspace)}`);
  log('press Ctrl-C to stop');

  const { code } = await codeServer.child.exitInfo;
  if (stopping !== null) {
    // Stopped by Ctrl-C or SIGTERM.
    await stopping;
    return 0;
  }
  await stopAll(`code-server exited with code ${code}; see ${codeServer.logFile}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`[demo] ${error instanceof Error ? error.message : String(error)}\n`);
    stopAll('error').finally(() => process.exit(1));
  },
);
