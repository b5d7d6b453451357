import {
  findSession,
  getQuery,
  getRecord,
  participantSite,
  participantSites,
  type Session,
  type StudyDb,
  touchSession,
} from '@cxcr4pet/db';
import { getJob, type Job, StoreError } from '@cxcr4pet/store';
import type { FastifyRequest } from 'fastify';
import type { ParticipantRef } from './access.ts';
import type { SessionCache } from './auth/session-cache.ts';
import { CSRF_HEADER, SESSION_COOKIE, sameToken, tokenHash } from './auth/tokens.ts';
import { ApiError } from './errors.ts';
import { canWriteRecordType, isPseudonymised, type Rule } from './policy.ts';

export interface AuthorizeOptions {
  readonly db: StudyDb;
  readonly policies: Readonly<Record<string, Rule>>;
  /** A session ends after this long without a request (default 30 min). */
  readonly sessionIdleMs: number;
  readonly now: () => Date;
  readonly sessions: SessionCache;
  readonly dateShiftDays: (participantId: string) => number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Sessions are touched at most once a minute, so that reads do not each write. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The authorise hook (preHandler, after schema validation): finds the route's policy entry, the
 * session (401 without one), checks the CSRF token on state-changing methods, the role (403), and the
 * site of the participant, record or query the path names (404 when it is not at the caller's sites:
 * other sites' participants do not exist for them). Leaves what it resolved in `request.access`.
 */
export function makeAuthorize(options: AuthorizeOptions): (request: FastifyRequest) => Promise<void> {
  const db = options.db.kysely;
  return async (request) => {
    request.access = null;
    if (request.is404) return;
    const operation = request.routeOptions.config.operation;
    const rule = operation === undefined ? undefined : options.policies[operation];
    if (rule === undefined) {
      throw new ApiError(
        403,
        'forbidden',
        `route ${request.routeOptions.url ?? request.url} has no policy entry`,
      );
    }
    if (rule.scope === 'public') return;
    const session = await currentSession(request, options);
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken)) {
        throw new ApiError(
          403,
          'csrf',
          `header '${CSRF_HEADER}' must carry the CSRF token given at login`,
          CSRF_HEADER,
        );
      }
    }
    const { user } = session;
    if (!rule.roles.includes(user.role)) {
      throw new ApiError(403, 'forbidden', `a ${user.role} may not ${operation}`);
    }
    const recordType = request.routeOptions.config.recordType;
    if (recordType !== undefined && !canWriteRecordType(user.role, recordType) && request.method !== 'GET') {
      throw new ApiError(403, 'forbidden', `a ${user.role} may not write ${recordType} records`);
    }
    let participant: ParticipantRef | undefined;
    let participants: ParticipantRef[] | undefined;
    let record: Awaited<ReturnType<typeof getRecord>>;
    let query: Awaited<ReturnType<typeof getQuery>>;
    let job: Job | undefined;
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const mine = (siteId: string): boolean => user.siteIds.includes(siteId);
    /** The participant of what the path names, if it is at the caller's sites; else 404. */
    const ownParticipant = async (
      what: string,
      key: string,
      participantId: string | undefined,
      by: 'participant-id' | 'pseudonym' = 'participant-id',
    ) => {
      const found = participantId === undefined ? undefined : await participantSite(db, participantId, by);
      if (found === undefined || !mine(found.siteId)) throw notAtYourSites(what, key);
      return { ...found, dateShiftDays: options.dateShiftDays(found.participantId) };
    };
    switch (rule.scope) {
      case 'participant': {
        const key = params.participantId ?? '';
        participant = await ownParticipant(
          'participant',
          key,
          key,
          isPseudonymised(user.role) ? 'pseudonym' : 'participant-id',
        );
        break;
      }
      case 'participants': {
        // The route's schema gives `ids` as a bounded list; one query resolves them all.
        const keys = (request.query as { ids?: readonly string[] } | undefined)?.ids ?? [];
        const found = await participantSites(
          db,
          keys,
          isPseudonymised(user.role) ? 'pseudonym' : 'participant-id',
        );
        const byKey = new Map(
          found
            .filter((p) => mine(p.siteId))
            .map((p) => [isPseudonymised(user.role) ? p.pseudonym : p.participantId, p]),
        );
        participants = keys.flatMap((key) => {
          const p = byKey.get(key);
          return p === undefined ? [] : [{ ...p, dateShiftDays: options.dateShiftDays(p.participantId) }];
        });
        break;
      }
      case 'record': {
        const key = params.recordId ?? '';
        record = await getRecord(db, key);
        participant = await ownParticipant('record', key, record?.participantId);
        // Changing a record the path names (delete): the role must write its type (checked after the
        // site, so that another site's record is not found rather than forbidden).
        if (
          record !== undefined &&
          !SAFE_METHODS.has(request.method) &&
          !canWriteRecordType(user.role, record.type)
        )
          throw new ApiError(403, 'forbidden', `a ${user.role} may not change ${record.type} records`);
        break;
      }
      case 'query': {
        const key = params.queryId ?? '';
        query = await getQuery(db, key);
        participant = await ownParticipant('data query', key, query?.participantId);
        break;
      }
      case 'job': {
        const key = params.jobId ?? '';
        job = UUID.test(key) ? await getJob(db, key).catch(missingJob) : undefined;
        participant = await ownParticipant('job', key, job?.participantId ?? undefined);
        break;
      }
      case 'body-site': {
        const siteId = (request.body as { siteId?: unknown } | undefined)?.siteId;
        if (typeof siteId !== 'string' || !mine(siteId)) {
          throw new ApiError(
            403,
            'forbidden',
            `field 'siteId': '${String(siteId)}' is not one of your sites`,
            'siteId',
          );
        }
        break;
      }
      default:
        break;
    }
    request.access = { user, session, participant, participants, record, query, job };
  };
}

/** A job that does not exist is undefined (404 below); any other failure stays an error. */
function missingJob(error: unknown): undefined {
  if (error instanceof StoreError && error.code === 'job-not-found') return undefined;
  throw error;
}

function notAtYourSites(what: string, key: string): ApiError {
  return new ApiError(404, 'not-found', `${what} '${key}' does not exist at your sites`);
}

async function currentSession(request: FastifyRequest, options: AuthorizeOptions): Promise<Session> {
  const token = request.cookies[SESSION_COOKIE];
  const now = options.now();
  const hash = token === undefined ? undefined : tokenHash(token);
  // Read before the look-up: an invalidation that arrives while it runs keeps its result out of the cache.
  const generation = options.sessions.generation;
  const session =
    hash === undefined
      ? undefined
      : (options.sessions.get(hash, now) ?? (await findSession(options.db.kysely, hash, now)));
  if (session === undefined) {
    throw new ApiError(401, 'unauthenticated', 'sign in first: no valid session (POST /api/auth/login)');
  }
  if (now.getTime() - session.lastSeenAt.getTime() <= TOUCH_EVERY_MS) {
    options.sessions.set(session, now, generation);
    return session;
  }
  const expiresAt = new Date(now.getTime() + options.sessionIdleMs);
  await touchSession(options.db.kysely, session.tokenHash, now, expiresAt);
  const touched = { ...session, lastSeenAt: now, expiresAt };
  options.sessions.set(touched, now, generation);
  return touched;
}
