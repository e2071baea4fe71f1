/** Chart colours from the current VS Code theme's `--vscode-*` variables. */
export interface ChartTheme {
  foreground: string;
  grid: string;
  series: string[];
  fontFamily: string;
}

const SERIES_VARIABLES = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
  '--vscode-terminal-ansiCyan',
  '--vscode-terminal-ansiMagenta',
  '--vscode-descriptionForeground',
];

export function readChartTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string): string =>
    style.getPropertyValue(name).trim() || fallback;

  return {
    foreground: read('--vscode-foreground', '#cccccc'),
    grid: read('--vscode-editorWidget-border', read('--vscode-panel-border', '#80808040')),
    series: SERIES_VARIABLES.map((name) => read(name, '#3794ff')),
    fontFamily: read('--vscode-font-family', 'sans-serif'),
  };
}

/** Returns the body's theme class, which VS Code changes when the colour theme changes. */
export function themeKind(): string {
  const classes = document.body.classList;
  for (const kind of [
    'vscode-high-contrast-light',
    'vscode-high-contrast',
    'vscode-light',
    'vscode-dark',
  ]) {
    if (classes.contains(kind)) {
      return kind;
    }
  }
  return 'unknown';
}

/** Calls `listener` when VS Code switches the colour theme of the webview. */
export function onThemeChange(listener: () => void): void {
  const observer = new MutationObserver(() => listener());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
}
