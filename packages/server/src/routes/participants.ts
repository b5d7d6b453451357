import { createRecord, listParticipants, listRecords, type StoredRecord } from '@cxcr4pet/db';
import {
  applicableScores,
  assessEligibility,
  type BaselineClinical,
  type Consent,
  type Cytogenetics,
  completedYears,
  type Diagnosis,
  type Labs,
  type ParticipantIdentity,
  participantSchema,
  type RecordType,
  type Screening,
} from '@cxcr4pet/study';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf, participantOf } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { canReadRecordType, isPseudonymised, seesIdentity } from '../policy.ts';
import { presentForRole, redactVerdict, shiftDates } from '../visibility.ts';
import { pageQuery, stripUndefined } from './common.ts';
import { type CursorOrder, decodeCursor, encodeCursor } from './cursor.ts';
import { saveVerdict } from './eligibility.ts';

export const participantParams = z.object({ participantId: z.string().trim().min(1).max(64) });

/** The latest non-deleted record of a type among a participant's records (oldest first). */
export function latest<T>(records: readonly StoredRecord[], type: RecordType): T | undefined {
  const found = records.filter((r) => r.type === type).at(-1);
  return found === undefined ? undefined : (found.data as T);
}

/** Participants: list and search, register, read; eligibility and risk scores computed here, on the server. */
export function participantRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.db.kysely;
  return async (app) => {
    app.get(
      '/participants',
      {
        schema: {
          tags: ['participants'],
          summary:
            'Participants of your sites: search (study code, pseudonym; name and hospital id for site staff), filters, pages',
          description:
            'Ordered by study code (statisticians: by pseudonym). Page with `offset` or, for a long walk, ' +
            'with `cursor` = the `nextCursor` of the previous page (absent on the last page). `total` is the ' +
            'exact number of matches, counted on every request without a cursor; cursor pages do not count ' +
            'again and omit it (the first page’s total holds unless participants were added meanwhile).',
          querystring: pageQuery.extend({
            cursor: z.string().trim().min(1).max(400).optional(),
            q: z.string().trim().max(200).optional(),
            siteId: z.string().trim().min(1).max(64).optional(),
            sex: z.enum(['female', 'male']).optional(),
            status: z.enum(['screening', 'enrolled', 'withdrawn']).optional(),
            eligibility: z.enum(['eligible', 'ineligible', 'incomplete']).optional(),
          }),
        },
        config: { operation: 'participants.list' },
      },
      async (request) => {
        const { user } = accessOf(request);
        const pseudonymised = isPseudonymised(user.role);
        const order: CursorOrder = pseudonymised ? 'pseudonym' : 'participant-id';
        const { cursor, ...query } = request.query;
        const after = cursor === undefined ? undefined : decodeCursor(cursor, order);
        const result = await listParticipants(db, {
          ...stripUndefined(query),
          ...(after === undefined ? {} : { after, count: false }),
          siteIds: user.siteIds,
          withIdentity: seesIdentity(user.role),
          pseudonymsOnly: pseudonymised,
        });
        const items = pseudonymised
          ? result.items.map(({ participantId, ...rest }) =>
              shiftDates({ ...rest, participantId: rest.pseudonym }, context.dateShiftDays(participantId)),
            )
          : result.items;
        return {
          ...(result.total === undefined ? {} : { total: result.total }),
          limit: query.limit,
          offset: query.offset,
          nextCursor: result.nextAfter === undefined ? null : encodeCursor(order, result.nextAfter),
          items,
        };
      },
    );

    app.post(
      '/participants',
      {
        schema: {
          tags: ['participants'],
          summary: 'Register a participant at one of your sites',
          body: participantSchema,
        },
        config: { operation: 'participants.create' },
      },
      async (request, reply) => {
        const record = await createRecord(
          db,
          { actor: accessOf(request).user.userId },
          'participant',
          request.body,
        );
        return reply.code(201).send(record);
      },
    );

    app.get(
      '/participants/:participantId',
      {
        schema: {
          tags: ['participants'],
          summary: 'A participant: registration, identity (site staff), latest verdict, record counts',
          params: participantParams,
        },
        config: { operation: 'participants.read' },
      },
      async (request) => {
        const { user } = accessOf(request);
        const participant = participantOf(request);
        const records = await listRecords(db, { participantId: participant.participantId });
        const counts: Record<string, number> = {};
        for (const r of records)
          if (canReadRecordType(user.role, r.type)) counts[r.type] = (counts[r.type] ?? 0) + 1;
        const verdict = latest<{ kind: string }>(records, 'eligibility-verdict');
        const body = {
          participantId: participant.participantId,
          pseudonym: participant.pseudonym,
          siteId: participant.siteId,
          participant: latest(records, 'participant'),
          identity: seesIdentity(user.role)
            ? latest<ParticipantIdentity>(records, 'participant-identity')
            : undefined,
          eligibility: verdict?.kind,
          recordCounts: counts,
        };
        return presentForRole(body, user.role, participant);
      },
    );

    app.get(
      '/participants/:participantId/eligibility',
      {
        schema: {
          tags: ['eligibility'],
          summary: 'The eligibility verdict computed now from screening, identity and consent (not stored)',
          params: participantParams,
        },
        config: { operation: 'eligibility.preview' },
      },
      async (request) => {
        const { user } = accessOf(request);
        const participant = participantOf(request);
        const verdict = assessEligibility(await eligibilityInput(context, participant.participantId));
        return presentForRole(redactVerdict(verdict, user.role), user.role, participant);
      },
    );

    app.post(
      '/participants/:participantId/eligibility',
      {
        schema: {
          tags: ['eligibility'],
          summary:
            'Compute the eligibility verdict and store it (a reason is required when a verdict exists)',
          params: participantParams,
          body: z.object({ reason: z.string().trim().min(1).max(2000).optional() }).default({}),
        },
        config: { operation: 'eligibility.assess' },
      },
      async (request, reply) => {
        const { user } = accessOf(request);
        const participant = participantOf(request);
        const verdict = assessEligibility(await eligibilityInput(context, participant.participantId));
        const { record, created } = await saveVerdict(context, user.userId, verdict, request.body.reason);
        return reply.code(created ? 201 : 200).send(record);
      },
    );

    app.get(
      '/participants/:participantId/scores',
      {
        schema: {
          tags: ['scores'],
          summary: 'Clinical risk scores of the diagnosis, with the points behind each',
          params: participantParams,
        },
        config: { operation: 'scores.read' },
      },
      async (request) => {
        const { user } = accessOf(request);
        const participant = participantOf(request);
        const records = await listRecords(db, { participantId: participant.participantId });
        const diagnosis = latest<Diagnosis>(records, 'diagnosis');
        if (diagnosis === undefined) {
          throw new ApiError(
            409,
            'missing-record',
            `participant ${participant.participantId} has no diagnosis record: scores need one`,
          );
        }
        const clinical = latest<BaselineClinical>(records, 'baseline-clinical');
        const birthDate = latest<ParticipantIdentity>(records, 'participant-identity')?.birthDate;
        const baselineDate = clinical?.assessedDate ?? diagnosis.diagnosedDate;
        const ageYears =
          birthDate === undefined
            ? undefined
            : completedYears(
                birthDate,
                baselineDate,
                { record: 'participant-identity', field: 'birthDate' },
                { record: 'diagnosis', field: 'diagnosedDate' },
              );
        const scores = applicableScores({
          disease: diagnosis.disease,
          ageYears,
          labs: latest<Labs>(records, 'labs'),
          clinical,
          cytogenetics: latest<Cytogenetics>(records, 'cytogenetics'),
        });
        return presentForRole(
          { participantId: participant.participantId, ageYears, baselineDate, scores },
          user.role,
          participant,
        );
      },
    );
  };
}

/** Screening (required), birth date and consents of a participant, as the eligibility rules read them. */
async function eligibilityInput(context: ServerContext, participantId: string) {
  const records = await listRecords(context.db.kysely, { participantId });
  const screening = latest<Screening>(records, 'screening');
  if (screening === undefined) {
    throw new ApiError(
      409,
      'missing-record',
      `participant ${participantId} has no screening record: eligibility needs one`,
    );
  }
  return {
    screening,
    birthDate: latest<ParticipantIdentity>(records, 'participant-identity')?.birthDate,
    consents: records.filter((r) => r.type === 'consent').map((r) => r.data as Consent),
  };
}
