import * as vscode from 'vscode';
import { parseBaseUrl } from '../../langfuse/regions';
import { CONFIG_SECTION } from '../config';
import { describeError } from '../log';
import type { ExtensionServices } from '../services';
import { CommandId } from './ids';
import * as notify from '../notifications';

/**
 * Removes the secret key stored for the configured base URL's origin and the public key from
 * the user settings, so the views return to the welcome view instead of asking to sign in.
 */
export function registerSignOut(services: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.SignOut, async () => {
    const logger = services.logger('auth');
    const baseUrl = services.getConfig().baseUrl;

    let origin: string;
    try {
      origin = parseBaseUrl(baseUrl).origin;
    } catch (error) {
      void notify.showErrorMessage(describeError(error));
      return;
    }

    await services.secrets.delete(origin);
    await vscode.workspace
      .getConfiguration(CONFIG_SECTION)
      .update('publicKey', undefined, vscode.ConfigurationTarget.Global);
    logger.info(`deleted the secret key for ${origin}`);
    await services.analytics.setMode('langfuse');
    void notify.showInformationMessage(`Trace Insight signed out of ${origin}.`);
  });
}
