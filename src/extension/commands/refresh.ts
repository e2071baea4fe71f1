import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { CommandId } from './ids';

export function registerRefresh(services: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.Refresh, () =>
    services.analytics.refresh({ interactive: true }),
  );
}
