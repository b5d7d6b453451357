import { describe, expect, it } from 'vitest';
import { sequenceItems } from '../seg/read-segmentation.ts';
import { derivedSeries, samplePetSeries } from '../seg/results-test-helper.ts';
import { SEGMENTATION_STORAGE } from '../seg/write-segmentation.ts';
import { dciodvfyFindings, hasDciodvfy } from '../testing/dciodvfy.ts';
import { dicomFailure } from '../testing/dicom-failure.ts';
import { naturalDataset } from '../testing/edit-dicom.ts';
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
      const fdg = dciodvfyFindings([writeMeasurementReport(input({ isFdg: true }))]);
      expect(fdg).toEqual({ errors: [], warnings: [] });
    },
  );

  it('refuses a measurement that is not a finite number', async () => {
    const bad = [{ ...lesions[0], suvPeak: Number.NaN }] as typeof lesions;
    const error = await dicomFailure(() => writeMeasurementReport(input({ lesions: bad })));
    expect(error.message).toBe('cannot write SR: lesion 1 suvPeak is NaN');
  });

  it('refuses to read a file that is not a measurement report', async () => {
    const error = await dicomFailure(() => readMeasurementReport(new Uint8Array(200), 'x.dcm'));
    expect(error.message).toMatch(/^x\.dcm is not a readable DICOM file/);
  });
});
