import type {
  DashboardPersistedState,
  HostToWebviewMessage,
  WebviewToHostMessage,
} from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): DashboardPersistedState | undefined;
  setState(state: DashboardPersistedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The webview API; acquireVsCodeApi may be called only once per page. */
export const vscodeApi: VsCodeApi = acquireVsCodeApi();

export function onHostMessage(listener: (message: HostToWebviewMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<HostToWebviewMessage>) => {
    const message = event.data;
    if (
      message &&
      (message.type === 'state' || message.type === 'snapshotRequest' || message.type === 'reveal')
    ) {
      listener(message);
    }
  });
}
