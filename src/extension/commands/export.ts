import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExportFormat, ExportKind } from '../../export/exportData';
import { zonedDate } from '../../time/zone';
import { abortSignalFor, isAbortError } from '../cancellation';
import { runExport, type ExportRequest } from '../export/exportRunner';
import { describeError } from '../log';
import type { ExtensionServices } from '../services';
import { CommandId } from './ids';

/**
 * Exports traces, observations or the metrics report as CSV or JSON. Called with an
 * ExportRequest argument (as tests do), it skips the prompts.
 */
export function registerExport(services: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.Export, async (argument?: ExportRequest) => {
    const request = argument ?? (await promptForExport(services));
    if (!request) {
      return undefined;
    }

    const logger = services.logger('export');
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Exporting ${request.kind} to ${path.basename(request.targetPath)}`,
          cancellable: true,
        },
        (progress, token) =>
          runExport(services, request, abortSignalFor(token), (step) =>
            progress.report({
              message: `${step.observations.toLocaleString('en-US')} observations read`,
            }),
          ),
      );
      if (!argument) {
        void showExported(request.targetPath, result.rows);
      }
      return result;
    } catch (error) {
      if (isAbortError(error)) {
        logger.info(`export to ${request.targetPath} cancelled; no file written`);
        return undefined;
      }
      logger.error(`export to ${request.targetPath} failed: ${describeError(error)}`);
      void vscode.window.showErrorMessage(
        `Export failed, no file written: ${describeError(error)}`,
      );
      return undefined;
    }
  });
}

async function promptForExport(services: ExtensionServices): Promise<ExportRequest | undefined> {
  const kinds: { label: string; description: string; exportKind: ExportKind }[] = [
    {
      label: 'Traces',
      description: 'One row per trace: cost, tokens, latency, error',
      exportKind: 'traces',
    },
    {
      label: 'Observations',
      description: 'Every observation with usage and cost',
      exportKind: 'observations',
    },
    { label: 'Metrics report', description: 'The totals the views show', exportKind: 'report' },
  ];
  const kind = await vscode.window.showQuickPick(kinds, { title: 'Trace Insight: Export (1/3)' });
  if (!kind) {
    return undefined;
  }

  const formats: { label: string; format: ExportFormat }[] = [
    { label: 'CSV', format: 'csv' },
    { label: 'JSON', format: 'json' },
  ];
  const format = await vscode.window.showQuickPick(formats, {
    title: 'Trace Insight: Export (2/3)',
  });
  if (!format) {
    return undefined;
  }

  const day = zonedDate(services.getConfig().timeZone, Date.now());
  const fileName = `trace-insight-${kind.exportKind}-${day}.${format.format}`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = await vscode.window.showSaveDialog({
    title: 'Trace Insight: Export (3/3)',
    defaultUri: vscode.Uri.joinPath(folder, fileName),
    filters: format.format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
  });
  if (!target) {
    return undefined;
  }
  if (target.scheme !== 'file') {
    void vscode.window.showErrorMessage(
      `Export writes to local files only; ${target.toString()} is not one. Pick a local folder.`,
    );
    return undefined;
  }
  return { kind: kind.exportKind, format: format.format, targetPath: target.fsPath };
}

async function showExported(targetPath: string, rows: number): Promise<void> {
  const choice = await vscode.window.showInformationMessage(
    `Exported ${rows.toLocaleString('en-US')} rows to ${targetPath}.`,
    'Open File',
  );
  if (choice === 'Open File') {
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(targetPath));
  }
}
