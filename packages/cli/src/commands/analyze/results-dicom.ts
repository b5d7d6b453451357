import {
  type DicomFile,
  deriveUid,
  type LocalDateTime,
  lesionMeasurements,
  ORGAN_CODES,
  type PetStudy,
  SEGMENT_CODES,
  type SegmentInput,
  writeMeasurementReport,
  writeSegmentation,
} from '@cxcr4pet/dicom';
import { ORGAN_SPHERE_DIAMETER_MM, sphereMask } from '@cxcr4pet/imaging';
import type { LabelMap } from '@cxcr4pet/volume';
import type { Provenance } from '../../provenance.ts';
import { type AnalyzeReport, isFdg } from './analyze-study.ts';

/** SeriesNumber of the SEG and SR cxcr4pet writes (after the scanner's own series). */
const SEG_SERIES_NUMBER = 901;
const SR_SERIES_NUMBER = 902;

/**
 * The analysis as DICOM: a SEG with one segment per lesion (segment n = lesion n, category
 * "Morphologically Altered Structure", type "Lesion") followed by one per organ reference sphere
 * ("Anatomical Structure", the organ), and a TID 1500 SR with each lesion's SUVmax/mean/peak, volume and
 * total lesion uptake, and each organ reference's SUVmean/SD/max/peak and volume, referring to its segment. UIDs derive from the PET series and every analysis
 * parameter, so the same analysis gives the same objects (a PACS replaces rather than duplicates them).
 * Pure; `now` is the content date/time.
 */
export function analysisAsDicom(
  study: PetStudy,
  report: AnalyzeReport,
  labels: LabelMap,
  provenance: Provenance,
  now: LocalDateTime,
): { readonly seg: DicomFile; readonly sr: DicomFile } {
  const pet = study.pet;
  const grid = pet.volume;
  const key = JSON.stringify([
    report.suv.kind,
    report.segmentation,
    report.references,
    report.exclusions,
    provenance,
  ]);
  const software = `cxcr4pet ${provenance.version}${provenance.commit === null ? '' : ` (${provenance.commit})`}`;
  const facts = (role: string, seriesNumber: number, description: string) => {
    const seriesInstanceUid = deriveUid(pet.seriesInstanceUid, role, key);
    return {
      seriesInstanceUid,
      sopInstanceUid: deriveUid(seriesInstanceUid, 'instance', 1),
      seriesNumber,
      description,
      contentDateTime: now,
      softwareVersion: software,
    };
  };
  const algorithm = `cxcr4pet ${report.segmentation.method}`;
  const lesions: SegmentInput[] = report.lesions.map((lesion) => ({
    label: `Lesion ${lesion.label}`,
    description: `SUVmax ${lesion.suvMax.toFixed(2)}, ${lesion.volumeMl.toFixed(2)} ml`,
    category: SEGMENT_CODES.morphologicallyAlteredStructure,
    type: SEGMENT_CODES.lesion,
    algorithm: { kind: 'AUTOMATIC', name: algorithm },
    region: { kind: 'label', labels, value: lesion.label },
  }));
  const organs: SegmentInput[] = report.references.map((reference) => ({
    label: `${reference.organ} reference`,
    description: `${reference.diameterMm} mm sphere, SUVmean ${reference.meanSuv.toFixed(2)}`,
    category: SEGMENT_CODES.anatomicalStructure,
    type: ORGAN_CODES[reference.organ] ?? SEGMENT_CODES.anatomicalStructure,
    algorithm: { kind: 'SEMIAUTOMATIC', name: `cxcr4pet ${reference.diameterMm} mm reference sphere` },
    region: {
      kind: 'mask',
      mask: sphereMask(grid, reference.centreLps, ORGAN_SPHERE_DIAMETER_MM[reference.organ] / 2),
    },
  }));
  const segFacts = facts('seg', SEG_SERIES_NUMBER, `Lesions ${report.segmentation.method}`);
  const seg = writeSegmentation({
    source: pet.source,
    grid,
    segments: [...lesions, ...organs],
    series: segFacts,
  });
  const sr = writeMeasurementReport({
    source: pet.source,
    segmentation: segFacts,
    suvKind: report.suv.kind,
    isFdg: isFdg(pet.radiopharmaceutical),
    lesions: report.lesions.map((lesion) => lesionMeasurements({ ...lesion, segmentNumber: lesion.label })),
    // The SEG's organ segments follow its lesion segments, in the same order.
    references: report.references.map((reference, n) => ({
      segmentNumber: lesions.length + n + 1,
      name: reference.organ,
      site: ORGAN_CODES[reference.organ] ?? SEGMENT_CODES.anatomicalStructure,
      suvMean: reference.meanSuv,
      suvSd: reference.sdSuv,
      suvMax: reference.maxSuv,
      suvPeak: reference.peakSuv,
      volumeMl: reference.volumeMl,
    })),
    algorithm: {
      name: 'cxcr4pet analyze',
      version: software,
      parameters: [`segmentation ${report.segmentation.method}`, `SUV ${report.suv.kind}`],
    },
    series: facts('sr', SR_SERIES_NUMBER, `Lesion measurements ${report.segmentation.method}`),
  });
  return { seg, sr };
}
