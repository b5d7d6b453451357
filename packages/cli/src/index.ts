export * from './command.ts';
export * from './run-cli.ts';
