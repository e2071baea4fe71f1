import * as vscode from 'vscode';
import { parseInstant, UsageError } from '../../cli/options';
import type { TimeRange } from '../../langfuse/types';
import type { ExtensionServices } from '../services';
import { TIME_RANGE_LABELS, TIME_RANGE_PRESETS, isTimeRangePreset } from '../timeRange';
import { CommandId } from './ids';

const CUSTOM = 'custom';

/** Picks the time range of the tree, dashboard and exports; a preset argument skips the pick. */
export function registerPickTimeRange(services: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.PickTimeRange, async (preset?: unknown) => {
    if (isTimeRangePreset(preset)) {
      await services.analytics.setPreset(preset);
      return;
    }

    const timeZone = services.getConfig().timeZone;
    const current = services.analytics.preset;
    const items = [
      ...TIME_RANGE_PRESETS.map((id) => ({
        id: id as string,
        label: TIME_RANGE_LABELS[id],
        description: id === current ? 'current' : undefined,
      })),
      {
        id: CUSTOM,
        label: 'Custom range…',
        description: current === CUSTOM ? 'current' : 'enter from and to',
      },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Trace Insight: Time Range',
      placeHolder: `Time zone ${timeZone}`,
    });
    if (!picked) {
      return;
    }
    if (isTimeRangePreset(picked.id)) {
      await services.analytics.setPreset(picked.id);
      return;
    }

    const range = await askCustomRange(timeZone);
    if (range) {
      await services.analytics.setCustomRange(range);
    }
  });
}

/** Asks for from and to (ISO 8601; a bare date is midnight in the zone), to exclusive. */
async function askCustomRange(timeZone: string): Promise<TimeRange | undefined> {
  const validate =
    (option: string) =>
    (value: string): string | undefined => {
      try {
        parseInstant(option, value, timeZone);
        return undefined;
      } catch (error) {
        return error instanceof UsageError ? error.message : String(error);
      }
    };

  const from = await vscode.window.showInputBox({
    title: 'Trace Insight: Custom Range (1/2)',
    prompt: `Start, inclusive: a date (midnight in ${timeZone}) or an ISO 8601 date-time`,
    placeHolder: '2026-11-01',
    ignoreFocusOut: true,
    validateInput: validate('From'),
  });
  if (!from) {
    return undefined;
  }
  const fromMs = parseInstant('From', from, timeZone);

  const to = await vscode.window.showInputBox({
    title: 'Trace Insight: Custom Range (2/2)',
    prompt: `End, exclusive: a date (midnight in ${timeZone}) or an ISO 8601 date-time`,
    placeHolder: '2026-12-01',
    ignoreFocusOut: true,
    validateInput: (value) =>
      validate('To')(value) ??
      (parseInstant('To', value, timeZone) > fromMs
        ? undefined
        : 'The end must be after the start.'),
  });
  if (!to) {
    return undefined;
  }
  return { fromMs, toMs: parseInstant('To', to, timeZone) };
}
