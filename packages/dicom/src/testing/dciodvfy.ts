import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether dciodvfy (Debian dicom3tools) is installed; tests that need it skip (with a warning) if not. */
export const hasDciodvfy = spawnSync('dciodvfy', ['-help'], { stdio: 'ignore' }).error === undefined;
if (!hasDciodvfy)
  console.warn('dciodvfy not found (Debian package dicom3tools): DICOM validation tests skipped');

/** Test helper: runs dciodvfy on each file and returns its "Error" and "Warning" lines, prefixed by file name. */
export function dciodvfyFindings(files: readonly { name: string; bytes: Uint8Array }[]): {
  errors: string[];
  warnings: string[];
} {
  const dir = mkdtempSync(join(tmpdir(), 'cxcr4pet-dciodvfy-'));
  try {
    const errors: string[] = [];
    const warnings: string[] = [];
    for (const file of files) {
      const path = join(dir, file.name);
      writeFileSync(path, file.bytes);
      // dciodvfy writes its findings on stderr and exits 0 even with errors: read the text.
      const result = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
      const lines = `${result.stdout}\n${result.stderr}`.split('\n');
      errors.push(...lines.filter((l) => l.startsWith('Error')).map((l) => `${file.name}: ${l}`));
      warnings.push(...lines.filter((l) => l.startsWith('Warning')).map((l) => `${file.name}: ${l}`));
    }
    return { errors, warnings };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Test helper: the "Error" lines of `dciodvfyFindings` (warnings allowed). */
export function dciodvfyErrors(files: readonly { name: string; bytes: Uint8Array }[]): string[] {
  return dciodvfyFindings(files).errors;
}
