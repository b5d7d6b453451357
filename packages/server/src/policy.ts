import { ROLES, type Role } from '@cxcr4pet/db';
import { RECORD_SCHEMAS, type RecordType } from '@cxcr4pet/study';

/**
 * Who may call what: the one place where authorisation is decided. Every route names its operation
 * (`config.operation`); the authorise hook (`authorize.ts`) looks the operation up here, checks the
 * role, then the site scope, before the handler runs. A route without an entry is refused (deny by
 * default). The matrix test calls every operation as every role on an own-site and an other-site
 * participant and compares with a table written out by hand.
 *
 * Scopes:
 * - `public`: no session needed (login, health, the OpenAPI document).
 * - `user`: any signed-in user, nothing site-bound (own profile, lock state).
 * - `global`: not tied to a participant (admin work on users and sites; the handler still filters
 *   lists to the caller's sites where `siteScopedFor` says so).
 * - `participant` / `record` / `query`: the path names a participant, a record or a data query; its
 *   participant's site must be one of the caller's, else 404 (other sites' data do not exist for them).
 * - `body-site`: the body's `siteId` must be one of the caller's sites (registering a participant).
 * - `job`: the path names a job; the participant it is about must be at the caller's sites, else 404.
 * - `participants`: the query's `ids` name participants (statisticians: by pseudonym); those at the
 *   caller's sites are resolved, the others are dropped — absent, as other sites' data do not exist.
 */
export type Scope =
  | 'public'
  | 'user'
  | 'global'
  | 'participant'
  | 'participants'
  | 'record'
  | 'query'
  | 'body-site'
  | 'job';

export interface Rule {
  readonly roles: readonly Role[];
  readonly scope: Scope;
}

const ALL: readonly Role[] = ROLES;
/** Site staff: the only roles that see identifying data (name, birth date, hospital id), at their sites. */
export const SITE_STAFF: readonly Role[] = ['investigator', 'coordinator'];
const CLINICAL: readonly Role[] = ['investigator', 'coordinator', 'monitor', 'statistician'];
/** Who works with images and their jobs: site staff, readers (analyses), admins (server-side imports). */
const IMAGING: readonly Role[] = ['admin', 'investigator', 'coordinator', 'reader'];
/** Who brings studies in from a PACS: site staff (as they upload) and admins (as they import folders). */
const PACS_IMPORT: readonly Role[] = ['admin', ...SITE_STAFF];

