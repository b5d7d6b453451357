import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes each file next to its target under a temporary name, then renames them all into place, so a
 * failure (disk full, missing folder) leaves every target as it was: no half-written file.
 */
export async function writeFilesAtomically(
  files: readonly { readonly path: string; readonly bytes: Uint8Array }[],
): Promise<void> {
  const temporaries = files.map((file) => `${file.path}.tmp-${process.pid}`);
  try {
    for (const [n, file] of files.entries()) await writeFile(temporaries[n] as string, file.bytes);
  } catch (error) {
    await Promise.all(temporaries.map((path) => rm(path, { force: true })));
    throw error;
  }
  for (const [n, file] of files.entries()) await rename(temporaries[n] as string, file.path);
}
