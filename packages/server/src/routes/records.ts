import {
  createRecord,
  type DbSchema,
  deleteRecord,
  listRecords,
  type Role,
  type StoredRecord,
  updateRecord,
} from '@cxcr4pet/db';
import {
  type Participant,
  type ProtocolDeviation,
  RECORD_SCHEMAS,
  type RecordType,
  type Scan,
  type Screening,
  type Treatment,
  treatmentDeviations,
} from '@cxcr4pet/study';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { accessOf, participantOf, participantsOf } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { canReadRecordType, RECORD_WRITERS } from '../policy.ts';
import { presentForRole, redactVerdict } from '../visibility.ts';
import { reasonField, versionField } from './common.ts';
import { participantParams } from './participants.ts';

const RECORD_TYPES = Object.keys(RECORD_SCHEMAS) as RecordType[];

/** At most this many participants in one `GET /participant-records` (a worklist page: 200). */
export const MAX_BATCH_PARTICIPANTS = 200;

/** `?ids=a,b,c`: distinct participant ids (statisticians: pseudonyms), 1…MAX_BATCH_PARTICIPANTS. */
const idsQuery = z
  .string()
  .max(MAX_BATCH_PARTICIPANTS * 65)
  .transform((text) => [...new Set(text.split(',').map((id) => id.trim()))])
  .pipe(
    z
      .array(z.string().min(1, 'an empty id').max(64))
      .min(1)
      .max(MAX_BATCH_PARTICIPANTS, `at most ${MAX_BATCH_PARTICIPANTS} participants a request`),
  );

/** Records as a role may see them: identifying types for site staff only, verdicts without birth dates. */
function visibleRecords(records: readonly StoredRecord[], role: Role): StoredRecord[] {
  return records.filter((r) => canReadRecordType(role, r.type)).map((r) => redactVerdict(r, role));
}

/** The path's participant is the record's: fill `data.participantId` when the client left it out. */
function fillParticipantId(request: { body: unknown; params: unknown }): void {
  const data = (request.body as { data?: unknown } | null)?.data;
  const participantId = (request.params as { participantId?: string }).participantId;
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && !('participantId' in data)) {
    (data as Record<string, unknown>).participantId = participantId;
  }
}

function checkSameParticipant(data: { participantId: string }, pathParticipantId: string): void {
  if (data.participantId !== pathParticipantId) {
    throw new ApiError(
      400,
      'participant-mismatch',
      `body field 'data.participantId': '${data.participantId}' is not the participant of the path ('${pathParticipantId}')`,
      'data.participantId',
    );
  }
}

/**
 * The protocol deviations a written record shows against the participant's other records (today: a
 * treatment started before baseline imaging or enrolment, `treatmentDeviations`). Derived, never stored
 * apart: the record and the scans it is checked against are both in the audited record table, so the
 * check can be made again at any time (the report and the worklist do).
 */
async function treatmentDeviationsOf(
  db: Kysely<DbSchema>,
  treatment: Treatment,
): Promise<readonly ProtocolDeviation[]> {
  const records = await listRecords(db, { participantId: treatment.participantId });
  const latest = <T>(t: RecordType) => records.filter((r) => r.type === t).at(-1)?.data as T | undefined;
  return treatmentDeviations(treatment, {
    enrolledDate: latest<Participant>('participant')?.enrolledDate,
    scans: records.filter((r) => r.type === 'scan').map((r) => r.data as Scan),
    screening: latest<Screening>('screening'),
  });
}

/** A written record, with `deviations` beside it when its type is checked (a treatment). */
async function withDeviations<R extends { type: RecordType; data: unknown }>(
  db: Kysely<DbSchema>,
  record: R,
): Promise<R | (R & { deviations: readonly ProtocolDeviation[] })> {
  if (record.type !== 'treatment') return record;
  return { ...record, deviations: await treatmentDeviationsOf(db, record.data as Treatment) };
}

/**
 * Study records: list a participant's, read one, and per record type a create and an update route
 * whose body schema is the study room's zod schema of that type (so each appears in the OpenAPI
 * document). Updates carry the version the editor loaded (409 when it moved on) and a reason.
 * Eligibility verdicts have no write route: the server computes them (`/eligibility`). A treatment's
 * create and update answers carry `deviations` (baseline imaging precedes treatment): saved, and shown.
 */
