import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LocalFileDestination, type LocalFileOptions } from './destinations/localFile';

/**
 * Opens a local export target after checking that its folder exists and that it is not a
 * folder itself, so the user gets a message naming the path rather than a bare ENOENT.
 */
export async function openLocalTarget(
  targetPath: string,
  options: LocalFileOptions = {},
): Promise<LocalFileDestination> {
  const folder = dirname(targetPath);
  const folderStat = await stat(folder).catch(() => undefined);
  if (!folderStat?.isDirectory()) {
    throw new RangeError(`The folder ${folder} does not exist; create it or pick another --out.`);
  }
  const targetStat = await stat(targetPath).catch(() => undefined);
  if (targetStat?.isDirectory()) {
    throw new RangeError(
      `${targetPath} is a folder; pass a file name such as ${targetPath}/export.csv.`,
    );
  }
  return LocalFileDestination.open(targetPath, options);
}
