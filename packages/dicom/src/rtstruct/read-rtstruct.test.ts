import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRtStruct } from './read-rtstruct.ts';

const file = new URL('../../../../testdata/real-pet/sts-001-pet/mask/RS.dcm', import.meta.url);
const bytes = new Uint8Array(readFileSync(file));

describe('readRtStruct', () => {
  // Expected values read from the same file with pydicom 2.3: one ROI 'GTV_Mass_PET' (number 1), 32 closed
  // planar contours on 31 planes from z = −842.06 to −743.96 mm; the first has 319 points starting at
  // (45.888, 8.512, −743.96).
  const structureSet = readRtStruct(bytes, 'RS.dcm');

  it('reads the ROI, its frame of reference and every contour of the real STS-001 structure set', () => {
    expect(structureSet.frameOfReferenceUid).toBe(
      '1.3.6.1.4.1.14519.5.2.1.5168.1900.316167340799089327122304118088',
    );
    expect(structureSet.rois.map((r) => [r.number, r.name])).toEqual([[1, 'GTV_Mass_PET']]);
    const contours = structureSet.rois[0]?.contours ?? [];
    expect(contours.length).toBe(32);
    expect(contours.every((c) => c.geometricType === 'CLOSED_PLANAR')).toBe(true);
    expect(contours[0]?.pointsLps.length).toBe(3 * 319);
    expect(Array.from(contours[0]?.pointsLps.subarray(0, 3) ?? [])).toEqual([45.888, 8.512, -743.96]);
    const planes = new Set(contours.map((c) => c.pointsLps[2]));
    expect(planes.size).toBe(31);
    expect(Math.min(...[...planes].map((z) => z ?? 0))).toBe(-842.06);
  });

  it('names the file when it is cut short', () => {
    expect(() => readRtStruct(bytes.subarray(0, 2000), 'RS.dcm')).toThrow(/^RS\.dcm is truncated/);
  });
});
