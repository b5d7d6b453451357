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
export function cli(...argv: string[]): Promise<CliResult> {
  return cliWith(argv);
}

/** `cli` with a standard input, an abort signal (for `serve`) and a tap on stdout as it is written. */
export async function cliWith(
  argv: readonly string[],
  options: { stdin?: string; signal?: AbortSignal; onStdout?: (text: string) => void } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv,
    stdout: (text) => {
      stdout += text;
      options.onStdout?.(text);
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => options.stdin ?? '',
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return { code, stdout, stderr };
}
