import { AXIAL_DIRECTION, type Volume } from '@cxcr4pet/volume';
import type { CtSeriesInput, PatientFacts, PetSeriesInput, SeriesFacts, StudyFacts } from './types.ts';
import { deriveUid } from './uid.ts';

/** A small test volume whose values vary in every direction (no two slices alike). */
export function sampleVolume(scale: number, dims: readonly [number, number, number] = [7, 5, 4]): Volume {
  const [nx, ny, nz] = dims;
  const data = new Float32Array(nx * ny * nz);
  for (let n = 0; n < data.length; n++) data[n] = scale * (1 + Math.sin(n * 0.7)) * (1 + (n % 5));
  return { dims, spacingMm: [4, 3.5, 2], originMm: [-12, -7, 100], direction: AXIAL_DIRECTION, data };
}

export const samplePatient: PatientFacts = {
  name: 'Phantom^Test',
  id: 'TEST-1',
  birthDate: '19700101',
  sex: 'F',
  weightKg: 70,
  heightM: 1.68,
};

export const sampleStudy: StudyFacts = {
  studyInstanceUid: deriveUid('test', 'study'),
  frameOfReferenceUid: deriveUid('test', 'for'),
  studyDateTime: '2026-03-16T09:50:00',
  studyId: '1',
  accessionNumber: 'A1',
  description: 'PET/CT test',
};

export function sampleSeries(role: string, number: number): SeriesFacts {
  return {
    seriesInstanceUid: deriveUid('test', role),
    seriesNumber: number,
    description: role,
    seriesDateTime: '2026-03-16T10:00:00',
    acquisitionDateTime: '2026-03-16T10:00:00',
  };
}

export function samplePetInput(overrides: Partial<PetSeriesInput> = {}): PetSeriesInput {
  return {
    values: sampleVolume(1000),
    units: 'BQML',
    decayCorrection: 'START',
    patient: samplePatient,
    study: sampleStudy,
    series: sampleSeries('pet', 2),
    radiopharmaceutical: {
      name: 'Ga68-Pentixafor',
      radionuclide: 'Ga68',
      injectedActivityBq: 150e6,
      halfLifeS: 4062.6,
      injectionDateTime: '2026-03-16T09:00:00',
      writeStartDateTime: true,
    },
    frameDurationS: 120,
    ...overrides,
  };
}

export function sampleCtInput(): CtSeriesInput {
  const hu = sampleVolume(1);
  const data = hu.data.map((v) => Math.round(v * 100 - 1000));
  return { hu: { ...hu, data }, patient: samplePatient, study: sampleStudy, series: sampleSeries('ct', 1) };
}
