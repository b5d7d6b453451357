export {
  type AuditChainVerdict,
  type AuditEntry,
  type AuditSearch,
  listAudit,
  searchAudit,
  verifyAuditChain,
} from './audit.ts';
export {
  type AuthChangeHandlers,
  type AuthChangeListener,
  listenForAuthChanges,
} from './auth-changes.ts';
export { type ChangeContext, requireReason, withChange } from './change.ts';
export { DbError, type DbErrorCode, translateDbError } from './errors.ts';
export { MIGRATION_NAMES, migrateToLatest } from './migrations/index.ts';
export {
  type DbLocation,
  locationFromEnv,
  openStudyDb,
  refreshPlannerStatistics,
  type StudyDb,
} from './open.ts';
export { PgliteDialect } from './pglite-dialect.ts';
export { type ActivityInput, recordActivity } from './repositories/activity.ts';
export { getLockState, type LockState, setLock } from './repositories/lock.ts';
export {
  createPacsNode,
  getPacsNode,
  getPacsNodeWithSecret,
  listPacsNodes,
  type PacsAuth,
  type PacsDimse,
  type PacsNode,
  type PacsNodeInput,
  sealPlaintextPacsSecrets,
  updatePacsNode,
} from './repositories/pacs-nodes.ts';
export {
  listParticipants,
  type ParticipantFilter,
  type ParticipantPage,
  type ParticipantSite,
  type ParticipantSummary,
  participantSite,
  participantSites,
} from './repositories/participants.ts';
export { advanceQuery, type DataQuery, getQuery, listQueries, raiseQuery } from './repositories/queries.ts';
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
  clearLoginFailures,
  createSession,
  deleteSession,
  deleteSessionsOf,
  findSession,
  getLoginState,
  type LoginState,
  recordLoginFailure,
  type Session,
  touchSession,
} from './repositories/sessions.ts';
export {
  createSite,
  createUser,
  getUser,
  isRole,
  listSites,
  listUsers,
  ROLES,
  type Role,
  type Site,
  type User,
  type UserChange,
  updateUser,
} from './repositories/sites-users.ts';
export type { DbSchema } from './schema.ts';
export { isSealed, openSecret, SEALED_PREFIX, type SecretKey, sealSecret } from './secret-box.ts';
export { startTestPostgres, type TestPostgres } from './testing/postgres-cluster.ts';
