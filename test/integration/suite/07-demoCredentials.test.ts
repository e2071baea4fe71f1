import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  DEMO_CREDENTIALS_ENV,
  importDemoCredentials,
} from '../../../src/extension/auth/demoCredentials';
import { OriginSecrets } from '../../../src/extension/auth/secretStore';
import type { Logger } from '../../../src/langfuse/client';
import { loadFixture } from '../support';

/** SecretStorage in memory, so the test does not touch the extension's stored keys. */
class MemorySecretStorage implements vscode.SecretStorage {
  readonly values = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.emitter.event;

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.emitter.fire({ key });
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.emitter.fire({ key });
  }

  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }
}

describe('demo credentials', () => {
  const fixture = loadFixture();
  const lines: string[] = [];
  const logger: Logger = {
    debug: (message) => lines.push(message),
    info: (message) => lines.push(message),
    warn: (message) => lines.push(message),
    error: (message) => lines.push(message),
  };

  beforeEach(() => {
    lines.length = 0;
  });

  async function credentialsFile(baseUrl: string): Promise<string> {
    const folder = await mkdtemp(join(fixture.runDir, 'demo-'));
    const path = join(folder, 'demo-credentials.json');
    const body = { baseUrl, publicKey: fixture.publicKey, secretKey: fixture.secretKey };
    await writeFile(path, JSON.stringify(body), { mode: 0o600 });
    return path;
  }

  it('remote base URL is ignored', async () => {
    const path = await credentialsFile('https://cloud.langfuse.com');
    const storage = new MemorySecretStorage();

    const imported = await importDemoCredentials(
      { [DEMO_CREDENTIALS_ENV]: path },
      new OriginSecrets(storage),
      logger,
    );

    assert.equal(imported, false);
    assert.equal(storage.values.size, 0);
    assert.ok(existsSync(path));
    assert.ok(lines.some((line) => line.includes('is not a loopback address')));
  });

  it('loopback keys are imported once', async () => {
    const path = await credentialsFile(fixture.serverUrl);
    const storage = new MemorySecretStorage();

    const imported = await importDemoCredentials(
      { [DEMO_CREDENTIALS_ENV]: path },
      new OriginSecrets(storage),
      logger,
    );

    assert.equal(imported, true);
    const origin = new URL(fixture.serverUrl).origin;
    assert.deepEqual([...storage.values], [[`traceInsight.secret:${origin}`, fixture.secretKey]]);
    assert.equal(existsSync(path), false);
    assert.equal(
      vscode.workspace.getConfiguration('traceInsight').get('baseUrl'),
      fixture.serverUrl,
    );
    assert.ok(
      lines.every((line) => !line.includes(fixture.secretKey)),
      'a log line has the secret',
    );
  });

  it('missing file is ignored', async () => {
    const imported = await importDemoCredentials(
      { [DEMO_CREDENTIALS_ENV]: join(fixture.runDir, 'no-such-file.json') },
      new OriginSecrets(new MemorySecretStorage()),
      logger,
    );
    assert.equal(imported, false);
    assert.ok(lines.some((line) => line.startsWith(`ignored ${DEMO_CREDENTIALS_ENV}=`)));
  });
});
