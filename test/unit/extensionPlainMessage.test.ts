import * as assert from 'node:assert/strict';
import { plainMessage } from '../../src/extension/plainMessage';

// The link pattern of VS Code's notification renderer (code-server 4.139.1 workbench).
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)/;

describe('plainMessage', () => {
  it('breaks a command link from trace data', () => {
    const userId =
      '[Open details](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22id%22%7D)';
    const message = plainMessage(`Daily budget for user ${userId} crossed $5.00`);

    assert.ok(NOTIFICATION_LINK.test(`x ${userId}`), 'the hostile id must match unescaped');
    assert.ok(!NOTIFICATION_LINK.test(message), message);
    assert.ok(message.includes('[Open details] (command:'));
  });

  it('breaks links with space before the parenthesis', () => {
    assert.equal(plainMessage('[a]  (https://example.invalid)'), '[a] (https://example.invalid)');
  });

  it('replaces control and bidi characters', () => {
    assert.equal(plainMessage('a\nb\u202ec\u0007'), 'a b c ');
  });

  it('caps the length', () => {
    const message = plainMessage('x'.repeat(5000));
    assert.equal(message.length, 1000);
    assert.ok(message.endsWith('…'));
  });
});
