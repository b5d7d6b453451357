import type { CommandContext } from '../../command.ts';

/** A progress bar on stderr: redrawn in place on a terminal, else one line per tenth and per phase. */
export function progressBar(context: CommandContext): {
  update(phase: string, done: number, total: number, detail?: string): void;
  end(): void;
} {
  const width = 30;
  let lastKey = '';
  let drawn = false;
  return {
    update(phase, done, total, detail = '') {
      const fraction = total === 0 ? 1 : Math.min(1, done / total);
      const filled = Math.round(fraction * width);
      const line = `${phase.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(done).padStart(3)}/${total} ${detail}`;
      if (context.progress === true) {
        context.stderr(`\r${line.padEnd(78).slice(0, 78)}`);
        drawn = true;
        return;
      }
      const key = `${phase}:${Math.floor(fraction * 10)}`;
      if (key !== lastKey) context.stderr(`${line.trimEnd()}\n`);
      lastKey = key;
    },
    end() {
      if (drawn) context.stderr('\n');
      drawn = false;
    },
  };
}
