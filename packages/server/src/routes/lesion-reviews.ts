import { createRecord, getRecord, updateRecord } from '@cxcr4pet/db';
import { LESION_REVIEW_SIGNATURE_MEANING, type LesionReview, lesionReviewSchema } from '@cxcr4pet/study';
import { z } from 'zod';
import { accessOf, participantOf } from '../access.ts';
import type { ServerExtension } from '../app.ts';
import { verifyPasswordAgain } from '../auth/routes.ts';
import { ApiError } from '../errors.ts';
import { reasonField, versionField } from './common.ts';
import { participantParams } from './participants.ts';

/** A review as the viewer sends it: no participant (the path's) and no signature (the sign route's); unknown keys refused. */
const reviewData = lesionReviewSchema.omit({ participantId: true, signature: true }).strict();
const recordParams = participantParams.extend({ recordId: z.string().trim().min(1).max(64) });

/**
 * The viewer's lesion reviews (an extension: `buildApp({ extensions: [lesionReviewExtension] })`, as
 * `cxcr4pet serve` builds it). A reader saves a review — the first save creates the `lesion-review`
 * record, later saves change it with the version they loaded and a reason (409 when it moved on) — and
 * signs a version by entering their password again, with the meaning of the signature stated. Signed
 * reviews are not changed: a save after signing writes the next version, without a signature; the signed
 * version stays in the audit trail (every write is audited in its transaction). Reading is the records
 * API (`GET /api/participants/<id>/records?type=lesion-review`).
 */
export const lesionReviewExtension: ServerExtension = {
  name: 'lesion-reviews',
  policies: {
    'lesionReviews.save': { roles: ['reader'], scope: 'participant' },
    'lesionReviews.sign': { roles: ['reader'], scope: 'participant' },
  },
  routes: (context) => async (app) => {
    const db = context.db.kysely;
    const reviewOf = async (recordId: string, participantId: string) => {
      const record = await getRecord(db, recordId);
      if (record === undefined || record.type !== 'lesion-review' || record.participantId !== participantId)
        throw new ApiError(404, 'not-found', `no lesion review ${recordId} of participant ${participantId}`);
      return record as typeof record & { data: LesionReview };
    };

    app.post(
      '/participants/:participantId/lesion-reviews',
      {
        schema: {
          tags: ['lesion reviews'],
          summary: 'Save a new lesion review (version 1, unsigned)',
          params: participantParams,
          body: z.object({ data: reviewData }),
        },
        config: { operation: 'lesionReviews.save' },
      },
      async (request, reply) => {
        const participant = participantOf(request);
        const record = await createRecord(db, { actor: accessOf(request).user.userId }, 'lesion-review', {
          ...request.body.data,
          participantId: participant.participantId,
        });
        return reply.code(201).send(record);
      },
    );

    app.put(
      '/participants/:participantId/lesion-reviews/:recordId',
      {
        schema: {
          tags: ['lesion reviews'],
          summary: 'Save a change: the version you loaded (409 if it moved on) and a reason; unsigned again',
          params: recordParams,
          body: z.object({ version: versionField, reason: reasonField, data: reviewData }),
        },
        config: { operation: 'lesionReviews.save' },
      },
      async (request) => {
        const participant = participantOf(request);
        await reviewOf(request.params.recordId, participant.participantId);
        const { version, reason, data } = request.body;
        return updateRecord(
          db,
          { actor: accessOf(request).user.userId, reason },
          'lesion-review',
          request.params.recordId,
          version,
          { ...data, participantId: participant.participantId },
        );
      },
    );

    app.post(
      '/participants/:participantId/lesion-reviews/:recordId/sign',
      {
        schema: {
          tags: ['lesion reviews'],
          summary: 'Sign a version of a review: your password again, and the meaning of the signature',
          params: recordParams,
          body: z.object({
            version: versionField,
            password: z.string().min(1).max(1000),
            meaning: z.literal(LESION_REVIEW_SIGNATURE_MEANING),
          }),
        },
        config: { operation: 'lesionReviews.sign' },
      },
      async (request) => {
        const participant = participantOf(request);
        const { user } = accessOf(request);
        const { version, password, meaning } = request.body;
        await verifyPasswordAgain(
          context,
          user.userId,
          password,
          'the password is not yours: the review is not signed',
        );
        const review = await reviewOf(request.params.recordId, participant.participantId);
        if (review.data.signature !== undefined && review.version === version)
          throw new ApiError(
            409,
            'invalid-request',
            `version ${version} was signed by ${review.data.signature.signedBy} at ${review.data.signature.signedAt}`,
          );
        const signedAt = context.now().toISOString();
        return updateRecord(
          db,
          { actor: user.userId, reason: `signed: ${meaning}` },
          'lesion-review',
          review.recordId,
          version,
          { ...review.data, signature: { signedBy: user.userId, signedAt, meaning } },
        );
      },
    );
  },
};
