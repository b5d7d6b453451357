export { type AuditChainVerdict, type AuditEntry, listAudit, verifyAuditChain } from './audit.ts';
export { type ChangeContext, requireReason, withChange } from './change.ts';
export { DbError, type DbErrorCode, translateDbError } from './errors.ts';
export { MIGRATION_NAMES, migrateToLatest } from './migrations/index.ts';
export { type DbLocation, locationFromEnv, openStudyDb, type StudyDb } from './open.ts';
export { PgliteDialect } from './pglite-dialect.ts';
export {
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  type RecordOf,
  type StoredRecord,
  updateRecord,
} from './repositories/records.ts';
export {
  createSite,
  createUser,
  getUser,
  ROLES,
  type Role,
  type Site,
  type User,
} from './repositories/sites-users.ts';
export type { DbSchema } from './schema.ts';
export { startTestPostgres, type TestPostgres } from './testing/postgres-cluster.ts';
