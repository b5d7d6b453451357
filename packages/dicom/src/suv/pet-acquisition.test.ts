import { describe, expect, it } from 'vitest';
import type { DicomInstance, PetInstanceFacts } from '../read/dicom-instance.ts';
import { EMPTY_STUDY_IDENTITY } from '../read/source-series.ts';
import { combineDaTmS, parseDaS } from './dicom-time.ts';
import { resolvePetAcquisition } from './pet-acquisition.ts';

const clock = (da: string, tm: string): number => combineDaTmS(da, tm) ?? Number.NaN;

// 70 kg; 200 MBq 18F (T½ 6586.2 s) at 10:00; series and first acquisition 11:00 (Δt 3600 s).
// SUVbw factor for Bq/ml decayed to 11:00 (worked in suv-factors.test.ts): 5.11222861e-4 g/Bq.
const BW_START = 5.112228611776399e-4;

const facts: PetInstanceFacts = {
  hasRadiopharmaceuticalInformation: true,
  units: 'BQML',
  decayCorrection: 'START',
  correctedImage: ['ATTN', 'DECY'],
  suvType: undefined,
  radiopharmaceutical: 'Fluorodeoxyglucose',
  radionuclideText: '^18^Fluorine',
  radionuclideCode: 'C-111A1',
  injectedActivityBq: 200e6,
  halfLifeS: 6586.2,
  injectionDateTimeS: clock('20240315', '100000'),
  injectionTimeOfDayS: 36000,
  weightKg: 70,
  heightM: 1.75,
  sex: 'M',
  seriesDateTimeS: clock('20240315', '110000'),
  seriesDateS: parseDaS('20240315'),
  acquisitionDateTimeS: clock('20240315', '110000'),
  frameDurationMs: 120_000,
  gePostInjectionDateTimeS: undefined,
  philipsSuvScaleFactor: undefined,
  philipsActivityScaleFactor: undefined,
};

function pet(overrides: Partial<PetInstanceFacts> = {}, fileName = 'slice.dcm'): DicomInstance {
  return {
    fileName,
    sopClassUid: '1.2.840.10008.5.1.4.1.1.128',
    sopInstanceUid: fileName,
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    modality: 'PT',
    seriesInstanceUid: '1.2.3',
    seriesDescription: 'test',
    frameOfReferenceUid: '1.2.3.4',
    study: EMPTY_STUDY_IDENTITY,
    image: undefined,
    pet: { ...facts, ...overrides },
  };
}

function relative(actual: number | undefined, expected: number): number {
  return Math.abs((actual ?? Number.NaN) / expected - 1);
}

describe('PET acquisition facts and units', () => {
  it('keeps BQML values as Bq/ml', () => {
    const result = resolvePetAcquisition([pet()]);
    expect(result.bqmlPerStored).toEqual([1]);
    expect(relative(result.acquisition.suvScale.bw, BW_START)).toBeLessThan(1e-9);
    expect(result.acquisition.injectionDateTime).toBe('2024-03-15T10:00:00.000000');
    expect(result.warnings).toEqual([]);
  });

  it('converts Philips CNTS with the activity concentration scale factor to Bq/ml', () => {
    const result = resolvePetAcquisition([pet({ units: 'CNTS', philipsActivityScaleFactor: 1.602563 })]);
    expect(result.bqmlPerStored).toEqual([1.602563]);
  });

  it('converts GML (stored SUVbw) to Bq/ml so that Bq/ml × bw returns the stored SUV', () => {
    // ADMIN: bw = 70 000 / 200e6 = 3.5e-4; Bq/ml per stored SUV = 1 / 3.5e-4 = 2857.142857.
    const result = resolvePetAcquisition([pet({ units: 'GML', decayCorrection: 'ADMIN', suvType: 'BW' })]);
    expect(relative(result.bqmlPerStored[0], 1 / 3.5e-4)).toBeLessThan(1e-12);
    expect(relative((result.bqmlPerStored[0] ?? 0) * result.acquisition.suvScale.bw, 1)).toBeLessThan(1e-12);
  });

  it('decay corrects each slice of a DecayCorrection NONE series to the reference time, frame decay included', () => {
    // Slice acquired 600 s after the 11:00 reference, frame 120 s. λ = ln2 / 6586.2 = 1.0524e-4 /s;
    // λD = 0.012629082; frame-average → frame-start: λD / (1 − e^−λD) = 1.006327832;
    // back to 11:00: e^(λ·600) = 1.065181717; product 1.071922009. The first slice (at 11:00)
    // gets only the frame factor.
    const result = resolvePetAcquisition([
      pet({ decayCorrection: 'NONE', correctedImage: ['ATTN'] }, 'a.dcm'),
      pet(
        {
          decayCorrection: 'NONE',
          correctedImage: ['ATTN'],
          acquisitionDateTimeS: clock('20240315', '111000'),
        },
        'b.dcm',
      ),
    ]);
    expect(relative(result.bqmlPerStored[0], 1.0063278322444857)).toBeLessThan(1e-9);
    expect(relative(result.bqmlPerStored[1], 1.0719220087168568)).toBeLessThan(1e-9);
    expect(relative(result.acquisition.suvScale.bw, BW_START)).toBeLessThan(1e-9);
    expect(result.warnings.some((w) => w.includes('DecayCorrection NONE'))).toBe(true);
  });

  it('warns when the half-life does not match the nuclide', () => {
    const result = resolvePetAcquisition([pet({ halfLifeS: 4062.6 })]);
    expect(result.warnings.join(' ')).toMatch(/4062.6 s differs by -38.3 % from F-18/);
  });

  it('names the missing weight, dose and injection time with their overrides', () => {
    expect(() => resolvePetAcquisition([pet({ weightKg: undefined })])).toThrow(
      /PatientWeight \(0010,1030\) is missing in slice.dcm.*--weight-kg/,
    );
    expect(() => resolvePetAcquisition([pet({ injectedActivityBq: undefined })])).toThrow(
      /RadionuclideTotalDose.*--injected-bq/,
    );
    expect(() =>
      resolvePetAcquisition([pet({ injectionDateTimeS: undefined, injectionTimeOfDayS: undefined })]),
    ).toThrow(/--injection-time/);
  });

  it('uses overrides in place of missing or wrong values, and says when they replace the file', () => {
    const result = resolvePetAcquisition([pet({ weightKg: undefined, injectedActivityBq: 100e6 })], {
      weightKg: 70,
      injectedActivityBq: 200e6,
      injectionTime: '2024-03-15T10:00',
    });
    expect(relative(result.acquisition.suvScale.bw, BW_START)).toBeLessThan(1e-9);
    expect(result.warnings.join(' ')).toMatch(/given 200000000 replaces the file's 100000000/);
  });

  it('refuses a PET that is not attenuation corrected', () => {
    expect(() => resolvePetAcquisition([pet({ correctedImage: ['DECY'] })])).toThrow(/lacks ATTN/);
  });
});
