import { z } from 'zod';
import {
  answerSchema,
  dateAnswerSchema,
  isoDateSchema,
  participantIdSchema,
  reasonSchema,
  sourceSchema,
} from './common.ts';

/**
 * The screening form: the facts behind each eligibility criterion of NCT04504526, each answered with
 * evidence (see `answerSchema`). Age comes from the identity record's birth date and consent from the
 * consent record, so that neither is typed twice.
 */
export const screeningSchema = z.object({
  participantId: participantIdSchema,
  screeningDate: isoDateSchema,
  /** Lymphoproliferative disease (lymphoma, plasma-cell disease, lymphoid or myeloid leukemia as listed by the protocol). */
  lymphoproliferativeDisease: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('confirmed'), source: sourceSchema.optional() }),
    z.object({ kind: z.literal('suspected'), source: sourceSchema.optional() }),
    z.object({ kind: z.literal('absent'), source: sourceSchema.optional() }),
    z.object({ kind: z.literal('unknown'), reason: reasonSchema }),
  ]),
  /** Any prior anti-tumour treatment of this disease (chemo-, immuno-, radiotherapy, transplant). */
  priorTreatment: answerSchema,
  /** Date of the 18F-FDG PET/CT. */
  fdgPetCtDate: dateAnswerSchema,
  /** Date (planned or done) of the 68Ga-Pentixafor PET/CT. */
  pentixaforPetCtDate: dateAnswerSchema,
  pregnant: answerSchema,
  breastfeeding: answerSchema,
  /** Known allergy against Pentixafor. */
  pentixaforAllergy: answerSchema,
});
export type Screening = z.infer<typeof screeningSchema>;
