export * from './marching-cubes.ts';
export * from './morphology.ts';
export * from './region-geometry.ts';
export * from './symmetric-eigen.ts';
