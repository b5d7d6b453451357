import type { SuvKind } from '../suv/suv-kind.ts';
import type { CodedConcept } from '../write/radionuclides.ts';

function code(codeValue: string, codingSchemeDesignator: string, codeMeaning: string): CodedConcept {
  return { codeValue, codingSchemeDesignator, codeMeaning };
}

/**
 * The concepts of the TID 1500 report cxcr4pet writes (PS3.16): SUV quantities of CID 7180 with their
 * UCUM units (CID 85 "SUV Units"), derivations of CID 7464, volume, and the PET ROI measurements of
 * CID 7466. Total lesion uptake of a tracer other than FDG has no standard code: it is written with
 * the local scheme 99CXCR4 (PS3.16 8.2: private coding schemes start with "99").
 */
export const SR_CODES = {
  procedurePetWholeBody: code('44139-4', 'LN', 'PET whole body'),
  deviceObserver: code('121007', 'DCM', 'Device'),
  lesion: code('52988006', 'SCT', 'Lesion'),
  maximum: code('56851009', 'SCT', 'Maximum'),
  mean: code('373098007', 'SCT', 'Mean'),
  standardDeviation: code('386136009', 'SCT', 'Standard Deviation'),
  peak: code('126031', 'DCM', 'Peak Value Within ROI'),
  volume: code('118565006', 'SCT', 'Volume'),
  milliliter: code('ml', 'UCUM', 'milliliter'),
  gram: code('g', 'UCUM', 'gram'),
  totalLesionGlycolysis: code('126033', 'DCM', 'Total Lesion Glycolysis'),
  totalLesionUptake: code('TLU', '99CXCR4', 'Total Lesion Uptake'),
  // Concept names of the content items the reader looks for.
  imagingMeasurements: code('126010', 'DCM', 'Imaging Measurements'),
  measurementGroup: code('125007', 'DCM', 'Measurement Group'),
  trackingIdentifier: code('112039', 'DCM', 'Tracking Identifier'),
  trackingUid: code('112040', 'DCM', 'Tracking Unique Identifier'),
  finding: code('121071', 'DCM', 'Finding'),
  findingSite: code('363698007', 'SCT', 'Finding Site'),
  // The finding of an organ reference group, as dcmqi's PET measurement reports code it (NCI Thesaurus).
  referenceRegion: code('C94970', 'NCIt', 'Reference Region'),
  referencedSegment: code('121191', 'DCM', 'Referenced Segment'),
  sourceSeriesForSegmentation: code('121232', 'DCM', 'Source series for segmentation'),
  derivation: code('121401', 'DCM', 'Derivation'),
} as const;

/** The SUV concept (CID 7180) and its UCUM unit (CID 85) for each SUV kind cxcr4pet computes. */
export const SUV_CONCEPTS: Readonly<
  Record<SuvKind, { readonly name: CodedConcept; readonly unit: CodedConcept }>
> = {
  bw: {
    name: code('126401', 'DCM', 'SUVbw'),
    unit: code('{SUVbw}g/ml', 'UCUM', 'Standardized Uptake Value body weight'),
  },
  lbm: {
    name: code('126402', 'DCM', 'SUVlbm'),
    unit: code('{SUVlbm}g/ml', 'UCUM', 'Standardized Uptake Value lean body mass'),
  },
  bsa: {
    name: code('126403', 'DCM', 'SUVbsa'),
    unit: code('{SUVbsa}cm2/ml', 'UCUM', 'Standardized Uptake Value body surface area'),
  },
};

/** True when two coded concepts are the same code (value and scheme; the meaning is text). */
export function sameCode(a: CodedConcept, b: CodedConcept): boolean {
  return a.codeValue === b.codeValue && a.codingSchemeDesignator === b.codingSchemeDesignator;
}
