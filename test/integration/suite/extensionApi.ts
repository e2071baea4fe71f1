import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import type { LoadedAnalytics, DataState } from '../../../src/extension/data/analyticsService';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';

export const EXTENSION_ID = 'trace-insight.trace-insight';

/** Activates the extension under test and returns the API that `activate` exports. */
export async function activateExtension(): Promise<TraceInsightTestApi> {
  const extension = vscode.extensions.getExtension<TraceInsightTestApi>(EXTENSION_ID);
  if (!extension) {
    throw new Error(`Extension ${EXTENSION_ID} is not installed in this VS Code.`);
  }
  return extension.activate();
}

/** Polls `read` until `accept` holds; fails with `description` and the last value after the timeout. */
export async function waitFor<T>(
  description: string,
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (accept(last)) {
        return last;
      }
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  const detail = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${description}; last value: ${JSON.stringify(last)?.slice(0, 500)}${detail}`,
  );
}

/** Waits until the extension has loaded data from the source named `sourceLabel`. */
export async function waitForData(
  api: TraceInsightTestApi,
  sourceLabel: string,
  timeoutMs = 60_000,
): Promise<LoadedAnalytics> {
  const state = await waitFor<DataState>(
    `data from ${sourceLabel}`,
    () => api.getState(),
    (value) => value.kind === 'ready' && value.data.sourceLabel === sourceLabel,
    timeoutMs,
  );
  if (state.kind !== 'ready') {
    throw new Error(`Expected state ready, got ${state.kind}`);
  }
  return state.data;
}

/** Writes a user setting of the traceInsight section (undefined removes it). */
export async function setSetting(
  key: string,
  value: unknown,
  target = vscode.ConfigurationTarget.Global,
): Promise<void> {
  await vscode.workspace.getConfiguration('traceInsight').update(key, value, target);
}