export const POLICY = {
  health: { roles: ALL, scope: 'public' },
  openapi: { roles: ALL, scope: 'public' },
  'auth.login': { roles: ALL, scope: 'public' },
  'auth.logout': { roles: ALL, scope: 'user' },
  'auth.me': { roles: ALL, scope: 'user' },
  'lock.read': { roles: ALL, scope: 'user' },
  'lock.set': { roles: ['admin'], scope: 'global' },
  'sites.list': { roles: ALL, scope: 'global' },
  'sites.create': { roles: ['admin'], scope: 'global' },
  'users.list': { roles: ['admin'], scope: 'global' },
  'users.create': { roles: ['admin'], scope: 'global' },
  'users.update': { roles: ['admin'], scope: 'global' },
  'audit.list': { roles: ['admin', 'monitor'], scope: 'global' },
  'participants.list': { roles: ALL, scope: 'global' },
  'participants.create': { roles: SITE_STAFF, scope: 'body-site' },
  'participants.read': { roles: ALL, scope: 'participant' },
  'records.list': { roles: ALL, scope: 'participant' },
  'records.listMany': { roles: ALL, scope: 'participants' },
  'records.read': { roles: ALL, scope: 'record' },
  'records.create': { roles: [...SITE_STAFF, 'reader'], scope: 'participant' },
  'records.update': { roles: [...SITE_STAFF, 'reader'], scope: 'participant' },
  'records.delete': { roles: [...SITE_STAFF, 'reader'], scope: 'record' },
  'eligibility.preview': { roles: CLINICAL, scope: 'participant' },
  'eligibility.assess': { roles: SITE_STAFF, scope: 'participant' },
  'scores.read': { roles: CLINICAL, scope: 'participant' },
  'queries.list': { roles: [...SITE_STAFF, 'monitor'], scope: 'global' },
  'queries.raise': { roles: ['monitor'], scope: 'participant' },
  'queries.answer': { roles: SITE_STAFF, scope: 'query' },
  'queries.close': { roles: ['monitor'], scope: 'query' },
  'dicom.upload': { roles: SITE_STAFF, scope: 'participant' },
  'dicom.import': { roles: ['admin'], scope: 'participant' },
  'series.list': { roles: IMAGING, scope: 'participant' },
  'analyses.queue': { roles: [...SITE_STAFF, 'reader'], scope: 'participant' },
  'jobs.list': { roles: IMAGING, scope: 'global' },
  'jobs.read': { roles: IMAGING, scope: 'job' },
  'jobs.events': { roles: IMAGING, scope: 'job' },
  'jobs.cancel': { roles: IMAGING, scope: 'job' },
  // Imports from the configured PACS nodes (searched and retrieved by the server with the node's sealed
  // secret): site staff of the participant's site and admins, like the server-side folder import.
  'pacs.nodes': { roles: PACS_IMPORT, scope: 'global' },
  'pacs.search': { roles: PACS_IMPORT, scope: 'participant' },
  'pacs.import': { roles: PACS_IMPORT, scope: 'participant' },
  // Results (SEG + SR of a stored analysis) out to a node: who queues analyses, and admins.
  'pacs.send': { roles: ['admin', ...SITE_STAFF, 'reader'], scope: 'participant' },
  'exports.full': { roles: SITE_STAFF, scope: 'global' },
  'exports.pseudonymised': { roles: [...SITE_STAFF, 'statistician'], scope: 'global' },
} as const satisfies Record<string, Rule>;

export type OperationId = keyof typeof POLICY;

/**
 * Who writes each record type (on top of `records.create`/`records.update`): visual reads are the
 * readers' (blinded reads), the eligibility verdict is computed by the server (`eligibility.assess`)
 * and never typed, lesion reviews are written by the viewer's save and sign routes only (an extension:
 * a signature cannot be typed in), every other record is entered by site staff.
 */
export const RECORD_WRITERS: Readonly<Record<RecordType, readonly Role[]>> = Object.fromEntries(
  (Object.keys(RECORD_SCHEMAS) as RecordType[]).map((type) => [
    type,
    type === 'visual-read'
      ? ['reader']
      : type === 'eligibility-verdict' || type === 'lesion-review'
        ? []
        : SITE_STAFF,
  ]),
) as Record<RecordType, readonly Role[]>;

/** Identifying data are shown to site staff of the participant's site only (the caller's sites). */
export function seesIdentity(role: Role): boolean {
  return SITE_STAFF.includes(role);
}

/** Statisticians see pseudonymised data only: pseudonyms instead of study codes, no identifying data. */
export function isPseudonymised(role: Role): boolean {
  return role === 'statistician';
}

/** Whether `role` may read records of `type` (identifying records: site staff only). */
export function canReadRecordType(role: Role, type: RecordType): boolean {
  return type !== 'participant-identity' || seesIdentity(role);
}

/** Whether `role` may create or change records of `type`. */
export function canWriteRecordType(role: Role, type: RecordType): boolean {
  return RECORD_WRITERS[type].includes(role);
}

/** The audit trail: an admin reads all of it; a monitor only entries about their sites' participants. */
export function auditSiteScoped(role: Role): boolean {
  return role !== 'admin';
}

/** Sites listing: an admin sees every site; everyone else their own. */
export function sitesSiteScoped(role: Role): boolean {
  return role !== 'admin';
}
