import type { z } from 'zod';
import { adverseEventSchema } from './adverse-event.ts';
import { baselineClinicalSchema, cytogeneticsSchema } from './baseline.ts';
import { diagnosisSchema } from './diagnosis.ts';
import { doseRecordSchema } from './dose.ts';
import { eligibilityVerdictSchema } from './eligibility.ts';
import {
  deathSchema,
  followUpContactSchema,
  progressionSchema,
  responseAssessmentSchema,
} from './follow-up.ts';
import { labsSchema } from './labs.ts';
import { lesionReviewSchema } from './lesion-review.ts';
import { consentSchema, participantIdentitySchema, participantSchema } from './participant.ts';
import { visualReadSchema } from './read.ts';
import { scanSchema } from './scan.ts';
import { screeningSchema } from './screening.ts';
import { treatmentSchema } from './treatment.ts';

/**
 * Every record type of the study by name: the one list the server (routes, OpenAPI via
 * `z.toJSONSchema`), the database (tables) and exports (data dictionary) iterate over.
 */
export const RECORD_SCHEMAS = {
  participant: participantSchema,
  'participant-identity': participantIdentitySchema,
  consent: consentSchema,
  screening: screeningSchema,
  'eligibility-verdict': eligibilityVerdictSchema,
  diagnosis: diagnosisSchema,
  labs: labsSchema,
  'baseline-clinical': baselineClinicalSchema,
  cytogenetics: cytogeneticsSchema,
  dose: doseRecordSchema,
  scan: scanSchema,
  'visual-read': visualReadSchema,
  'lesion-review': lesionReviewSchema,
  'response-assessment': responseAssessmentSchema,
  progression: progressionSchema,
  death: deathSchema,
  'follow-up-contact': followUpContactSchema,
  'adverse-event': adverseEventSchema,
  treatment: treatmentSchema,
} as const satisfies Record<string, z.ZodType>;

export type RecordType = keyof typeof RECORD_SCHEMAS;

/** Record types holding identifying data, hidden from non-site staff and dropped from pseudonymised exports. */
export const IDENTIFYING_RECORD_TYPES: readonly RecordType[] = ['participant-identity'];
