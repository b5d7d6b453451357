export * from './ct-series.ts';
export * from './dicom-values.ts';
export * from './pet-series.ts';
export * from './quantise.ts';
export * from './radionuclides.ts';
export type * from './types.ts';
export * from './uid.ts';
