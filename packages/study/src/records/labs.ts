import { z } from 'zod';
import { isoDateSchema, participantIdSchema } from './common.ts';

const positive = z.number().positive().finite();
const nonNegative = z.number().nonnegative().finite();

/**
 * Laboratory values used by the risk scores, in the units of the papers that define them (conventional
 * units; a site reporting SI units converts at entry: haemoglobin g/L ÷ 10 = g/dL, albumin g/L ÷ 10 =
 * g/dL, calcium mmol/L × 4.008 = mg/dL, creatinine µmol/L ÷ 88.42 = mg/dL). Every value is optional:
 * a score that needs a missing one says so rather than guessing.
 */
export const labsSchema = z.object({
  participantId: participantIdSchema,
  sampledDate: isoDateSchema,
  ldhUPerL: nonNegative.optional(),
  /** The laboratory's upper limit of normal for LDH, needed to call LDH elevated. */
  ldhUpperLimitUPerL: positive.optional(),
  hemoglobinGPerDl: nonNegative.optional(),
  plateletsE9PerL: nonNegative.optional(),
  absoluteLymphocytesE9PerL: nonNegative.optional(),
  beta2MicroglobulinMgPerL: nonNegative.optional(),
  albuminGPerDl: nonNegative.optional(),
  calciumMgPerDl: nonNegative.optional(),
  creatinineMgPerDl: nonNegative.optional(),
  /** Serum monoclonal protein, by isotype (g/dL), and urine light-chain excretion (g/24 h). */
  serumIgGMProteinGPerDl: nonNegative.optional(),
  serumIgAMProteinGPerDl: nonNegative.optional(),
  urineLightChainGPer24h: nonNegative.optional(),
  /** Cerebrospinal fluid protein (mg/dL), for the IELSG score of primary CNS lymphoma. */
  csfProteinMgPerDl: nonNegative.optional(),
});
export type Labs = z.infer<typeof labsSchema>;
