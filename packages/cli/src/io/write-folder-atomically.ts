import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { UsageError } from '../command.ts';

/** A file to write: a path relative to the output folder and its bytes. */
export interface FileToWrite {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** 'absent' | 'empty' | 'non-empty' folder; a file in the way is an error. */
export async function folderState(path: string): Promise<'absent' | 'empty' | 'non-empty'> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    return 'absent';
  }
  if (!info.isDirectory()) throw new UsageError(`${path} exists and is not a folder`);
  return (await readdir(path)).length === 0 ? 'empty' : 'non-empty';
}

/**
 * Writes the files under `outdir` atomically: everything goes to a hidden temporary folder beside
 * it, which is renamed into place only when complete, so a failure leaves no partial study (the
 * temporary folder is removed). A non-empty `outdir` is refused unless `force`, then replaced.
 * File paths must be relative and stay inside `outdir`.
 */
export async function writeFolderAtomically(
  outdir: string,
  files: readonly FileToWrite[],
  force: boolean,
): Promise<void> {
  const target = resolve(outdir);
  const state = await folderState(target);
  if (state === 'non-empty' && !force)
    throw new UsageError(`${outdir} is not empty; use --force to replace it`);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temporary = join(parent, `.${basename(target)}.tmp-${suffix}`);
  const old = join(parent, `.${basename(target)}.old-${suffix}`);
  try {
    await mkdir(temporary);
    for (const file of files) {
      const relativePath = normalize(file.path);
      if (isAbsolute(relativePath) || relativePath === '..' || relativePath.startsWith(`..${sep}`))
        throw new Error(`refusing to write ${file.path}: it would leave ${outdir}`);
      const path = join(temporary, relativePath);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.bytes);
    }
    if (state === 'absent') await rename(temporary, target);
    else {
      await rename(target, old);
      await rename(temporary, target);
      await rm(old, { recursive: true, force: true });
    }
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}
