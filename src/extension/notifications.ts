import * as vscode from 'vscode';
import { plainMessage } from './plainMessage';

type Show = (message: string, ...rest: unknown[]) => Thenable<unknown>;

function wrap(show: Show) {
  function shown<T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
  function shown<T extends string>(
    message: string,
    options: vscode.MessageOptions,
    ...items: T[]
  ): Thenable<T | undefined>;
  function shown(message: string, ...rest: unknown[]): Thenable<unknown> {
    return show(plainMessage(message), ...rest);
  }
  return shown;
}

/** `vscode.window.showInformationMessage` with the message made plain text. */
export const showInformationMessage = wrap((message, ...rest) =>
  (vscode.window.showInformationMessage as Show)(message, ...rest),
);

/** `vscode.window.showWarningMessage` with the message made plain text. */
export const showWarningMessage = wrap((message, ...rest) =>
  (vscode.window.showWarningMessage as Show)(message, ...rest),
);

/** `vscode.window.showErrorMessage` with the message made plain text. */
export const showErrorMessage = wrap((message, ...rest) =>
  (vscode.window.showErrorMessage as Show)(message, ...rest),
);
