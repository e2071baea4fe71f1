// The only module that imports @vscode/webview-ui-toolkit. The toolkit is archived upstream
// (deprecated since January 2025), so replacing it means changing this file: the page uses
// only <vscode-button> and <vscode-progress-ring>, and any element that fires `click` works.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeProgressRing,
} from '@vscode/webview-ui-toolkit';

/** Defines the custom elements the dashboard page uses. Call once before rendering. */
export function registerToolkitElements(): void {
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeProgressRing());
}
