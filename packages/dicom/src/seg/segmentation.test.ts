import { AXIAL_DIRECTION, type LabelMap } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { dciodvfyFindings, hasDciodvfy } from '../testing/dciodvfy.ts';
import { dicomFailure } from '../testing/dicom-failure.ts';
import { naturalDataset } from '../testing/edit-dicom.ts';
import { readSegmentation, segmentLabelMap, sequenceItems } from './read-segmentation.ts';
import { derivedSeries, samplePetSeries } from './results-test-helper.ts';
import { ORGAN_CODES, SEGMENT_CODES } from './segment-codes.ts';
import type { SegmentationInput } from './types.ts';
import { writeSegmentation } from './write-segmentation.ts';

const pet = await samplePetSeries();
const grid = pet.volume;
const size = grid.data.length;
// Two lesions (one spanning slices 0, 1 and 3; one in slice 2) and a liver sphere that overlaps lesion 2.
const labels: LabelMap = new Int32Array(size);
for (const n of [0, 1, 8, 36, 37, 120, 139]) labels[n] = 1;
for (const n of [75, 76, 82]) labels[n] = 2;
const liver = new Uint8Array(size);
for (const n of [76, 77, 78, 110]) liver[n] = 1;

function input(overrides: Partial<SegmentationInput> = {}): SegmentationInput {
  const lesion = (value: number) => ({
    label: `Lesion ${value}`,
    category: SEGMENT_CODES.morphologicallyAlteredStructure,
    type: SEGMENT_CODES.lesion,
    algorithm: { kind: 'AUTOMATIC', name: 'cxcr4pet percent:41' } as const,
    region: { kind: 'label', labels, value } as const,
  });
  return {
    source: pet.source,
    grid,
    series: derivedSeries('Lesion segmentation', 100),
    segments: [
      lesion(1),
      lesion(2),
      {
        label: 'liver reference',
        category: SEGMENT_CODES.anatomicalStructure,
        type: ORGAN_CODES.liver ?? SEGMENT_CODES.lesion,
        algorithm: { kind: 'SEMIAUTOMATIC', name: 'cxcr4pet 3 cm sphere' },
        region: { kind: 'mask', mask: liver },
      },
    ],
    ...overrides,
  };
}

describe('DICOM SEG', () => {
  it('reads back every segment voxel for voxel, with its label, codes and algorithm', () => {
    const segments = readSegmentation(writeSegmentation(input()).bytes, grid);
    expect(segments.map((s) => [s.number, s.label, s.type.codeMeaning, s.algorithm.kind])).toEqual([
      [1, 'Lesion 1', 'Lesion', 'AUTOMATIC'],
      [2, 'Lesion 2', 'Lesion', 'AUTOMATIC'],
      [3, 'liver reference', 'Liver', 'SEMIAUTOMATIC'],
    ]);
    expect(segments[0]?.category).toEqual(SEGMENT_CODES.morphologicallyAlteredStructure);
    const lesions = segmentLabelMap(segments.slice(0, 2), size);
    expect(Array.from(lesions)).toEqual(Array.from(labels));
    expect(Array.from(segments[2]?.mask ?? [])).toEqual(Array.from(liver));
  });

  it('stores one frame per segment and slice it touches, each referring to its PET slice', () => {
    const dataset = naturalDataset(writeSegmentation(input()).bytes);
    // Lesion 1 touches slices 0, 1, 3 (7 × 5 = 35 voxels per slice), lesion 2 slice 2, the liver slices 2 and 3.
    expect(dataset.NumberOfFrames).toBe(6);
    const referenced = sequenceItems(dataset, 'PerFrameFunctionalGroupsSequence').map((frame) => {
      const derivation = sequenceItems(frame, 'DerivationImageSequence')[0];
      return sequenceItems(derivation, 'SourceImageSequence')[0]?.ReferencedSOPInstanceUID;
    });
    const slices = pet.source.slices.map((slice) => slice.sopInstanceUid);
    expect(referenced).toEqual([0, 1, 3, 2, 2, 3].map((k) => slices[k]));
    expect(dataset.StudyInstanceUID).toBe(pet.source.study.studyInstanceUid);
    expect(dataset.FrameOfReferenceUID).toBe(pet.source.frameOfReferenceUid);
  });

  it.skipIf(!hasDciodvfy)('passes dciodvfy without errors or warnings', () => {
    expect(dciodvfyFindings([writeSegmentation(input())])).toEqual({ errors: [], warnings: [] });
  });

  it('refuses to read a SEG onto a grid whose slices are elsewhere', async () => {
    const bytes = writeSegmentation(input()).bytes;
    const shifted = {
      ...grid,
      originMm: [grid.originMm[0], grid.originMm[1], grid.originMm[2] + 1] as const,
    };
    const error = await dicomFailure(() => readSegmentation(bytes, shifted, 'lesions.dcm'));
    expect(error.message).toMatch(
      /lesions\.dcm: ImagePositionPatient of frame 1 .* is not a slice of the PET grid/,
    );
    const rotated = { ...grid, direction: [0, 1, 0, 1, 0, 0, 0, 0, -1] as const };
    expect((await dicomFailure(() => readSegmentation(bytes, rotated))).attribute).toBe(
      'ImageOrientationPatient',
    );
    expect(AXIAL_DIRECTION).toEqual(grid.direction);
  });

  it('refuses a segmentation without segments or with an empty segment', async () => {
    expect((await dicomFailure(() => writeSegmentation(input({ segments: [] })))).message).toMatch(
      /no segment to write/,
    );
    const empty = input().segments.map((s) => ({
      ...s,
      region: { kind: 'mask', mask: new Uint8Array(size) } as const,
    }));
    expect((await dicomFailure(() => writeSegmentation(input({ segments: empty })))).message).toMatch(
      /segment 1 \(Lesion 1\) holds no voxel/,
    );
  });
});
