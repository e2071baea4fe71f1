import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';
import { loadFixture } from '../support';
import { activateExtension, waitFor } from './extensionApi';

describe('sign-out', () => {
  const fixture = loadFixture();
  const origin = new URL(fixture.serverUrl).origin;
  let api: TraceInsightTestApi;

  before(async () => {
    api = await activateExtension();
  });

  it('removes the secret and shows the welcome view', async () => {
    assert.equal(await api.hasStoredSecret(origin), true);

    await vscode.commands.executeCommand('traceInsight.signOut');

    assert.equal(await api.hasStoredSecret(origin), false);
    assert.equal(vscode.workspace.getConfiguration('traceInsight').get('publicKey'), '');
    await waitFor(
      'the signed-out state',
      () => api.getState().kind,
      (kind) => kind === 'signedOut',
    );
    assert.deepEqual(api.getTreeItems(), []);
  });
});
