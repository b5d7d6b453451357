import { type ExecFileSyncOptionsWithStringEncoding, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Which code produced a result: every number cxcr4pet prints can be traced to it. */
export interface Provenance {
  readonly software: 'cxcr4pet';
  readonly version: string;
  /** The git commit of the source tree, with `-dirty` when it had uncommitted changes; null outside git. */
  readonly commit: string | null;
}

const here = dirname(fileURLToPath(import.meta.url));
let cached: Provenance | undefined;

function gitCommit(): string | null {
  try {
    const options: ExecFileSyncOptionsWithStringEncoding = {
      cwd: here,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    };
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], options).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], options).trim() !== '';
    return dirty ? `${head}-dirty` : head;
  } catch {
    return null;
  }
}

/** The provenance of this process's code (computed once). */
export function provenance(): Provenance {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { version?: string };
    cached = {
      software: 'cxcr4pet',
      version: pkg.version ?? '0.0.0',
      commit: process.env.CXCR4PET_COMMIT ?? gitCommit(),
    };
  }
  return cached;
}
