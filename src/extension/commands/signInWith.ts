import * as vscode from 'vscode';
import { LangfuseError } from '../../langfuse/errors';
import { verifyAndStore } from '../auth/verifyAndStore';
import { describeError } from '../log';
import type { ExtensionServices } from '../services';
import { CommandId } from './ids';

export type SignInWithResult =
  { ok: true; origin: string } | { ok: false; errorKind: string; message: string };

/**
 * Signs in with given keys and no prompts, for tests and scripts. It is hidden from the
 * command palette. Returns the outcome instead of showing it.
 */
export function registerSignInWith(services: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand(
    CommandId.SignInWith,
    async (input: unknown): Promise<SignInWithResult> => {
      const logger = services.logger('auth');
      const { baseUrl, publicKey, secretKey } = (input ?? {}) as Record<string, unknown>;
      if (
        typeof baseUrl !== 'string' ||
        typeof publicKey !== 'string' ||
        typeof secretKey !== 'string'
      ) {
        return {
          ok: false,
          errorKind: 'invalid-argument',
          message: 'traceInsight.signInWith needs { baseUrl, publicKey, secretKey } as strings.',
        };
      }

      try {
        const { origin } = await verifyAndStore(
          { baseUrl, publicKey, secretKey },
          services.secrets,
          logger,
        );
        await services.analytics.setMode('langfuse');
        return { ok: true, origin };
      } catch (error) {
        logger.warn(`sign-in failed: ${describeError(error)}`);
        const errorKind = error instanceof LangfuseError ? error.kind : 'unknown';
        return { ok: false, errorKind, message: describeError(error) };
      }
    },
  );
}
