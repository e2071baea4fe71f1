import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../config';
import type { Logger } from '../../langfuse/client';
import { LangfuseError } from '../../langfuse/errors';
import { LANGFUSE_REGIONS, parseBaseUrl } from '../../langfuse/regions';
import { abortSignalFor } from '../cancellation';
import { describeError } from '../log';
import type { OriginSecrets } from './secretStore';
import { verifyAndStore } from './verifyAndStore';
import * as notify from '../notifications';

const SELF_HOSTED = 'self-hosted';

/**
 * Asks for the base URL, the public key and the secret key, checks them against the endpoint
 * and stores them. Returns false when the user cancels or the check fails.
 */
export async function runSignInFlow(
  secrets: OriginSecrets,
  logger: Logger,
  currentBaseUrl: string,
): Promise<boolean> {
  const baseUrl = await pickBaseUrl(currentBaseUrl);
  if (!baseUrl) {
    return false;
  }

  const publicKey = await vscode.window.showInputBox({
    title: 'Trace Insight: Sign In (2/3)',
    prompt: `Langfuse public key for ${baseUrl} (Project settings → API keys)`,
    placeHolder: 'pk-lf-…',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Enter the public key.'),
  });
  if (!publicKey) {
    return false;
  }

  const secretKey = await vscode.window.showInputBox({
    title: 'Trace Insight: Sign In (3/3)',
    prompt: `Langfuse secret key for ${baseUrl}. It is stored in the system keyring for this address only.`,
    placeHolder: 'sk-lf-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Enter the secret key.'),
  });
  if (!secretKey) {
    return false;
  }

  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Checking the Langfuse keys with ${baseUrl}…`,
        cancellable: true,
      },
      (_progress, token) =>
        verifyAndStore({ baseUrl, publicKey, secretKey }, secrets, logger, abortSignalFor(token)),
    );
  } catch (error) {
    logger.warn(`sign-in failed: ${describeError(error)}`);
    if (error instanceof LangfuseError && error.kind === 'cancelled') {
      return false;
    }
    const retry = await notify.showErrorMessage(
      `Sign-in failed: ${describeError(error)}`,
      'Try Again',
    );
    if (retry === 'Try Again') {
      return runSignInFlow(secrets, logger, baseUrl);
    }
    return false;
  }

  void notify.showInformationMessage(`Trace Insight is signed in to ${baseUrl}.`);
  return true;
}

async function pickBaseUrl(currentBaseUrl: string): Promise<string | undefined> {
  interface RegionItem extends vscode.QuickPickItem {
    baseUrl: string;
  }
  const items: RegionItem[] = [
    ...LANGFUSE_REGIONS.map((region) => ({
      label: region.label,
      description: region.baseUrl,
      baseUrl: region.baseUrl,
    })),
    { label: 'Self-hosted Langfuse…', description: 'Enter the address', baseUrl: SELF_HOSTED },
  ];

  const picked = await vscode.window.showQuickPick(items, {
    title: 'Trace Insight: Sign In (1/3)',
    placeHolder: 'Where is your Langfuse project?',
    ignoreFocusOut: true,
  });
  if (!picked) {
    return undefined;
  }
  if (picked.baseUrl !== SELF_HOSTED) {
    return picked.baseUrl;
  }

  // A cloned repository's .vscode/settings.json can set the base URL; never pre-fill that
  // value, so a user does not type their keys for a server the workspace chose.
  const inspected = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<string>('baseUrl');
  const fromWorkspace =
    inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
  const isCloud = LANGFUSE_REGIONS.some((region) => region.baseUrl === currentBaseUrl);
  return vscode.window.showInputBox({
    title: 'Trace Insight: Sign In (1/3)',
    prompt: fromWorkspace
      ? `This workspace's settings set the base URL to ${currentBaseUrl}. Enter your server's ` +
        'address yourself; use that one only if you trust this workspace.'
      : 'Base URL of your Langfuse server, with a path prefix if it is behind a proxy',
    placeHolder: 'https://langfuse.example.com',
    value: isCloud || fromWorkspace ? '' : currentBaseUrl,
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        parseBaseUrl(value);
        return undefined;
      } catch (error) {
        return describeError(error);
      }
    },
  });
}
