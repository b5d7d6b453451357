export * from './chunks.ts';
export * from './volume.ts';
export * from './wire.ts';
