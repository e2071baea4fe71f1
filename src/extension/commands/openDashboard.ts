import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { CommandId } from './ids';

export function registerOpenDashboard(services: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.OpenDashboard, () => services.dashboard.show());
}
