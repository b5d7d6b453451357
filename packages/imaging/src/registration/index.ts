export * from './rigid-transform.ts';
