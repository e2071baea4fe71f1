import type * as vscode from 'vscode';

const SECRET_KEY_PREFIX = 'traceInsight.secret:';

/** Returns the SecretStorage key of the secret key stored for one Langfuse origin. */
export function secretStorageKey(origin: string): string {
  return `${SECRET_KEY_PREFIX}${origin}`;
}

/**
 * Secret keys in SecretStorage, each bound to the origin it was entered for. The extension
 * reads a secret only by the origin of the base URL it is about to call, so changing the base
 * URL (for example by a workspace setting) never sends a stored key to a different host.
 */
export class OriginSecrets {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(origin: string): Promise<string | undefined> {
    return this.secrets.get(secretStorageKey(origin));
  }

  async store(origin: string, secretKey: string): Promise<void> {
    await this.secrets.store(secretStorageKey(origin), secretKey);
  }

  async delete(origin: string): Promise<void> {
    await this.secrets.delete(secretStorageKey(origin));
  }

  /** Fires with the origin whose secret changed, also for changes made by another window. */
  onDidChange(listener: (origin: string) => void): vscode.Disposable {
    return this.secrets.onDidChange((event) => {
      if (event.key.startsWith(SECRET_KEY_PREFIX)) {
        listener(event.key.slice(SECRET_KEY_PREFIX.length));
      }
    });
  }
}
