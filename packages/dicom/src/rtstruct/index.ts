export * from './read-rtstruct.ts';
