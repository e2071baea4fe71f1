import { randomBytes } from 'node:crypto';

export interface DashboardHtmlOptions {
  /** `webview.cspSource`: the origin of files served from localResourceRoots. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

/** Returns a fresh nonce for the page's script tag. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * Builds the Content Security Policy. Scripts run only with the nonce; styles come from the
 * extension's own files (`cspSource`) and from `<style>` elements that carry the nonce, so no
 * inline style without it and no `style=` attribute applies.
 *
 * Why this is enough for the libraries, checked against the versions in package-lock.json:
 * - Chart.js 4 sizes the canvas through the CSSOM (`canvas.style.x = …`), which CSP does not
 *   restrict, and injects no stylesheet.
 * - The webview UI toolkit (FAST) styles its components with constructable stylesheets
 *   (`adoptedStyleSheets`), which Chromium does not check against style-src. Its one `<style>`
 *   element, a probe for `:focus-visible` support in @microsoft/fast-web-utilities, takes the
 *   nonce from `<meta property="csp-nonce">`, which the page provides.
 */
export function dashboardCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource} 'nonce-${nonce}' 'report-sample'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** Builds the dashboard page: a static skeleton the script fills with textContent only. */
export function dashboardHtml(options: DashboardHtmlOptions): string {
  const nonce = options.nonce ?? createNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${dashboardCsp(options.cspSource, nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <meta property="csp-nonce" content="${nonce}">
  <link rel="stylesheet" href="${options.styleUri}">
  <title>Trace Insight</title>
</head>
<body>
  <header class="toolbar">
    <div>
      <h1 id="title">Trace Insight</h1>
      <p id="subtitle" class="muted"></p>
      <p id="scope" class="scope"></p>
    </div>
    <div class="actions">
      <vscode-button id="pick-range" appearance="secondary">Time Range</vscode-button>
      <vscode-button id="refresh" appearance="primary">Refresh</vscode-button>
    </div>
  </header>
  <section id="status" class="status" role="status">
    <vscode-progress-ring id="spinner" class="hidden"></vscode-progress-ring>
    <p id="status-message"></p>
    <div id="status-actions" class="actions hidden">
      <vscode-button id="sign-in" appearance="primary">Sign In</vscode-button>
      <vscode-button id="sample" appearance="secondary">Explore Sample Data</vscode-button>
    </div>
  </section>
  <main id="content" class="hidden">
    <section id="tiles" class="tiles"></section>
    <section class="charts">
      <figure class="chart wide"><figcaption>Cost per day by model (USD)</figcaption><div class="canvas-box"><canvas id="chart-cost"></canvas></div></figure>
      <figure class="chart"><figcaption>Input vs output tokens per day</figcaption><div class="canvas-box"><canvas id="chart-tokens"></canvas></div></figure>
      <figure class="chart"><figcaption>Observation latency by type (seconds)</figcaption><div class="canvas-box"><canvas id="chart-latency"></canvas></div></figure>
      <figure class="chart"><figcaption>Error rate per day (% of traces)</figcaption><div class="canvas-box"><canvas id="chart-errors"></canvas></div></figure>
      <figure class="chart"><figcaption>Traces per day</figcaption><div class="canvas-box"><canvas id="chart-traces"></canvas></div></figure>
    </section>
    <div id="analytics" class="analytics"></div>
  </main>
  <script nonce="${nonce}" src="${options.scriptUri}"></script>
</body>
</html>`;
}
