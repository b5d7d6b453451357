import { type Command, type CommandContext, UsageError } from './command.ts';
import { commands as allCommands } from './commands/index.ts';

function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: cxcr4pet <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'cxcr4pet <command> --help' for a command's options.\n`;
}

/**
 * Runs one CLI invocation and returns its exit code. Every error ends here and becomes one line
 * on stderr: a room's error (with a `code`) or a usage error, never a stack trace. Set
 * CXCR4PET_DEBUG=1 to get the stack of an unexpected error.
 */
export async function runCli(
  context: CommandContext,
  commands: readonly Command[] = allCommands,
): Promise<number> {
  const [name, ...rest] = context.argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    context.stdout(helpText(commands));
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    context.stderr(`cxcr4pet: unknown command '${name}'. Run 'cxcr4pet help' for the list.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    context.stdout(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  // Messages are printed on one line whatever their source (node's parseArgs writes several).
  const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();
  try {
    return await command.run({ ...context, argv: rest });
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr(`cxcr4pet ${name}: ${oneLine(error.message)} (see 'cxcr4pet ${name} --help')\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    const code =
      error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` [${error.code}]` : '';
    context.stderr(`cxcr4pet ${name}: ${oneLine(message)}${code}\n`);
    if (process.env.CXCR4PET_DEBUG && error instanceof Error && error.stack)
      context.stderr(`${error.stack}\n`);
    return 1;
  }
}
