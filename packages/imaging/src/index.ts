export * from './errors.ts';
export * from './intensity-peak.ts';
export * from './neighbourhood.ts';
export * from './segmentation.ts';
export * from './sphere.ts';
export * from './voi-statistics.ts';
