import { z } from 'zod';
import { readRegionSchema } from '../regions.ts';
import { isoDateTimeSchema, participantIdSchema, reasonSchema, tracerSchema } from './common.ts';

/** A visual call. `equivocal` when the reader cannot decide; `not-evaluable` when the region was not imaged or is unreadable. */
export const callSchema = z.enum(['positive', 'negative', 'equivocal']);
export type Call = z.infer<typeof callSchema>;

/**
 * Deauville five-point scale for FDG (Barrington et al., J Clin Oncol 2014;32:3048; Meignan et al., Leuk
 * Lymphoma 2009;50:1257): 1 no uptake above background; 2 uptake ≤ mediastinum; 3 > mediastinum but ≤
 * liver; 4 moderately > liver; 5 markedly > liver and/or new lesions; X new uptake unlikely to be lymphoma.
 */
export const deauvilleSchema = z.union([
  z.literal(1),
  z.literal(2),
  z.literal(3),
  z.literal(4),
  z.literal(5),
  z.literal('X'),
]);
export type Deauville = z.infer<typeof deauvilleSchema>;

/** Marrow pattern on PET: no marrow disease, focal lesions, diffuse uptake, or both (mixed). */
export const marrowPatternSchema = z.enum(['negative', 'focal', 'diffuse', 'mixed']);
export type MarrowPattern = z.infer<typeof marrowPatternSchema>;

/** Who read and what they were blinded to. */
export const blindingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('blinded'),
    /** What the reader could not see: the other tracer's scan, clinical data, the reference standard. */
    blindedTo: z.array(z.enum(['other-tracer', 'clinical-data', 'reference-standard'])).min(1),
  }),
  z.object({ kind: z.literal('unblinded'), reason: reasonSchema }),
]);
export type Blinding = z.infer<typeof blindingSchema>;

export const regionFindingSchema = z.object({
  region: readRegionSchema,
  finding: z.enum(['positive', 'negative', 'equivocal', 'not-evaluable']),
  /** Number of lesions the reader counted in the region (positive regions). */
  lesionCount: z.number().int().nonnegative().optional(),
});
export type RegionFinding = z.infer<typeof regionFindingSchema>;

export const lesionCallSchema = z.object({
  lesionId: z.string().trim().min(1).max(64),
  region: readRegionSchema,
  call: callSchema,
  /** Position of the lesion's hottest voxel in patient LPS millimetres, to match lesions between tracers. */
  positionLpsMm: z.tuple([z.number(), z.number(), z.number()]).optional(),
  suvMax: z.number().nonnegative().optional(),
});
export type LesionCall = z.infer<typeof lesionCallSchema>;

/**
 * One reader's visual read of one PET/CT: a finding for each of the 23 regions (all, exactly once), the
 * marrow pattern, the Deauville score (FDG only), per-lesion calls and the per-patient call, with the
 * reader and the blinding.
 */
export const visualReadSchema = z
  .object({
    readId: z.string().trim().min(1).max(64),
    participantId: participantIdSchema,
    scanId: z.string().trim().min(1).max(64),
    tracer: tracerSchema,
    readerId: z.string().trim().min(1).max(64),
    readAt: isoDateTimeSchema,
    blinding: blindingSchema,
    regions: z.array(regionFindingSchema),
    marrowPattern: marrowPatternSchema,
    deauville: deauvilleSchema.optional(),
    lesions: z.array(lesionCallSchema),
    patientCall: callSchema,
  })
  .superRefine((read, ctx) => {
    const seen = new Set<string>();
    read.regions.forEach((r, i) => {
      if (seen.has(r.region))
        ctx.addIssue({
          code: 'custom',
          path: ['regions', i, 'region'],
          message: `region '${r.region}' is read twice`,
        });
      seen.add(r.region);
    });
    const missing = readRegionSchema.options.filter((r) => !seen.has(r));
    if (missing.length > 0)
      ctx.addIssue({ code: 'custom', path: ['regions'], message: `regions not read: ${missing.join(', ')}` });
    if (read.deauville !== undefined && read.tracer !== 'fdg') {
      ctx.addIssue({
        code: 'custom',
        path: ['deauville'],
        message: 'the Deauville score is defined for FDG only',
      });
    }
    const marrow = read.regions.find((r) => r.region === 'bone-marrow');
    const contradicts =
      marrow !== undefined &&
      ((marrow.finding === 'negative' && read.marrowPattern !== 'negative') ||
        (marrow.finding === 'positive' && read.marrowPattern === 'negative'));
    if (marrow !== undefined && contradicts) {
      ctx.addIssue({
        code: 'custom',
        path: ['marrowPattern'],
        message: `marrow pattern '${read.marrowPattern}' contradicts the bone-marrow region finding '${marrow.finding}'`,
      });
    }
  });
export type VisualRead = z.infer<typeof visualReadSchema>;
