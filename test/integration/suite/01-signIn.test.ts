import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { SignInWithResult } from '../../../src/extension/commands/signInWith';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';
import { loadFixture } from '../support';
import { activateExtension, setSetting, waitFor, waitForData } from './extensionApi';

describe('sign-in', () => {
  const fixture = loadFixture();
  const origin = new URL(fixture.serverUrl).origin;
  let api: TraceInsightTestApi;

  before(async () => {
    api = await activateExtension();
  });

  it('starts signed out', async () => {
    assert.equal(await api.hasStoredSecret(origin), false);
    assert.equal(api.getState().kind, 'signedOut');
    assert.deepEqual(api.getTreeItems(), []);
  });

  it('bad keys store nothing', async () => {
    const result = await vscode.commands.executeCommand<SignInWithResult>(
      'traceInsight.signInWith',
      { baseUrl: fixture.serverUrl, publicKey: fixture.publicKey, secretKey: 'sk-lf-wrong' },
    );

    assert.equal(result.ok, false);
    assert.equal(result.ok === false && result.errorKind, 'auth');
    assert.equal(await api.hasStoredSecret(origin), false);
    assert.equal(vscode.workspace.getConfiguration('traceInsight').get('publicKey'), '');
    assert.equal(api.getState().kind, 'signedOut');
  });

  it('good keys are stored for the origin', async () => {
    const result = await vscode.commands.executeCommand<SignInWithResult>(
      'traceInsight.signInWith',
      { baseUrl: fixture.serverUrl, publicKey: fixture.publicKey, secretKey: fixture.secretKey },
    );

    assert.deepEqual(result, { ok: true, origin });
    assert.equal(await api.hasStoredSecret(origin), true);
    const section = vscode.workspace.getConfiguration('traceInsight');
    assert.equal(section.get('baseUrl'), fixture.serverUrl);
    assert.equal(section.get('publicKey'), fixture.publicKey);

    const data = await waitForData(api, origin);
    assert.ok(data.analytics.report.observations > 0);
  });

  it('another origin gets no secret', async () => {
    let requests = 0;
    const server: Server = createServer((_request, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"status":"OK","version":"3.0.0"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const otherUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    try {
      await setSetting('baseUrl', otherUrl, vscode.ConfigurationTarget.Workspace);
      const state = await waitFor(
        'the needsSignIn state',
        () => api.getState(),
        (value) => value.kind === 'needsSignIn',
      );
      assert.equal(state.kind === 'needsSignIn' && state.origin, otherUrl);
      assert.equal(requests, 0);
      assert.equal(await api.hasStoredSecret(otherUrl), false);
    } finally {
      await setSetting('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await new Promise((resolve) => server.close(resolve));
    }

    await waitForData(api, origin);
    assert.equal(requests, 0);
  });
});
