import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { CommandId } from './ids';

/** Switches to the generated sample data and opens the dashboard; no account needed. */
export function registerExploreSampleData(services: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ExploreSampleData, async () => {
    services.logger('sample').info('switching to the sample data');
    services.dashboard.show();
    await services.analytics.setMode('sample');
  });
}
