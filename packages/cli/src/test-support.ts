import { fileURLToPath } from 'node:url';
import { runCli } from './run-cli.ts';

/** The repository's testdata folder (copies of ../shared/data with their licences). */
export const TESTDATA = fileURLToPath(new URL('../../../testdata/', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process and collects what it wrote. */
export async function cli(...argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}
