import { z } from 'zod';
import { isoDateSchema, participantIdSchema } from './common.ts';

/**
 * Seriousness criteria of ICH E2A (1994): death, life-threatening, in-patient hospitalisation or its
 * prolongation, persistent or significant disability/incapacity, congenital anomaly/birth defect, other
 * important medical event.
 */
export const seriousnessCriterionSchema = z.enum([
  'death',
  'life-threatening',
  'hospitalisation',
  'disability',
  'congenital-anomaly',
  'important-medical-event',
]);

/**
 * An adverse event graded with CTCAE v5.0 (NCI, 2017): the CTCAE term (optionally its MedDRA code), grade
 * 1 mild, 2 moderate, 3 severe or medically significant, 4 life-threatening, 5 death related to the AE;
 * relatedness to the study tracer; seriousness (ICH E2A) and outcome.
 */
export const adverseEventSchema = z
  .object({
    aeId: z.string().trim().min(1).max(64),
    participantId: participantIdSchema,
    ctcaeVersion: z.literal('5.0'),
    ctcaeTerm: z.string().trim().min(1).max(200),
    /** MedDRA lowest-level term code, 8 digits. */
    meddraCode: z
      .string()
      .regex(/^\d{8}$/)
      .optional(),
    grade: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
    onsetDate: isoDateSchema,
    resolvedDate: isoDateSchema.optional(),
    /** Which administration the investigator attributes the event to, if any. */
    attributedTo: z.enum(['pentixafor', 'fdg', 'study-procedure', 'none']),
    relatedness: z.enum(['not-related', 'unlikely', 'possible', 'probable', 'definite']),
    serious: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('no') }),
      z.object({ kind: z.literal('yes'), criteria: z.array(seriousnessCriterionSchema).min(1) }),
    ]),
    outcome: z.enum([
      'recovered',
      'recovering',
      'not-recovered',
      'recovered-with-sequelae',
      'fatal',
      'unknown',
    ]),
  })
  .superRefine((ae, ctx) => {
    if ((ae.grade === 5) !== (ae.outcome === 'fatal')) {
      ctx.addIssue({
        code: 'custom',
        path: ['outcome'],
        message: 'grade 5 (death) and a fatal outcome go together',
      });
    }
    if (ae.grade === 5 && !(ae.serious.kind === 'yes' && ae.serious.criteria.includes('death'))) {
      ctx.addIssue({
        code: 'custom',
        path: ['serious'],
        message: "a grade 5 event is serious with criterion 'death'",
      });
    }
    if (ae.grade === 4 && ae.serious.kind === 'no') {
      // CTCAE grade 4 is "life-threatening consequences"; ICH E2A counts life-threatening events as serious.
      ctx.addIssue({
        code: 'custom',
        path: ['serious'],
        message: 'a grade 4 (life-threatening) event is serious',
      });
    }
    if (ae.resolvedDate !== undefined && ae.resolvedDate < ae.onsetDate) {
      ctx.addIssue({ code: 'custom', path: ['resolvedDate'], message: 'resolved before its onset' });
    }
    if (ae.attributedTo === 'none' && ae.relatedness !== 'not-related' && ae.relatedness !== 'unlikely') {
      ctx.addIssue({
        code: 'custom',
        path: ['attributedTo'],
        message: `relatedness '${ae.relatedness}' needs what the event is attributed to`,
      });
    }
  });
export type AdverseEvent = z.infer<typeof adverseEventSchema>;
