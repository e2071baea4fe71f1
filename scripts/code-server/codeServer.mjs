// Prepares an isolated run folder and starts code-server (real VS Code in a browser) in it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { URL } from 'node:url';
import { node24Env } from './ensure.mjs';
import { codeServerEntry, nodeBinary } from './paths.mjs';
import { spawnGroup, stopGroup, waitForHttp } from './processes.mjs';

// Keeps the workbench quiet and offline. Nothing here sets the color theme, so a test may change
// `workbench.colorTheme` in the user settings without this file overriding it.
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'window.autoDetectColorScheme': false,
  'chat.disableAIFeatures': true,
  // With AI features off the secondary side bar is empty; hidden, it leaves screenshots cleaner.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'files.exclude': { '**/.trace-insight-test.json': true },
  'git.enabled': false,
  'npm.autoDetect': 'off',
  'typescript.tsc.autoDetect': 'off',
};

const KEPT_RUN_DIRS = 10;

// Deletes all but the newest run folders. Demo folders are kept, because a demo may still be
// running from one.
function pruneRunDirs(root) {
  if (!existsSync(root)) {
    return;
  }
  const runs = readdirSync(root)
    .filter((name) => /^\d{4}-\d{2}-\d{2}T/.test(name) && !name.endsWith('-demo'))
    .sort();
  for (const name of runs.slice(0, Math.max(runs.length - KEPT_RUN_DIRS, 0))) {
    rmSync(join(root, name), { recursive: true, force: true });
  }
}

/**
 * Creates the folders of one run under root, after deleting old runs beyond the newest ten.
 * Every tool's home, config, cache and temp folder is inside.
 */
export function createRunDir(root, label) {
  pruneRunDirs(root);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runDir = join(root, `${stamp}${label ? `-${label}` : ''}`);
  const dirs = {
    runDir,
    home: join(runDir, 'home'),
    xdgConfig: join(runDir, 'home', '.config'),
    xdgData: join(runDir, 'home', '.local', 'share'),
    xdgCache: join(runDir, 'home', '.cache'),
    tmp: join(runDir, 'tmp'),
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    workspace: join(runDir, 'workspace'),
    screenshots: join(runDir, 'screenshots'),
    browserProfile: join(runDir, 'browser-profile'),
    logs: join(runDir, 'logs'),
  };
  for (const dir of Object.values(dirs)) {
    mkdirSync(dir, { recursive: true });
  }
  return dirs;
}

export function writeUserSettings(dirs, extraSettings = {}) {
  const folder = join(dirs.userData, 'User');
  mkdirSync(folder, { recursive: true });
  const settings = { ...USER_SETTINGS, ...extraSettings };
  writeFileSync(join(folder, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

function codeServerEnv(dirs, extraEnv = {}) {
  return {
    ...node24Env(),
    ...extraEnv,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    TMPDIR: dirs.tmp,
    // An empty gallery keeps the workbench from querying the public extension marketplace.
    EXTENSIONS_GALLERY: '{}',
  };
}

/** Installs a .vsix into the run's extensions folder with code-server's CLI. */
export function installExtension(dirs, vsixPath) {
  const args = [
    codeServerEntry(),
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--install-extension',
    vsixPath,
  ];
  const result = spawnSync(nodeBinary(), args, {
    env: codeServerEnv(dirs),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(`code-server --install-extension ${vsixPath} failed: ${output}`);
  }
}

/**
 * Starts code-server on 127.0.0.1:port in its own process group and waits for /healthz.
 * extraEnv reaches the server process (and, if VS Code passes it on, the extension host).
 */
export async function startCodeServer({ dirs, port, extraEnv = {}, smokeTestDriver, timeoutMs }) {
  const configFile = join(dirs.runDir, 'code-server.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  const args = [
    codeServerEntry(),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--config',
    configFile,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (smokeTestDriver) {
    // code-server 4.133 and later read the workbench URL's `payload` (extensionDevelopmentPath,
    // extensionTestsPath) only with this option.
    args.push('--vscode-option', 'enable-smoke-test-driver');
    // Each test pass reloads the page, and the server would otherwise keep the previous page's
    // extension host for the default grace time of 3 hours.
    args.push('--reconnection-grace-time', '5');
  }

  const env = codeServerEnv(dirs, extraEnv);
  const logFile = join(dirs.logs, 'code-server.log');
  const child = spawnGroup(nodeBinary(), args, { env, cwd: dirs.workspace, logFile });

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, { timeoutMs, child, name: 'code-server', logFile });
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
  return { url, child, logFile, stop: () => stopGroup(child) };
}

/** Builds the workbench address that opens `folder`, optionally with a test payload. */
export function workbenchUrl(baseUrl, folder, payload) {
  const url = new URL(baseUrl);
  url.searchParams.set('folder', folder);
  if (payload !== undefined) {
    url.searchParams.set('payload', JSON.stringify(payload));
  }
  return url.href;
}

/** Returns the `payload` entries that load an extension and run its tests from disk. */
export function testPayload(extensionPath, testsIndexPath) {
  return [
    ['extensionDevelopmentPath', `vscode-remote://remote${extensionPath}`],
    ['extensionTestsPath', `vscode-remote://remote${testsIndexPath}`],
  ];
}
