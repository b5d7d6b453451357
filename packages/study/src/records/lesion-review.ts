import { z } from 'zod';
import { isoDateTimeSchema, participantIdSchema } from './common.ts';

/** The organs a reference sphere is placed in (the imaging room's `ORGAN_NAMES`). */
export const referenceOrganSchema = z.enum(['liver', 'blood-pool', 'spleen', 'brain', 'muscle', 'marrow']);

const lpsSchema = z.tuple([z.number(), z.number(), z.number()]);
/** A measure that may be undefined (an SD of one voxel): null. */
const measureSchema = z.number().nullable();

/** What a physician declares by signing a lesion review (shown at signing, stored with the signature). */
export const LESION_REVIEW_SIGNATURE_MEANING =
  'I have reviewed the lesions and organ references of this PET/CT and confirm them as my read.';

/**
 * A physician's review of the engine's lesions on one PET/CT in the viewer: the fixed SUV threshold
 * used, every lesion kept (the engine's or added by a click) with its measures, the organ reference
 * spheres, the edits in words, and — once signed — the signature. Written by the server only (the
 * viewer's save and sign routes), so that a signature cannot be typed in: a change after signing is a
 * new version without one, the signed version stays in the audit trail.
 */
export const lesionReviewSchema = z.object({
  participantId: participantIdSchema,
  /** The viewer study reviewed (its id in the viewer's data), e.g. one PET/CT of the participant. */
  studyId: z.string().trim().min(1).max(128),
  segmentation: z.object({
    thresholdSuv: z.number().positive(),
    minVolumeMl: z.number().nonnegative(),
  }),
  lesions: z
    .array(
      z.object({
        label: z.number().int().positive(),
        origin: z.enum(['engine', 'reader']),
        suvMax: z.number(),
        suvMean: z.number(),
        suvPeak: measureSchema,
        volumeMl: z.number().nonnegative(),
        centroidMm: lpsSchema,
      }),
    )
    .max(1000),
  references: z
    .array(
      z.object({
        organ: referenceOrganSchema,
        centreLps: lpsSchema,
        diameterMm: z.number().positive(),
        meanSuv: z.number(),
        sdSuv: measureSchema,
        maxSuv: z.number(),
        peakSuv: measureSchema,
        volumeMl: z.number().nonnegative(),
      }),
    )
    .max(20),
  edits: z.array(z.string().trim().min(1).max(500)).max(2000),
  signature: z
    .object({
      signedBy: z.string().trim().min(1).max(64),
      signedAt: isoDateTimeSchema,
      meaning: z.string().trim().min(1).max(500),
    })
    .optional(),
});
export type LesionReview = z.infer<typeof lesionReviewSchema>;
