import { z } from 'zod';
import { isoDateSchema, participantIdSchema } from './common.ts';
import { deauvilleSchema } from './read.ts';

/**
 * Lugano 2014 response categories (Cheson et al., J Clin Oncol 2014;32:3059, Table 3): PET-CT based
 * CMR/PMR/NMR/PMD (complete, partial, no metabolic response, progressive metabolic disease) and CT based
 * CR/PR/SD/PD. IMWG 2016 categories for myeloma (Kumar et al., Lancet Oncol 2016;17:e328): sCR, CR,
 * VGPR, PR, MR, SD, PD, with the MRD status.
 */
export const responseSchema = z.discriminatedUnion('system', [
  z.object({
    system: z.literal('lugano-pet'),
    category: z.enum(['CMR', 'PMR', 'NMR', 'PMD']),
    deauville: deauvilleSchema.optional(),
  }),
  z.object({ system: z.literal('lugano-ct'), category: z.enum(['CR', 'PR', 'SD', 'PD']) }),
  z.object({
    system: z.literal('imwg'),
    category: z.enum(['sCR', 'CR', 'VGPR', 'PR', 'MR', 'SD', 'PD']),
    mrd: z
      .object({
        status: z.enum(['negative', 'positive']),
        method: z.enum(['next-generation-flow', 'next-generation-sequencing']),
        /** MRD negative in marrow and disappearance of every PET/CT lesion (IMWG "imaging plus MRD-negative"). */
        imagingNegative: z.boolean().optional(),
      })
      .optional(),
  }),
]);
export type Response = z.infer<typeof responseSchema>;

/** A response assessment at a time point. */
export const responseAssessmentSchema = z.object({
  participantId: participantIdSchema,
  assessedDate: isoDateSchema,
  timepoint: z.enum(['interim', 'end-of-treatment', 'follow-up']),
  /** The PET/CT the assessment rests on, if any. */
  scanId: z.string().trim().min(1).max(64).optional(),
  response: responseSchema,
});
export type ResponseAssessment = z.infer<typeof responseAssessmentSchema>;

/** Progression or relapse documented outside a response assessment (clinical, histological, laboratory). */
export const progressionSchema = z.object({
  participantId: participantIdSchema,
  progressionDate: isoDateSchema,
  basis: z.enum(['imaging', 'clinical', 'histology', 'laboratory']),
});
export type Progression = z.infer<typeof progressionSchema>;

export const deathSchema = z.object({
  participantId: participantIdSchema,
  deathDate: isoDateSchema,
  cause: z.enum(['lymphoproliferative-disease', 'treatment-related', 'other', 'unknown']),
});
export type Death = z.infer<typeof deathSchema>;

/** A follow-up contact at which the participant was known to be alive. */
export const followUpContactSchema = z.object({
  participantId: participantIdSchema,
  contactDate: isoDateSchema,
  method: z.enum(['visit', 'phone', 'medical-records']),
});
export type FollowUpContact = z.infer<typeof followUpContactSchema>;
