import { z } from 'zod';
import { isoDateSchema, participantIdSchema } from './common.ts';

const count = z.number().int().nonnegative();

/**
 * Baseline clinical findings that the risk scores read besides laboratory values. Field names are the
 * score inputs' names, so the records can be merged into a score input as they are. All optional: a score
 * that needs a missing one says so.
 */
export const baselineClinicalSchema = z.object({
  participantId: participantIdSchema,
  assessedDate: isoDateSchema,
  ecogPerformanceStatus: z
    .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
    .optional(),
  karnofskyPerformanceStatus: z.number().int().min(0).max(100).multipleOf(10).optional(),
  /** Clinical Ann Arbor/Lugano stage 1–4 (or from `luganoStage` on the involved sites). */
  annArborStage: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
  bSymptoms: z.boolean().optional(),
  bulky: z.boolean().optional(),
  extranodalSiteCount: count.optional(),
  kidneyOrAdrenalInvolved: z.boolean().optional(),
  /** PCNSL: periventricular regions, basal ganglia, brainstem and/or cerebellum involved. */
  deepStructuresInvolved: z.boolean().optional(),
  flipiNodalAreaCount: count.optional(),
  lymphadenopathy: z.boolean().optional(),
  splenomegaly: z.boolean().optional(),
  hepatomegaly: z.boolean().optional(),
  binetNodalAreas: z.array(z.enum(['head-neck', 'axillary', 'inguinal'])).optional(),
  /** Myeloma: skeletal survey grade for Durie–Salmon. */
  boneLesions: z.enum(['normal-or-solitary-plasmacytoma', 'limited', 'advanced-lytic']).optional(),
  mProteinIsotype: z.enum(['IgG', 'IgA', 'other', 'none']).optional(),
  /** Myeloma: focal lesions and diffuse infiltration on whole-body imaging (Durie/Salmon PLUS). */
  focalLesionCount: count.optional(),
  diffuseInfiltration: z.enum(['none', 'mild', 'moderate', 'severe']).optional(),
  extramedullaryDisease: z.boolean().optional(),
});
export type BaselineClinical = z.infer<typeof baselineClinicalSchema>;

/** Cytogenetic and molecular findings (iFISH on purified plasma cells; CLL TP53 and IGHV). */
export const cytogeneticsSchema = z.object({
  participantId: participantIdSchema,
  sampledDate: isoDateSchema,
  del17p: z.boolean().optional(),
  t4p14: z.boolean().optional(),
  t14p16: z.boolean().optional(),
  gain1q: z.boolean().optional(),
  /** CLL: del(17p) and/or TP53 mutation. */
  tp53Aberrant: z.boolean().optional(),
  ighvUnmutated: z.boolean().optional(),
});
export type Cytogenetics = z.infer<typeof cytogeneticsSchema>;
