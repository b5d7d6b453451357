/** What a command can touch: its arguments and the process's streams. Tests pass their own. */
export interface CommandContext {
  readonly argv: readonly string[];
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether to write progress lines (with carriage returns) to stderr: true on a terminal. */
  readonly progress?: boolean;
  /** Reads all of standard input (commands that take a secret, such as a password, from it). */
  readonly readStdin?: () => Promise<string>;
  /** Aborts long-running commands (`serve`); SIGINT/SIGTERM do the same. */
  readonly signal?: AbortSignal;
}

export interface Command {
  readonly name: string;
  /** One line for `cxcr4pet help`. */
  readonly summary: string;
  /** Full usage text for `cxcr4pet <name> --help`. */
  readonly usage: string;
  /** Resolves to the exit code. Throws `UsageError` or a room's error for bad input. */
  run(context: CommandContext): Promise<number>;
}

/** Bad command-line usage: printed as one line with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Bad input that is not a usage mistake (a study that cannot be used as asked): one line, exit code 1. */
export class InputError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'InputError';
    this.code = code;
  }
}
