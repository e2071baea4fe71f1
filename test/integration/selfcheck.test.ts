// Runs alone in the runner's first pass. The second test fails on purpose: the runner requires
// exactly that failure, which proves that a failing assertion in the extension host fails the run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

suite('harness self-check', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('executeCommand opens an untitled editor', async () => {
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');

    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'expected an active text editor after newUntitledFile');
    assert.equal(editor.document.isUntitled, true);
  });

  test('deliberate failure', () => {
    assert.equal(1 + 1, 3, 'this assertion fails on purpose');
  });
});
