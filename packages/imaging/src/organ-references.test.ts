import { describe, expect, it } from 'vitest';
import { ImagingError } from './errors.ts';
import {
  fdgLiverQualityWarning,
  ORGAN_SPHERE_DIAMETER_MM,
  type OrganReference,
  organReference,
  organReferences,
} from './organ-references.ts';
import { blankVolume, paintVoxel } from './test-volumes.ts';

/** Lattice points (a, b, c) with a² + b² + c² ≤ r2: voxel count of a sphere on a 1 mm grid, by hand loop. */
function latticeCount(r2: number): number {
  let count = 0;
  const reach = Math.floor(Math.sqrt(r2));
  for (let a = -reach; a <= reach; a++)
    for (let b = -reach; b <= reach; b++)
      for (let c = -reach; c <= reach; c++) if (a * a + b * b + c * c <= r2) count++;
  return count;
}

describe('organReference', () => {
  it('measures mean, sample SD, max and SUVpeak of the blood-pool sphere (1 cm) by hand calculation', () => {
    // 1 mm voxels, origin 0: voxel (15,15,15) sits at (15,15,15) mm. Background 2, one hot voxel 11 at the centre.
    const suv = blankVolume([31, 31, 31], [1, 1, 1], 2);
    paintVoxel(suv, [15, 15, 15], 11);
    const ref = organReference(suv, { organ: 'blood-pool', centreLps: [15, 15, 15] });
    expect(ref.diameterMm).toBe(10);
    // Radius 5 mm: 515 lattice points (OEIS A000605).
    expect(ref.voxelCount).toBe(515);
    expect(latticeCount(25)).toBe(515);
    const n = 515;
    const mean = (2 * (n - 1) + 11) / n;
    const sd = Math.sqrt(((n - 1) * (2 - mean) ** 2 + (11 - mean) ** 2) / (n - 1));
    expect(ref.meanSuv).toBeCloseTo(mean, 12);
    expect(ref.sdSuv).toBeCloseTo(sd, 12);
    expect(ref.maxSuv).toBe(11);
    expect(ref.volumeMl).toBeCloseTo(n / 1000, 12);
    // SUVpeak: 1 cm³ sphere (radius 6.2035 mm → a² + b² + c² ≤ 38) around the hot voxel.
    const m = latticeCount(38);
    expect(ref.peakSuv).toBeCloseTo((2 * (m - 1) + 11) / m, 6);
  });

  it('uses the stated sphere sizes: liver 30 mm, blood pool 10, spleen 20, brain 20, muscle 20, marrow 15', () => {
    expect(ORGAN_SPHERE_DIAMETER_MM).toEqual({
      liver: 30,
      'blood-pool': 10,
      spleen: 20,
      brain: 20,
      muscle: 20,
      marrow: 15,
    });
    const suv = blankVolume([41, 41, 41], [1, 1, 1], 1);
    const liver = organReference(suv, { organ: 'liver', centreLps: [20, 20, 20] });
    expect(liver.voxelCount).toBe(latticeCount(225));
    const marrow = organReference(suv, { organ: 'marrow', centreLps: [20, 20, 20] });
    expect(marrow.voxelCount).toBe(latticeCount(56.25));
  });

  it('lists references in the fixed organ order and rejects an organ given twice', () => {
    const suv = blankVolume([41, 41, 41], [1, 1, 1], 1);
    const refs = organReferences(suv, [
      { organ: 'marrow', centreLps: [20, 20, 20] },
      { organ: 'liver', centreLps: [20, 20, 20] },
    ]);
    expect(refs.map((r) => r.organ)).toEqual(['liver', 'marrow']);
    expect(() =>
      organReferences(suv, [
        { organ: 'liver', centreLps: [20, 20, 20] },
        { organ: 'liver', centreLps: [10, 10, 10] },
      ]),
    ).toThrow(/liver reference is given twice/);
  });

  it('names the reference when its sphere lies outside the volume', () => {
    const suv = blankVolume([11, 11, 11], [1, 1, 1], 1);
    const call = () => organReference(suv, { organ: 'spleen', centreLps: [500, 0, 0] });
    expect(call).toThrow(ImagingError);
    expect(call).toThrow(/ref spleen/);
  });
});

describe('fdgLiverQualityWarning', () => {
  const liver = (meanSuv: number): OrganReference => ({
    organ: 'liver',
    centreLps: [0, 0, 0],
    diameterMm: 30,
    voxelCount: 10,
    volumeMl: 1,
    meanSuv,
    sdSuv: 0.1,
    peakSuv: meanSuv,
    maxSuv: meanSuv,
  });
  it('accepts a liver SUVmean inside 1.3–3.0 (bounds included) and warns outside it', () => {
    expect(fdgLiverQualityWarning(liver(1.3))).toBeUndefined();
    expect(fdgLiverQualityWarning(liver(2.2))).toBeUndefined();
    expect(fdgLiverQualityWarning(liver(3.0))).toBeUndefined();
    expect(fdgLiverQualityWarning(liver(1.29))).toMatch(/SUVmean 1.29 lies outside 1.3–3/);
    expect(fdgLiverQualityWarning(liver(3.2))).toMatch(/EANM/);
  });
});
