import { runCli } from './run-cli.ts';

const exitCode = await runCli({
  argv: process.argv.slice(2),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  progress: process.stderr.isTTY === true,
});
process.exitCode = exitCode;
