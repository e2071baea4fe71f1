import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { AlertConfigError, parseAlertsConfig, type AlertsConfig } from '../../alerts';
import { UsageError } from '../options';

/**
 * Reads an alerts config from a YAML or JSON file (JSON is read as YAML, of which it is a
 * subset). Errors name the file, the line and the key.
 */
export async function loadConfigFile(path: string): Promise<AlertsConfig> {
  const text = await readConfigText(path, '--config');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });

  const syntaxError = document.errors[0];
  if (syntaxError) {
    const line = lineCounter.linePos(syntaxError.pos[0]).line;
    throw new UsageError(
      `${where(path, line)}: invalid YAML or JSON: ${syntaxError.message.split('\n')[0]}; ` +
        'fix the syntax at that line.',
    );
  }

  try {
    return parseAlertsConfig(document.toJS());
  } catch (error) {
    if (error instanceof AlertConfigError) {
      throw new UsageError(
        `${where(path, lineOf(document, lineCounter, error.path))}: ${error.message}`,
      );
    }
    throw error;
  }
}

const READ_FAILURES: Record<string, string> = { ENOENT: 'not found', EISDIR: 'a directory' };

/** Reads a file for an option, turning "not found" and similar into a usage error. */
export async function readConfigText(path: string, option: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = READ_FAILURES[code ?? ''] ?? 'unreadable';
    throw new UsageError(
      `${option} ${JSON.stringify(path)}: the file is ${reason}; pass the path of a readable file.`,
    );
  }
}

export function where(path: string, line: number | undefined): string {
  return line === undefined ? basename(path) : `${basename(path)} line ${line}`;
}

/** Returns the line of the deepest node of `path` that exists in the document. */
export function lineOf(
  document: Document,
  lineCounter: LineCounter,
  path: ReadonlyArray<string | number>,
): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length), true) as {
      range?: [number, number, number];
    };
    if (node?.range) {
      return lineCounter.linePos(node.range[0]).line;
    }
  }
  return undefined;
}
