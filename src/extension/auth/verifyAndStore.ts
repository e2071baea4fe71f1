import * as vscode from 'vscode';
import { LangfuseClient, type Logger } from '../../langfuse/client';
import { parseBaseUrl } from '../../langfuse/regions';
import { CONFIG_SECTION } from '../config';
import type { OriginSecrets } from './secretStore';
import * as notify from '../notifications';

export interface SignInInput {
  baseUrl: string;
  publicKey: string;
  secretKey: string;
}

/**
 * Checks the keys against the endpoint and, only when it accepts them, stores the secret for
 * the endpoint's origin and writes the base URL and public key to the user settings. Throws
 * the client's LangfuseError (kind 'auth' for rejected keys) and stores nothing on failure.
 */
export async function verifyAndStore(
  input: SignInInput,
  secrets: OriginSecrets,
  logger: Logger,
  signal?: AbortSignal,
): Promise<{ origin: string }> {
  const baseUrl = parseBaseUrl(input.baseUrl).toString().replace(/\/$/, '');
  const client = new LangfuseClient({
    baseUrl,
    publicKey: input.publicKey.trim(),
    secretKey: input.secretKey.trim(),
    logger,
    maxRetries: 1,
  });

  try {
    logger.info(`checking keys for ${client.origin} (public key ${input.publicKey.trim()})`);
    await client.checkCredentials(signal);
  } finally {
    await client.close();
  }

  // The secret goes in first: the settings change below triggers a reload that reads it.
  await secrets.store(client.origin, input.secretKey.trim());
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION);
  await section.update('baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
  await section.update('publicKey', input.publicKey.trim(), vscode.ConfigurationTarget.Global);
  logger.info(`stored the secret key for ${client.origin}`);

  warnIfWorkspaceOverrides(baseUrl, logger);
  return { origin: client.origin };
}

/** Warns when a workspace value overrides the user setting just written, so the keys are unused. */
function warnIfWorkspaceOverrides(baseUrl: string, logger: Logger): void {
  const inspected = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<string>('baseUrl');
  const workspaceValue = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  if (workspaceValue === undefined || workspaceValue === baseUrl) {
    return;
  }

  const message =
    `Signed in to ${baseUrl}, but this workspace sets traceInsight.baseUrl to ` +
    `${workspaceValue}, which takes precedence. Remove the workspace setting to use the new keys.`;
  logger.warn(message);
  void notify.showWarningMessage(message);
}
