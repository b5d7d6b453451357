import { z } from 'zod';
import { isoDateTimeSchema, participantIdSchema, tracerSchema } from './common.ts';

/** A DICOM UID: dot-separated digits, at most 64 characters (DICOM PS3.5 §9.1). */
export const dicomUidSchema = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)*$/)
  .max(64);

/**
 * One PET/CT examination of a participant: the tracer, the protocol time point, the acquisition start
 * and the DICOM study it is stored as.
 */
export const scanSchema = z.object({
  scanId: z.string().trim().min(1).max(64),
  participantId: participantIdSchema,
  tracer: tracerSchema,
  timepoint: z.enum(['baseline', 'interim', 'end-of-treatment', 'follow-up']),
  /** Start of the PET acquisition, with the site's UTC offset. */
  acquisitionStartAt: isoDateTimeSchema,
  studyInstanceUid: dicomUidSchema.optional(),
  petSeriesInstanceUid: dicomUidSchema.optional(),
});
export type Scan = z.infer<typeof scanSchema>;
