import * as vscode from 'vscode';
import { TIME_RANGE_LABELS, TIME_RANGE_PRESETS, isTimeRangePreset } from '../timeRange';
import type { ExtensionServices } from '../services';
import { CommandId } from './ids';

/** Picks the time range of the tree, dashboard and exports; a preset argument skips the pick. */
export function registerPickTimeRange(services: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.PickTimeRange, async (preset?: unknown) => {
    if (isTimeRangePreset(preset)) {
      await services.analytics.setPreset(preset);
      return;
    }

    const current = services.analytics.preset;
    const items = TIME_RANGE_PRESETS.map((id) => ({
      id,
      label: TIME_RANGE_LABELS[id],
      description: id === current ? 'current' : undefined,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Trace Insight: Time Range',
      placeHolder: `Time zone ${services.getConfig().timeZone}`,
    });
    if (picked) {
      await services.analytics.setPreset(picked.id);
    }
  });
}
