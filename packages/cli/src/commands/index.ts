import type { Command } from '../command.ts';
import { statsCommand } from './stats.ts';

/** Every command of the CLI, in the order `cxcr4pet help` lists them. Add yours here. */
export const commands: readonly Command[] = [statsCommand];
