export * from './cohort.ts';
export * from './diseases.ts';
export * from './follow-up.ts';
export * from './lesions.ts';
export * from './model.ts';
export { quotas, type Random, seededRandom } from './random.ts';
export * from './record-list.ts';
