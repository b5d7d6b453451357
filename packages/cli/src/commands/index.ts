import type { Command } from '../command.ts';
import { analyzeCommand } from './analyze/index.ts';
import { compareCommand } from './compare/index.ts';
import { deidCommand } from './deid.ts';
import { demoCommand } from './demo/index.ts';
import { pacsCommand, scpCommand } from './pacs.ts';
import { phantomCommand } from './phantom.ts';
import { reportCommand } from './report.ts';
import { serveCommand } from './serve.ts';
import { statsCommand } from './stats.ts';
import { auditCommand } from './store/audit.ts';
import { exportCommand } from './store/export.ts';
import { importCommand } from './store/import.ts';
import { jobsCommand } from './store/jobs.ts';
import { workerCommand } from './store/worker.ts';
import { siteCommand, userCommand } from './user.ts';

/** Every command of the CLI, in the order `cxcr4pet help` lists them. Add yours here (one per line). */
export const commands: readonly Command[] = [
  analyzeCommand,
  auditCommand,
  compareCommand,
  deidCommand,
  demoCommand,
  exportCommand,
  importCommand,
  jobsCommand,
  pacsCommand,
  phantomCommand,
  reportCommand,
  scpCommand,
  serveCommand,
  siteCommand,
  statsCommand,
  userCommand,
  workerCommand,
];
