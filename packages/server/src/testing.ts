/** Test and demo helpers (`@cxcr4pet/server/testing`): not used by the server itself. */
export { seedCohort, seededSeriesUid } from './testing/seed-cohort.ts';
