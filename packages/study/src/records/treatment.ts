import { z } from 'zod';
import { isoDateSchema, participantIdSchema } from './common.ts';

/**
 * Kinds of anti-tumour treatment, closed: chemo-immunotherapy (an anti-CD20 or other antibody with
 * chemotherapy, e.g. R-CHOP, bendamustine-rituximab), chemotherapy alone (7+3, high-dose methotrexate),
 * immunotherapy alone (rituximab monotherapy), targeted or novel agents (BTK inhibitors, proteasome
 * inhibitors and IMiDs, venetoclax), radiotherapy, autologous or allogeneic stem-cell transplantation,
 * CAR-T cells, watch and wait (active surveillance, no treatment given) and other (name it in `regimen`).
 */
export const treatmentCategorySchema = z.enum([
  'chemo-immunotherapy',
  'chemotherapy',
  'immunotherapy',
  'targeted-agent',
  'radiotherapy',
  'autologous-transplant',
  'allogeneic-transplant',
  'car-t',
  'watch-and-wait',
  'other',
]);
export type TreatmentCategory = z.infer<typeof treatmentCategorySchema>;

/** Categories given in cycles (drug regimens); radiotherapy, transplants, CAR-T and watch-and-wait are not. */
export const CYCLED_TREATMENT_CATEGORIES: readonly TreatmentCategory[] = [
  'chemo-immunotherapy',
  'chemotherapy',
  'immunotherapy',
  'targeted-agent',
];

/**
 * One line of anti-tumour treatment given during the study: the regimen as named by the treating team,
 * its category, the line of therapy (1 = first line), the intent, when it started and — where known —
 * when it ended and how many cycles were given. Watch and wait is recorded as a line with intent
 * `observation` (its start is the decision date). The protocol rule that baseline PET/CT precedes
 * treatment is checked by `treatmentDeviations` (a warning, not a refusal).
 */
export const treatmentSchema = z
  .object({
    participantId: participantIdSchema,
    /** The regimen's name, e.g. `R-CHOP`, `bendamustine-rituximab`, `ibrutinib`, `ISRT 30 Gy`. */
    regimen: z.string().trim().min(1).max(200),
    category: treatmentCategorySchema,
    /** Line of therapy: 1 first line, 2 second line, … */
    lineOfTherapy: z.number().int().min(1).max(20),
    intent: z.enum([
      'curative',
      'disease-control',
      'palliative',
      'consolidation',
      'maintenance',
      'observation',
    ]),
    startDate: isoDateSchema,
    endDate: isoDateSchema.optional(),
    /** Cycles given (drug regimens only). */
    cycles: z.number().int().min(1).max(100).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.endDate !== undefined && t.endDate < t.startDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'ended before it started' });
    }
    if ((t.category === 'watch-and-wait') !== (t.intent === 'observation')) {
      ctx.addIssue({
        code: 'custom',
        path: ['intent'],
        message: "watch and wait and the intent 'observation' go together",
      });
    }
    if (t.cycles !== undefined && !CYCLED_TREATMENT_CATEGORIES.includes(t.category)) {
      ctx.addIssue({
        code: 'custom',
        path: ['cycles'],
        message: `a ${t.category} treatment is not given in cycles`,
      });
    }
  });
export type Treatment = z.infer<typeof treatmentSchema>;
