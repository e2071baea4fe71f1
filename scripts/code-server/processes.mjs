// Child processes in their own process groups, free ports and HTTP readiness checks.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

// Every group started here and not yet stopped, so exit handlers can end them all.
const liveGroups = new Set();

/**
 * Starts a command as the leader of a new process group (setsid) with stdout and stderr appended
 * to logFile, unless pipeStdout is set. stopGroup() later ends the command and all its children.
 */
export function spawnGroup(command, args, { env, cwd, logFile, pipeStdout = false }) {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, {
    env,
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!pipeStdout) {
    child.stdout.pipe(log);
  }
  child.stderr.pipe(log);
  liveGroups.add(child);
  child.exitInfo = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
  });
  return child;
}

function isGroupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends SIGTERM to the child's process group, then SIGKILL to what is left after graceMs. */
export async function stopGroup(child, graceMs = 5000) {
  liveGroups.delete(child);
  if (child?.pid === undefined || !isGroupAlive(child.pid)) {
    return;
  }

  process.kill(-child.pid, 'SIGTERM');
  const deadlineMs = Date.now() + graceMs;
  while (isGroupAlive(child.pid) && Date.now() < deadlineMs) {
    await sleep(100);
  }
  if (isGroupAlive(child.pid)) {
    process.kill(-child.pid, 'SIGKILL');
  }
}

/**
 * Sends SIGKILL to every group started by spawnGroup() and not stopped yet. For 'exit' handlers,
 * which cannot wait; the process groups outlive this process otherwise.
 */
export function killAllGroupsNow() {
  for (const child of liveGroups) {
    if (child.pid !== undefined && isGroupAlive(child.pid)) {
      process.kill(-child.pid, 'SIGKILL');
    }
  }
  liveGroups.clear();
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Returns true when nothing listens on 127.0.0.1:port. */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.on('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function returnsStatus200(url) {
  return new Promise((resolve) => {
    const request = get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * Polls url until it returns status 200. Fails when the timeout passes or when the child exits first,
 * naming logFile, where the child's output is.
 */
export async function waitForHttp(url, { timeoutMs, child, name, logFile }) {
  const deadlineMs = Date.now() + timeoutMs;
  let exited = null;
  child.exitInfo.then((info) => {
    exited = info;
  });

  while (Date.now() < deadlineMs) {
    if (exited !== null) {
      throw new Error(
        `${name} exited (code ${exited.code}, signal ${exited.signal}) before ` +
          `${url} responded; see ${logFile}`,
      );
    }
    if (await returnsStatus200(url)) {
      return;
    }
    await sleep(200);
  }
  throw new Error(`${name} did not respond at ${url} within ${timeoutMs / 1000} s; see ${logFile}`);
}

/**
 * Sums the resident set size of every process in the child's session, in MB, or returns null when
 * ps fails. Shared pages count once per process, so the sum is an upper bound.
 */
export function sessionMemoryMb(child) {
  let output;
  try {
    output = execFileSync('ps', ['-o', 'rss=', '-s', String(child.pid)], { encoding: 'utf8' });
  } catch {
    return null;
  }
  const kilobytes = output
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((value) => Number.isFinite(value) && value > 0)
    .reduce((sum, value) => sum + value, 0);
  return Math.round(kilobytes / 1024);
}
