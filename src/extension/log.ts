import type * as vscode from 'vscode';
import type { Logger } from '../langfuse/client';

/**
 * Returns a Logger that writes to the extension's log channel with a `[component]` tag, for
 * example `[client] GET /api/public/v2/observations 200`. Callers never pass secrets.
 */
export function componentLogger(channel: vscode.LogOutputChannel, component: string): Logger {
  const tag = `[${component}]`;
  return {
    debug: (message) => channel.debug(`${tag} ${message}`),
    info: (message) => channel.info(`${tag} ${message}`),
    warn: (message) => channel.warn(`${tag} ${message}`),
    error: (message) => channel.error(`${tag} ${message}`),
  };
}

/** Returns a short description of a caught value for a log line. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
