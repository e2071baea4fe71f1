import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { CommandId } from './ids';

export function registerShowLog(services: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ShowLog, () => services.channel.show(true));
}
