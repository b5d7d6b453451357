export * from './command.ts';
export { DEMO_ANALYSIS_ARGUMENTS, DEMO_COMPARE_ARGUMENTS } from './commands/demo/protocol.ts';
export { WORKER_HANDLERS } from './commands/store/worker.ts';
export * from './run-cli.ts';
