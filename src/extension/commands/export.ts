import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ExportInterruptedError,
  isS3Target,
  parseS3Url,
  type ExportFormat,
  type ExportWhat,
} from '../../export/exportData';
import { zonedDate } from '../../time/zone';
import { abortSignalFor, isAbortError } from '../cancellation';
import { runExport, type ExportRequest } from '../export/exportRunner';
import { describeError } from '../log';
import type { ExtensionServices } from '../services';
import { CommandId } from './ids';
import * as notify from '../notifications';

const TITLE = 'Trace Insight: Export';

/**
 * Exports traces, observations, scores, the metrics report or the dashboard's breakdown as
 * CSV, JSON, JSONL or Parquet to a local file or an S3 object, with the dashboard's filters.
 * Called with an ExportRequest argument (as tests do), it skips the prompts.
 */
export function registerExport(services: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.Export, async (argument?: ExportRequest) => {
    const request = argument ?? (await promptForExport(services));
    if (!request) {
      return undefined;
    }

    const logger = services.logger('export');
    const name = isS3Target(request.targetPath)
      ? request.targetPath
      : path.basename(request.targetPath);
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Exporting ${request.kind} to ${name}`,
          cancellable: true,
        },
        (progress, token) =>
          runExport(services, request, abortSignalFor(token), (step) =>
            progress.report({ message: describeProgress(step) }),
          ),
      );
      if (!argument) {
        void showExported(request.targetPath, result.rows);
      }
      return result;
    } catch (error) {
      if (isAbortError(error)) {
        logger.info(`export to ${request.targetPath} cancelled; nothing written`);
        return undefined;
      }
      if (error instanceof ExportInterruptedError) {
        void notify.showWarningMessage(error.message);
        return undefined;
      }
      logger.error(`export to ${request.targetPath} failed: ${describeError(error)}`);
      void notify.showErrorMessage(`Export failed, nothing written: ${describeError(error)}`);
      return undefined;
    }
  });
}

function describeProgress(step: { rows: number; observations: number }): string {
  const observations = `${step.observations.toLocaleString('en-US')} observations read`;
  return step.rows > 0
    ? `${step.rows.toLocaleString('en-US')} rows written, ${observations}`
    : observations;
}

const KINDS: { label: string; description: string; exportKind: ExportWhat }[] = [
  {
    label: 'Traces',
    description: 'One row per trace: cost, tokens, latency, error',
    exportKind: 'traces',
  },
  {
    label: 'Observations',
    description: 'Every observation with usage, cost and metadata',
    exportKind: 'observations',
  },
  { label: 'Scores', description: 'Every score of the range', exportKind: 'scores' },
  {
    label: 'Metrics report',
    description: 'The totals and analytics the views show',
    exportKind: 'report',
  },
  {
    label: 'Breakdown',
    description: "The dashboard's breakdown, one row per group",
    exportKind: 'breakdown',
  },
];

const FORMATS: { label: string; description: string; format: ExportFormat }[] = [
  {
    label: 'CSV',
    description: 'Spreadsheets; formula-like text starts with an apostrophe',
    format: 'csv',
  },
  { label: 'JSON', description: 'One array', format: 'json' },
  { label: 'JSONL', description: 'One JSON object per line', format: 'jsonl' },
  { label: 'Parquet', description: 'Typed columns for BI tools and notebooks', format: 'parquet' },
];

async function promptForExport(services: ExtensionServices): Promise<ExportRequest | undefined> {
  const kind = await vscode.window.showQuickPick(KINDS, { title: `${TITLE} (1/3)` });
  if (!kind) {
    return undefined;
  }
  const format = await vscode.window.showQuickPick(FORMATS, { title: `${TITLE} (2/3)` });
  if (!format) {
    return undefined;
  }

  const day = zonedDate(services.getConfig().timeZone, Date.now());
  const fileName = `trace-insight-${kind.exportKind}-${day}.${format.format}`;
  const destination = await vscode.window.showQuickPick(
    [
      { label: 'Local file…', description: 'Pick a file in a save dialog', s3: false },
      {
        label: 'Amazon S3 or S3-compatible…',
        description: 'Credentials from the AWS environment variables or profile',
        s3: true,
      },
    ],
    { title: `${TITLE} (3/3)` },
  );
  if (!destination) {
    return undefined;
  }
  const targetPath = destination.s3
    ? await promptForS3Url(fileName)
    : await promptForFile(fileName, format.format);
  if (!targetPath) {
    return undefined;
  }
  return { kind: kind.exportKind, format: format.format, targetPath };
}

async function promptForS3Url(fileName: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `${TITLE}: S3 object`,
    prompt:
      'S3 URL of the object to write. Credentials and region come from the AWS environment ' +
      'variables or profile; set AWS_ENDPOINT_URL_S3 for an S3-compatible store.',
    value: `s3://my-bucket/exports/${fileName}`,
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        parseS3Url(value);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
}

async function promptForFile(fileName: string, format: ExportFormat): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = await vscode.window.showSaveDialog({
    title: `${TITLE}: file`,
    defaultUri: vscode.Uri.joinPath(folder, fileName),
    filters: { [format.toUpperCase()]: [format] },
  });
  if (!target) {
    return undefined;
  }
  if (target.scheme !== 'file') {
    void notify.showErrorMessage(
      `Export writes to local files or S3 only; ${target.toString()} is neither. Pick a local folder.`,
    );
    return undefined;
  }
  return target.fsPath;
}

async function showExported(target: string, rows: number): Promise<void> {
  const message = `Exported ${rows.toLocaleString('en-US')} rows to ${target}.`;
  if (isS3Target(target)) {
    void notify.showInformationMessage(message);
    return;
  }
  const choice = await notify.showInformationMessage(message, 'Open File');
  if (choice === 'Open File') {
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(target));
  }
}
