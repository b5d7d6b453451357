export * from './assignment.ts';
export * from './lesion-matching.ts';
