export * from './volume.ts';
export * from './wire.ts';
