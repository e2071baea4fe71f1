import { readFile, unlink } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Logger } from '../../langfuse/client';
import { isLoopbackHost, parseBaseUrl } from '../../langfuse/regions';
import { CONFIG_SECTION } from '../config';
import { describeError } from '../log';
import type { OriginSecrets } from './secretStore';

export const DEMO_CREDENTIALS_ENV = 'TRACE_INSIGHT_DEMO_CREDENTIALS_FILE';

/**
 * Imports the keys that `npm run demo` hands over in a JSON file {baseUrl, publicKey,
 * secretKey}: only for a loopback base URL, so the file cannot point the extension at another
 * host. The file is deleted after a successful import unless it contains `"keepFile": true`: the
 * demo sets that and deletes the file itself when it stops, because code-server keeps secrets
 * per browser, so every browser that opens the demo must import the keys again.
 */
export async function importDemoCredentials(
  env: NodeJS.ProcessEnv,
  secrets: OriginSecrets,
  logger: Logger,
): Promise<boolean> {
  const path = env[DEMO_CREDENTIALS_ENV];
  if (!path) {
    return false;
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    logger.warn(`ignored ${DEMO_CREDENTIALS_ENV}=${path}: ${describeError(error)}`);
    return false;
  }

  const { baseUrl, publicKey, secretKey, keepFile } = (parsed ?? {}) as Record<string, unknown>;
  if (
    typeof baseUrl !== 'string' ||
    typeof publicKey !== 'string' ||
    typeof secretKey !== 'string'
  ) {
    logger.warn(`ignored ${path}: it needs the strings baseUrl, publicKey and secretKey`);
    return false;
  }

  let url: URL;
  try {
    url = parseBaseUrl(baseUrl);
  } catch (error) {
    logger.warn(`ignored ${path}: ${describeError(error)}`);
    return false;
  }
  if (!isLoopbackHost(url.hostname)) {
    logger.warn(`ignored ${path}: ${url.origin} is not a loopback address`);
    return false;
  }

  await secrets.store(url.origin, secretKey);
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION);
  await section.update(
    'baseUrl',
    url.toString().replace(/\/$/, ''),
    vscode.ConfigurationTarget.Global,
  );
  await section.update('publicKey', publicKey, vscode.ConfigurationTarget.Global);

  if (keepFile === true) {
    logger.info(`imported demo keys for ${url.origin} (public key ${publicKey}) from ${path}`);
    return true;
  }
  await unlink(path).catch((error: unknown) =>
    logger.warn(`could not delete ${path}: ${describeError(error)}`),
  );
  logger.info(`imported demo keys for ${url.origin} (public key ${publicKey}) and deleted ${path}`);
  return true;
}
