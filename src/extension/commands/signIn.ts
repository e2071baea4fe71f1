import * as vscode from 'vscode';
import { runSignInFlow } from '../auth/signInFlow';
import type { ExtensionServices } from '../services';
import { CommandId } from './ids';

export function registerSignIn(services: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.SignIn, async () => {
    const logger = services.logger('auth');
    const signedIn = await runSignInFlow(services.secrets, logger, services.getConfig().baseUrl);
    if (signedIn) {
      await services.analytics.setMode('langfuse');
    }
    return signedIn;
  });
}
