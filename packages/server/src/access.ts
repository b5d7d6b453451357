import type { DataQuery, Session, StoredRecord, User } from '@cxcr4pet/db';
import type { Job } from '@cxcr4pet/store';
import type { RecordType } from '@cxcr4pet/study';

/** The participant a request is about, resolved and site-checked by the authorise hook. */
export interface ParticipantRef {
  readonly participantId: string;
  readonly siteId: string;
  readonly pseudonym: string;
  /**
   * This participant's date shift in days (±1…182, the pseudonymised export's): what statisticians see
   * of every date about them is moved by it.
   */
  readonly dateShiftDays: number;
}

/** What the authorise hook found out about the caller and the data the path names. */
export interface Access {
  readonly user: User;
  readonly session: Session;
  readonly participant: ParticipantRef | undefined;
  /** The participants of a `participants`-scoped request that are at the caller's sites, in asked order. */
  readonly participants: readonly ParticipantRef[] | undefined;
  readonly record: StoredRecord | undefined;
  readonly query: DataQuery | undefined;
  readonly job: Job | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The policy entry of this route (`POLICY` in policy.ts, or an extension's). Required under /api. */
    operation?: string;
    /** For one-route-per-record-type routes: the record type (checked against `RECORD_WRITERS`). */
    recordType?: RecordType;
  }
  interface FastifyRequest {
    /** Set by the authorise hook on every non-public route. */
    access: Access | null;
  }
}

/** The access of a request that passed the authorise hook (handlers of non-public routes only). */
export function accessOf(request: { access: Access | null }): Access {
  if (request.access === null) throw new Error('route has no access context: is its operation public?');
  return request.access;
}

/** The participant a participant-scoped route is about. */
export function participantOf(request: { access: Access | null }): ParticipantRef {
  const participant = accessOf(request).participant;
  if (participant === undefined) throw new Error('route has no participant: is its scope participant?');
  return participant;
}

/** The participants a `participants`-scoped route is about (those of the caller's sites). */
export function participantsOf(request: { access: Access | null }): readonly ParticipantRef[] {
  const participants = accessOf(request).participants;
  if (participants === undefined) throw new Error('route has no participants: is its scope participants?');
  return participants;
}
