import type * as vscode from 'vscode';

/** Returns an AbortSignal that aborts when the token is cancelled, so HTTP requests stop too. */
export function abortSignalFor(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) {
    controller.abort();
    return controller.signal;
  }
  const subscription = token.onCancellationRequested(() => {
    subscription.dispose();
    controller.abort();
  });
  return controller.signal;
}

/** True for the errors an abort produces: DOMException AbortError or a LangfuseError 'cancelled'. */
export function isAbortError(error: unknown): boolean {
  if (error === null || typeof error !== 'object') {
    return false;
  }
  const candidate = error as { name?: unknown; kind?: unknown };
  return candidate.name === 'AbortError' || candidate.kind === 'cancelled';
}
