import { readDicomInstance } from '../read/map-instance.ts';
import { buildPetStudy, type PetSeries } from '../read/read-pet-study.ts';
import { writePetSeries } from '../write/pet-series.ts';
import { samplePetInput } from '../write/sample-input.test-helper.ts';
import type { DerivedSeriesFacts } from './types.ts';

/** Test helper: a small PET series written and read back (so its `source` is what a reader finds). */
export async function samplePetSeries(): Promise<PetSeries> {
  const files = writePetSeries(samplePetInput());
  return (await buildPetStudy(files.map((file) => readDicomInstance(file.bytes, file.name)))).pet;
}

export function derivedSeries(role: string, number: number): DerivedSeriesFacts {
  return {
    seriesInstanceUid: `1.2.826.0.1.3680043.10.1.${number}`,
    sopInstanceUid: `1.2.826.0.1.3680043.10.1.${number}.1`,
    seriesNumber: number,
    description: role,
    contentDateTime: '2026-03-16T11:00:00',
    softwareVersion: 'cxcr4pet test',
  };
}