export function recordRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.db.kysely;
  return async (app) => {
    app.get(
      '/participants/:participantId/records',
      {
        schema: {
          tags: ['records'],
          summary: 'A participant’s records, oldest first (identifying records: site staff only)',
          params: participantParams,
          querystring: z.object({
            type: z.enum(RECORD_TYPES as [RecordType, ...RecordType[]]).optional(),
            includeDeleted: z.enum(['true', 'false']).optional(),
          }),
        },
        config: { operation: 'records.list' },
      },
      async (request) => {
        const { user } = accessOf(request);
        const participant = participantOf(request);
        const { type, includeDeleted } = request.query;
        const records = await listRecords(db, {
          participantId: participant.participantId,
          ...(type === undefined ? {} : { type }),
          includeDeleted: includeDeleted === 'true',
        });
        return presentForRole({ records: visibleRecords(records, user.role) }, user.role, participant);
      },
    );

    app.get(
      '/participant-records',
      {
        schema: {
          tags: ['records'],
          summary: 'The records of several participants at once (a worklist page), oldest first',
          description:
            `\`ids\`: up to ${MAX_BATCH_PARTICIPANTS} comma-separated participant ids (statisticians: ` +
            'pseudonyms). Each participant’s records are what `GET /participants/{id}/records` returns; ' +
            'ids that are not participants of your sites are absent from the answer (not an error). ' +
            'Read in one database query.',
          querystring: z.object({ ids: idsQuery }),
        },
        config: { operation: 'records.listMany' },
      },
      async (request) => {
        const { user } = accessOf(request);
        const participants = participantsOf(request);
        const records = await listRecords(db, {
          participantId: participants.map((p) => p.participantId),
        });
        const byParticipant = new Map<string, StoredRecord[]>();
        for (const r of records) {
          const own = byParticipant.get(r.participantId);
          if (own === undefined) byParticipant.set(r.participantId, [r]);
          else own.push(r);
        }
        return {
          participants: participants.map((p) =>
            presentForRole(
              {
                participantId: p.participantId,
                records: visibleRecords(byParticipant.get(p.participantId) ?? [], user.role),
              },
              user.role,
              p,
            ),
          ),
        };
      },
    );

    app.get(
      '/records/:recordId',
      {
        schema: {
          tags: ['records'],
          summary: 'One record by id',
          params: z.object({ recordId: z.string().trim().min(1).max(64) }),
        },
        config: { operation: 'records.read' },
      },
      async (request) => {
        const { user, record } = accessOf(request);
        if (record === undefined) throw new Error('records.read without a record');
        if (!canReadRecordType(user.role, record.type)) {
          throw new ApiError(
            403,
            'forbidden',
            `${record.type} records hold identifying data: site staff only`,
          );
        }
        return presentForRole(redactVerdict(record, user.role), user.role, participantOf(request));
      },
    );

    app.delete(
      '/records/:recordId',
      {
        schema: {
          tags: ['records'],
          summary:
            'Delete a record: marked deleted as a new version (never erased), with the version you loaded and a reason',
          description:
            'Who may delete a record is who may write its type (site staff; readers their visual reads). ' +
            'The deletion is audited (action delete, with the reason); the record stays readable with ' +
            'deleted: true (records list: includeDeleted=true). Refused while the data are locked.',
          params: z.object({ recordId: z.string().trim().min(1).max(64) }),
          body: z.object({ version: versionField, reason: reasonField }),
        },
        config: { operation: 'records.delete' },
      },
      async (request) => {
        const { user, record } = accessOf(request);
        if (record === undefined) throw new Error('records.delete without a record');
        const { version, reason } = request.body;
        return deleteRecord(db, { actor: user.userId, reason }, record.type, record.recordId, version);
      },
    );

    for (const type of RECORD_TYPES) {
      if (RECORD_WRITERS[type].length === 0) continue;
      const schema = RECORD_SCHEMAS[type];
      app.post(
        `/participants/:participantId/records/${type}`,
        {
          schema: {
            tags: ['records'],
            summary: `Enter a ${type} record (data.participantId may be left out)`,
            params: participantParams,
            body: z.object({ data: schema }),
          },
          config: { operation: 'records.create', recordType: type },
          preValidation: async (request) => fillParticipantId(request),
        },
        async (request, reply) => {
          const participant = participantOf(request);
          checkSameParticipant(request.body.data, participant.participantId);
          const record = await createRecord(
            db,
            { actor: accessOf(request).user.userId },
            type,
            request.body.data,
          );
          return reply.code(201).send(await withDeviations(db, record));
        },
      );
      app.put(
        `/participants/:participantId/records/${type}/:recordId`,
        {
          schema: {
            tags: ['records'],
            summary: `Change a ${type} record: the version you loaded (409 if it moved on) and a reason`,
            params: participantParams.extend({ recordId: z.string().trim().min(1).max(64) }),
            body: z.object({ version: versionField, reason: reasonField, data: schema }),
          },
          config: { operation: 'records.update', recordType: type },
          preValidation: async (request) => fillParticipantId(request),
        },
        async (request) => {
          const participant = participantOf(request);
          checkSameParticipant(request.body.data, participant.participantId);
          const { version, reason, data } = request.body;
          const record = await updateRecord(
            db,
            { actor: accessOf(request).user.userId, reason },
            type,
            request.params.recordId,
            version,
            data,
          );
          return withDeviations(db, record);
        },
      );
    }
  };
}
