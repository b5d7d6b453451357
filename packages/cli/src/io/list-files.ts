import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DicomError } from '@cxcr4pet/dicom';

/** A file found under a folder: its path and the path relative to the folder (for messages). */
export interface FileEntry {
  readonly path: string;
  /** The path relative to the folder read, for messages. */
  readonly name: string;
}

/**
 * Every file under `folder` (recursively), sorted by path. A missing folder or a file in its place is
 * `DicomError` 'folder-not-found'.
 */
export async function listFiles(folder: string): Promise<readonly FileEntry[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(folder);
  } catch {
    throw new DicomError('folder-not-found', `folder ${folder} does not exist`, { file: folder });
  }
  if (!info.isDirectory())
    throw new DicomError('folder-not-found', `${folder} is not a folder`, { file: folder });
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  // One `relative` per sub-folder, not per file (a series is hundreds of files in one folder).
  const prefixes = new Map<string, string>();
  const prefixOf = (parent: string): string => {
    let prefix = prefixes.get(parent);
    if (prefix === undefined) {
      prefix = relative(folder, parent);
      prefixes.set(parent, prefix);
    }
    return prefix;
  };
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, name: join(prefixOf(entry.parentPath), entry.name) };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
