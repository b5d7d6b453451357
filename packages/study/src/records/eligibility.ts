import { z } from 'zod';
import { isoDateSchema, participantIdSchema, reasonSchema } from './common.ts';

/** The eligibility criteria of NCT04504526, one id each. */
export const criterionIdSchema = z.enum([
  'age-18-to-80',
  'untreated-lymphoproliferative-disease',
  'fdg-pet-ct-within-14-days',
  'signed-consent',
  'pregnancy',
  'breastfeeding',
  'pentixafor-allergy',
]);
export type CriterionId = z.infer<typeof criterionIdSchema>;

/**
 * One criterion answered: whether the criterion's statement holds for this participant (`met` / `not-met`,
 * with the evidence) or cannot be decided yet (`unknown`, with the reason). For an exclusion criterion
 * "met" excludes; for an inclusion criterion "not met" excludes.
 */
export const criterionResultSchema = z.object({
  criterion: criterionIdSchema,
  role: z.enum(['inclusion', 'exclusion']),
  /** The criterion as the protocol words it. */
  text: z.string(),
  status: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('met'), evidence: z.string().min(1) }),
    z.object({ kind: z.literal('not-met'), evidence: z.string().min(1) }),
    z.object({ kind: z.literal('unknown'), reason: reasonSchema }),
  ]),
});
export type CriterionResult = z.infer<typeof criterionResultSchema>;

/**
 * The eligibility verdict: eligible (every inclusion met, no exclusion met), ineligible (a screen
 * failure; `reasons` say which criteria failed), or incomplete (nothing failed but something is unknown).
 * Verdicts are kept, screen failures included, for the CONSORT flow.
 */
export const eligibilityVerdictSchema = z.object({
  participantId: participantIdSchema,
  kind: z.enum(['eligible', 'ineligible', 'incomplete']),
  assessedOn: isoDateSchema,
  reasons: z.array(z.string()),
  criteria: z.array(criterionResultSchema),
  protocol: z.object({ id: z.string(), version: z.string() }),
});
export type EligibilityVerdict = z.infer<typeof eligibilityVerdictSchema>;
