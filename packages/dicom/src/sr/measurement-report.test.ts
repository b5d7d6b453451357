import { describe, expect, it } from 'vitest';
import { sequenceItems } from '../seg/read-segmentation.ts';
import { derivedSeries, samplePetSeries } from '../seg/results-test-helper.ts';
import { ORGAN_CODES } from '../seg/segment-codes.ts';
import { SEGMENTATION_STORAGE } from '../seg/write-segmentation.ts';
import { dciodvfyFindings, hasDciodvfy } from '../testing/dciodvfy.ts';
import { dicomFailure } from '../testing/dicom-failure.ts';
import { naturalDataset } from '../testing/edit-dicom.ts';
import type { CodedConcept } from '../write/radionuclides.ts';
import { readMeasurementReport } from './read-measurement-report.ts';
import {
  lesionMeasurements,
  type MeasurementReportInput,
  writeMeasurementReport,
} from './write-measurement-report.ts';

const pet = await samplePetSeries();
const seg = derivedSeries('Lesion segmentation', 100);

// Values with no short decimal form (1/3, 0.1 + 0.2) check that the report keeps doubles exactly.
const lesions = [
  {
    segmentNumber: 1,
    suvMax: 21.7612345678901,
    suvMean: 1 / 3,
    suvPeak: 0.1 + 0.2,
    volumeMl: 290.5,
    totalLesionUptake: 4544.3,
  },
  { segmentNumber: 2, suvMax: 5, suvMean: 4.25, suvPeak: 4.9, volumeMl: 0.064, totalLesionUptake: 0.272 },
];

// Liver and blood pool as `cxcr4pet analyze --ref` measures them; segments follow the two lesions'.
const references = [
  {
    segmentNumber: 3,
    name: 'liver',
    site: ORGAN_CODES.liver as CodedConcept,
    suvMean: 2.0 / 3,
    suvSd: 0.21,
    suvMax: 1.7,
    suvPeak: 1.1,
    volumeMl: 14.137,
  },
  {
    segmentNumber: 4,
    name: 'blood-pool',
    site: ORGAN_CODES['blood-pool'] as CodedConcept,
    suvMean: 1.25,
    suvSd: 0.1,
    suvMax: 1.5,
    suvPeak: 1.4,
    volumeMl: 1.767,
  },
];

function input(overrides: Partial<MeasurementReportInput> = {}): MeasurementReportInput {
  return {
    source: pet.source,
    segmentation: { seriesInstanceUid: seg.seriesInstanceUid, sopInstanceUid: seg.sopInstanceUid },
    suvKind: 'bw',
    isFdg: false,
    lesions,
    algorithm: { name: 'cxcr4pet', version: '0.1.0', parameters: ['segmentation percent:41'] },
    series: derivedSeries('Lesion measurements', 101),
    ...overrides,
  };
}

