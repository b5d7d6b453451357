import { z } from 'zod';
import { isoDateSchema, participantIdSchema, reasonSchema } from './common.ts';

/**
 * The diagnosis taxonomy of the study (the protocol's "lymphoproliferative diseases": lymphoma, multiple
 * myeloma and other plasma-cell disease, leukemia), named after the WHO classification of haematolymphoid
 * tumours (5th edition, 2022) and the ICC 2022. Closed sets; "other" subtypes require their name.
 */
const lymphomaSchema = z.discriminatedUnion('subtype', [
  z.object({ family: z.literal('lymphoma'), subtype: z.literal('dlbcl') }),
  z.object({ family: z.literal('lymphoma'), subtype: z.literal('follicular') }),
  z.object({
    family: z.literal('lymphoma'),
    subtype: z.literal('marginal-zone'),
    /** Extranodal MZL of mucosa-associated lymphoid tissue (MALT), nodal, splenic, or disseminated (more than one). */
    marginalZoneType: z.enum(['extranodal-malt', 'nodal', 'splenic', 'disseminated']),
  }),
  z.object({ family: z.literal('lymphoma'), subtype: z.literal('mantle-cell') }),
  z.object({ family: z.literal('lymphoma'), subtype: z.literal('cll-sll') }),
  z.object({ family: z.literal('lymphoma'), subtype: z.literal('primary-cns') }),
  z.object({ family: z.literal('lymphoma'), subtype: z.literal('t-cell') }),
  z.object({ family: z.literal('lymphoma'), subtype: z.literal('hodgkin') }),
  z.object({
    family: z.literal('lymphoma'),
    subtype: z.literal('other'),
    name: z.string().trim().min(1).max(200),
  }),
]);

const plasmaCellSchema = z.discriminatedUnion('subtype', [
  z.object({ family: z.literal('plasma-cell'), subtype: z.literal('multiple-myeloma') }),
  z.object({ family: z.literal('plasma-cell'), subtype: z.literal('smouldering-myeloma') }),
  z.object({
    family: z.literal('plasma-cell'),
    subtype: z.literal('plasmacytoma'),
    plasmacytomaSite: z.enum(['solitary-bone', 'extramedullary']),
  }),
]);

const leukemiaSchema = z.discriminatedUnion('subtype', [
  z.object({ family: z.literal('leukemia'), subtype: z.literal('cll') }),
  z.object({ family: z.literal('leukemia'), subtype: z.literal('aml') }),
  z.object({ family: z.literal('leukemia'), subtype: z.literal('all') }),
  z.object({
    family: z.literal('leukemia'),
    subtype: z.literal('other'),
    name: z.string().trim().min(1).max(200),
  }),
]);

/** A disease: `{ family, subtype, … }`, discriminated first by family, then by subtype. */
export const diseaseSchema = z.discriminatedUnion('family', [
  lymphomaSchema,
  plasmaCellSchema,
  leukemiaSchema,
]);
export type Disease = z.infer<typeof diseaseSchema>;
export type DiseaseFamily = Disease['family'];

/**
 * The reference standard behind a diagnosis (the diagnostic truth the imaging is compared with):
 * a histology report, a cytology/flow-cytometry report, or a clinical diagnosis with its reason.
 */
export const diagnosisReferenceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('histology'),
    specimen: z.enum([
      'excisional-biopsy',
      'core-needle-biopsy',
      'bone-marrow-trephine',
      'surgical-resection',
      'stereotactic-brain-biopsy',
      'endoscopic-biopsy',
    ]),
    /** Anatomical site biopsied, free text (`left cervical node`, `gastric antrum`). */
    site: z.string().trim().min(1).max(200),
    sampledDate: isoDateSchema,
    /** The pathology report number. */
    reportId: z.string().trim().min(1).max(64),
  }),
  z.object({
    kind: z.literal('cytology'),
    specimen: z.enum([
      'bone-marrow-aspirate',
      'peripheral-blood-flow-cytometry',
      'cerebrospinal-fluid',
      'effusion',
    ]),
    sampledDate: isoDateSchema,
    reportId: z.string().trim().min(1).max(64),
  }),
  z.object({ kind: z.literal('clinical'), reason: reasonSchema }),
]);
export type DiagnosisReference = z.infer<typeof diagnosisReferenceSchema>;

/** The diagnosis record: the disease, whether it is suspected or confirmed, and its reference standard. */
export const diagnosisSchema = z
  .object({
    participantId: participantIdSchema,
    certainty: z.enum(['suspected', 'confirmed']),
    disease: diseaseSchema,
    reference: diagnosisReferenceSchema,
    diagnosedDate: isoDateSchema,
  })
  .superRefine((d, ctx) => {
    if (d.certainty === 'confirmed' && d.reference.kind === 'clinical') {
      ctx.addIssue({
        code: 'custom',
        path: ['reference'],
        message: 'a confirmed diagnosis needs a histology or cytology reference',
      });
    }
  });
export type Diagnosis = z.infer<typeof diagnosisSchema>;
