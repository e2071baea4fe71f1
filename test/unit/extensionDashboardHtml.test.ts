import * as assert from 'node:assert/strict';
import { dashboardCsp, dashboardHtml } from '../../src/extension/panels/dashboardHtml';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

describe('dashboard html', () => {
  const html = dashboardHtml({
    cspSource: CSP_SOURCE,
    scriptUri: `${CSP_SOURCE}/dist/webview/dashboard.js`,
    styleUri: `${CSP_SOURCE}/dist/webview/dashboard.css`,
    nonce: 'abc123',
  });

  it('CSP denies by default', () => {
    const csp = dashboardCsp(CSP_SOURCE, 'abc123');
    assert.match(csp, /^default-src 'none';/);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.ok(csp.includes(`style-src ${CSP_SOURCE} 'nonce-abc123' 'report-sample';`), csp);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('page carries the CSP meta tag', () => {
    assert.ok(html.includes(`content="${dashboardCsp(CSP_SOURCE, 'abc123')}"`));
  });

  it('toolkit finds the style nonce', () => {
    assert.ok(html.includes('<meta property="csp-nonce" content="abc123">'));
  });

  it('every script has the nonce', () => {
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0] ?? '', /nonce="abc123"/);
  });

  it('page has no inline styles', () => {
    assert.doesNotMatch(html, /<style/i);
    assert.doesNotMatch(html, /\sstyle=/i);
  });

  it('nonces differ per page', () => {
    const options = { cspSource: CSP_SOURCE, scriptUri: 'a', styleUri: 'b' };
    const first = /nonce="([^"]+)"/.exec(dashboardHtml(options))?.[1];
    const second = /nonce="([^"]+)"/.exec(dashboardHtml(options))?.[1];
    assert.ok(first);
    assert.ok(second);
    assert.notEqual(first, second);
  });
});