describe('DICOM SR measurement report (TID 1500)', () => {
  it('reads back every lesion measurement exactly, with its segment and source series', () => {
    const report = readMeasurementReport(writeMeasurementReport(input()).bytes);
    expect(report.suvKind).toBe('bw');
    expect(report.lesions.map(lesionMeasurements)).toEqual(lesions);
    expect(report.lesions[0]?.segmentationSopInstanceUid).toBe(seg.sopInstanceUid);
    expect(report.lesions[0]?.sourceSeriesInstanceUid).toBe(pet.seriesInstanceUid);
    expect(report.lesions.map((l) => l.trackingIdentifier)).toEqual(['Lesion 1', 'Lesion 2']);
  });

  it('reads back each organ reference as a Reference Region at its Finding Site, after the lesions', () => {
    const bytes = writeMeasurementReport(input({ references })).bytes;
    const report = readMeasurementReport(bytes);
    expect(report.lesions.map(lesionMeasurements)).toEqual(lesions);
    expect(
      report.references.map(({ segmentNumber, name, site, suvMean, suvSd, suvMax, suvPeak, volumeMl }) => ({
        segmentNumber,
        name,
        site,
        suvMean,
        suvSd,
        suvMax,
        suvPeak,
        volumeMl,
      })),
    ).toEqual(references);
    expect(report.references.map((r) => r.trackingIdentifier)).toEqual([
      'Reference liver',
      'Reference blood-pool',
    ]);
    expect(report.references[0]?.segmentationSopInstanceUid).toBe(seg.sopInstanceUid);
    const text = JSON.stringify(naturalDataset(bytes).ContentSequence);
    expect(text).toContain('"CodeValue":"C94970","CodingSchemeDesignator":"NCIt"');
    expect(text).toContain('"CodeValue":"10200004","CodingSchemeDesignator":"SCT"');
    // Without references the report has none, and the lesion groups are byte-for-byte those of before.
    expect(readMeasurementReport(writeMeasurementReport(input()).bytes).references).toEqual([]);
  });

  it('codes SUV as SUVbw in {SUVbw}g/ml and lists the PET slices and the SEG as evidence', () => {
    const dataset = naturalDataset(writeMeasurementReport(input()).bytes);
    const text = JSON.stringify(dataset.ContentSequence);
    expect(text).toContain('"CodeValue":"126401"');
    expect(text).toContain('"CodeValue":"{SUVbw}g/ml"');
    expect(text).toContain('"CodeValue":"TLU","CodingSchemeDesignator":"99CXCR4"');
    const evidence = sequenceItems(dataset, 'PertinentOtherEvidenceSequence')[0];
    expect(evidence?.StudyInstanceUID).toBe(pet.source.study.studyInstanceUid);
    const referenced = sequenceItems(evidence, 'ReferencedSeriesSequence');
    const series = referenced.map((s) => [
      s.SeriesInstanceUID,
      sequenceItems(s, 'ReferencedSOPSequence').map((i) => i.ReferencedSOPInstanceUID),
    ]);
    expect(series).toEqual([
      [pet.seriesInstanceUid, pet.source.slices.map((s) => s.sopInstanceUid)],
      [seg.seriesInstanceUid, [seg.sopInstanceUid]],
    ]);
    expect(sequenceItems(referenced[1], 'ReferencedSOPSequence')[0]?.ReferencedSOPClassUID).toBe(
      SEGMENTATION_STORAGE,
    );
  });

  it('codes FDG total lesion uptake as Total Lesion Glycolysis and lean-body-mass SUV as SUVlbm', () => {
    const bytes = writeMeasurementReport(input({ isFdg: true, suvKind: 'lbm' })).bytes;
    const text = JSON.stringify(naturalDataset(bytes).ContentSequence);
    expect(text).toContain('"CodeValue":"126033"');
    expect(text).toContain('"CodeValue":"{SUVlbm}g/ml"');
    expect(text).not.toContain('99CXCR4');
    const report = readMeasurementReport(bytes);
    expect(report.suvKind).toBe('lbm');
    expect(report.lesions[1]?.totalLesionUptake).toBe(0.272);
  });

  // The one warning: dciodvfy knows only the standard coding schemes; 99CXCR4 is a private one (PS3.16 8.2),
  // declared in CodingSchemeIdentificationSequence. FDG reports use TLG and have no warning.
  it.skipIf(!hasDciodvfy)(
    'passes dciodvfy without errors; the only warnings name the local 99CXCR4 scheme',
    () => {
      const findings = dciodvfyFindings([writeMeasurementReport(input())]);
      expect(findings.errors).toEqual([]);
      expect(findings.warnings.every((w) => w.includes('Unrecognized defined term <99CXCR4>'))).toBe(true);
      const fdg = dciodvfyFindings([writeMeasurementReport(input({ isFdg: true, references }))]);
      expect(fdg).toEqual({ errors: [], warnings: [] });
    },
  );

  it('refuses a measurement that is not a finite number', async () => {
    const bad = [{ ...lesions[0], suvPeak: Number.NaN }] as typeof lesions;
    const error = await dicomFailure(() => writeMeasurementReport(input({ lesions: bad })));
    expect(error.message).toBe('cannot write SR: lesion 1 suvPeak is NaN');
    const badReference = [{ ...references[0], suvSd: Number.POSITIVE_INFINITY }] as typeof references;
    const referenceError = await dicomFailure(() =>
      writeMeasurementReport(input({ references: badReference })),
    );
    expect(referenceError.message).toBe('cannot write SR: reference liver suvSd is Infinity');
  });

  it('refuses to read a file that is not a measurement report', async () => {
    const error = await dicomFailure(() => readMeasurementReport(new Uint8Array(200), 'x.dcm'));
    expect(error.message).toMatch(/^x\.dcm is not a readable DICOM file/);
  });
});
