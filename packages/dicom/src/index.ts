export * from './deid/index.ts';
export * from './errors.ts';
export * from './nifti/index.ts';
export * from './read/index.ts';
export * from './seg/index.ts';
export * from './sr/index.ts';
export * from './suv/index.ts';
export * from './write/index.ts';
