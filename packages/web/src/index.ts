export * from './serve-static.ts';
export * from './viewer-files.ts';
export * from './viewer-study.ts';
