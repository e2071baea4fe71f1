import './dashboard.css';
import type {
  DashboardModel,
  DashboardSnapshot,
  DashboardState,
  WebviewToHostMessage,
} from '../../src/shared/protocol';
import { registerToolkitElements } from '../toolkit';
import { clearInsights, insightsSnapshot, renderInsights } from './analytics';
import { chartSizes, destroyCharts, drawCharts } from './charts';
import { onThemeChange, readChartTheme, themeKind } from './theme';
import { onHostMessage, vscodeApi } from './vscodeApi';

// Everything here writes text with textContent: names of models, traces and users come from
// traces and must never be parsed as HTML.

const cspViolations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => {
  const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : '';
  const sample = event.sample ? ` (${event.sample})` : '';
  cspViolations.push(`${event.violatedDirective} ${event.blockedURI}${where}${sample}`);
});

let currentState: DashboardState | null = null;

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) {
    throw new Error(`The dashboard page has no element #${id}.`);
  }
  return found;
}

function setHidden(id: string, hidden: boolean): void {
  element(id).classList.toggle('hidden', hidden);
}

function render(state: DashboardState): void {
  currentState = state;
  vscodeApi.setState({ lastState: state });

  setHidden('spinner', state.kind !== 'loading');
  setHidden('status', state.kind === 'data');
  setHidden('content', state.kind !== 'data');
  setHidden('status-actions', state.kind !== 'empty' && state.kind !== 'error');
  element('status').classList.toggle('error', state.kind === 'error');

  if (state.kind !== 'data') {
    destroyCharts();
    clearInsights(element('analytics'));
    element('status-message').textContent = state.message;
    element('subtitle').textContent = '';
    return;
  }
  renderModel(state.model);
}

function renderModel(model: DashboardModel): void {
  element('title').textContent = `Trace Insight: ${model.rangeLabel}`;
  const loadedAt = new Date(model.loadedAt).toLocaleTimeString();
  const subtitle = `${model.sourceLabel} · ${model.timeZone} · loaded ${loadedAt}`;
  element('subtitle').textContent = model.metricsNote
    ? `${subtitle} · ${model.metricsNote}`
    : subtitle;

  const tiles = element('tiles');
  tiles.replaceChildren(
    ...model.tiles.map((tile) => {
      const box = document.createElement('div');
      box.className = 'tile';
      box.dataset.tileId = tile.id;

      const label = document.createElement('div');
      label.className = 'tile-label';
      label.textContent = tile.label;

      const value = document.createElement('div');
      value.className = 'tile-value';
      value.textContent = tile.value;

      box.append(label, value);
      if (tile.detail) {
        const detail = document.createElement('div');
        detail.className = 'tile-detail muted';
        detail.textContent = tile.detail;
        box.append(detail);
      }
      return box;
    }),
  );

  drawCharts(model, readChartTheme());
  drawInsights(model);
}

function drawInsights(model: DashboardModel): void {
  const container = element('analytics');
  if (!model.insights) {
    clearInsights(container);
    return;
  }
  renderInsights(container, model.insights, readChartTheme(), post);
}

function snapshot(): DashboardSnapshot {
  const tiles = Array.from(document.querySelectorAll<HTMLElement>('#tiles .tile')).map((tile) => ({
    id: tile.dataset.tileId ?? '',
    label: tile.querySelector('.tile-label')?.textContent ?? '',
    value: tile.querySelector('.tile-value')?.textContent ?? '',
  }));
  return {
    stateKind: currentState?.kind ?? 'loading',
    message: element('status-message').textContent ?? '',
    title: element('title').textContent ?? '',
    subtitle: element('subtitle').textContent ?? '',
    tiles,
    charts: currentState?.kind === 'data' ? chartSizes() : {},
    imageElements: document.getElementsByTagName('img').length,
    cspViolations: [...cspViolations],
    themeKind: themeKind(),
    analytics: currentState?.kind === 'data' ? insightsSnapshot() : undefined,
  };
}

function post(message: WebviewToHostMessage): void {
  vscodeApi.postMessage(message);
}

function bindButton(
  id: string,
  command: Extract<WebviewToHostMessage, { type: 'command' }>['command'],
): void {
  element(id).addEventListener('click', () => post({ type: 'command', command }));
}

function start(): void {
  registerToolkitElements();
  bindButton('refresh', 'refresh');
  bindButton('pick-range', 'pickTimeRange');
  bindButton('sign-in', 'signIn');
  bindButton('sample', 'exploreSampleData');

  onHostMessage((message) => {
    if (message.type === 'state') {
      render(message.state);
      return;
    }
    if (message.type === 'reveal') {
      document.getElementById(message.elementId)?.scrollIntoView({ block: 'start' });
      return;
    }
    post({ type: 'snapshot', requestId: message.requestId, snapshot: snapshot() });
  });

  onThemeChange(() => {
    if (currentState?.kind === 'data') {
      drawCharts(currentState.model, readChartTheme());
      drawInsights(currentState.model);
    }
  });

  // After a window reload, draw the last state at once; the host sends fresh data after ready.
  render(vscodeApi.getState()?.lastState ?? { kind: 'loading', message: 'Loading traces…' });
  post({ type: 'ready' });
}

start();
