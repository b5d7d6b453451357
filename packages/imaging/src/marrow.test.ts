import { describe, expect, it } from 'vitest';
import { durieSalmonPlusBin, marrowFromCt, marrowUptake } from './marrow.ts';
import { blankVolume, paintBox } from './test-volumes.ts';

describe('marrowFromCt', () => {
  // A 20×20×10 CT of 1 mm voxels, soft tissue 40 HU; bone 300 HU at i, j 5..14, k 2..7 (6 slices of
  // 10×10), with a lytic hole (0 HU) at i, j 9..10, k 4..5. Worked by hand: bone voxels 600 − 8 = 592;
  // filling closes the hole in each slice (600); one 6-connected erosion leaves i, j 6..13, k 3..6:
  // 8 × 8 × 4 = 256 voxels.
  const ct = blankVolume([20, 20, 10], [1, 1, 1], 40);
  paintBox(ct, [5, 5, 2], [14, 14, 7], 300);
  paintBox(ct, [9, 9, 4], [10, 10, 5], 0);

  it('thresholds bone, fills the holes of each slice and erodes one cortical layer', () => {
    const marrow = marrowFromCt(ct);
    expect(marrow.boneVoxelCount).toBe(592);
    expect(marrow.marrowVoxelCount).toBe(256);
    expect(marrow.marrowVolumeMl).toBeCloseTo(0.256, 12);
    expect(marrow.mask[9 + 20 * (9 + 20 * 4)]).toBe(1); // the lytic hole is marrow
    expect(marrow.mask[5 + 20 * (5 + 20 * 4)]).toBe(0); // the cortex is not
  });

  it('keeps the filled bone without erosion and takes nothing above the threshold', () => {
    expect(marrowFromCt(ct, { boneHu: 150, cortexLayers: 0 }).marrowVoxelCount).toBe(600);
    expect(marrowFromCt(ct, { boneHu: 301, cortexLayers: 0 }).marrowVoxelCount).toBe(0);
  });

  it('rejects a fractional number of erosions', () => {
    expect(() => marrowFromCt(ct, { boneHu: 150, cortexLayers: 0.5 })).toThrow(
      /whole number ≥ 0 of cortex erosions/,
    );
  });
});

describe('marrowUptake', () => {
  // 2 mm voxels; marrow VOI i, j 2..9, k 1..4 (256 voxels) of SUV 2. A focal block of SUV 8 at i 3..5,
  // j 3..4, k 2..3 (12 voxels, 96 mm³, equivalent diameter (6·96/π)^⅓ = 5.68 mm ≥ 5) and one hot voxel
  // (SUV 8, 8 mm³, 2.48 mm < 5: not counted). Median 2 → focal threshold max(2 × 2, liver).
  const suv = blankVolume([12, 12, 6], [2, 2, 2], 0.5);
  const mask = new Uint8Array(suv.data.length);
  for (let k = 1; k <= 4; k++)
    for (let j = 2; j <= 9; j++)
      for (let i = 2; i <= 9; i++) {
        mask[i + 12 * (j + 12 * k)] = 1;
        suv.data[i + 12 * (j + 12 * k)] = 2;
      }
  paintBox(suv, [3, 3, 2], [5, 4, 3], 8);
  paintBox(suv, [8, 8, 4], [8, 8, 4], 8);

  it('counts focal lesions of at least 5 mm and calls marrow above the liver diffuse (mixed)', () => {
    const m = marrowUptake(suv, mask, 1.5);
    expect(m.voxelCount).toBe(256);
    expect(m.suvMedian).toBe(2);
    expect(m.focalThresholdSuv).toBe(4);
    expect(m.focalLesionCount).toBe(1);
    expect(m.focalLesions[0]?.voxelCount).toBe(12);
    expect(m.focalLesions[0]?.diameterMm).toBeCloseTo(Math.cbrt((6 * 96) / Math.PI), 12);
    // Outside the counted lesion: 243 voxels of 2 and the small hot voxel of 8.
    expect(m.backgroundSuvMean).toBeCloseTo((243 * 2 + 8) / 244, 12);
    expect(m.suvMean).toBeCloseTo((243 * 2 + 13 * 8) / 256, 6);
    expect(m.totalUptake).toBeCloseTo(m.suvMean * 256 * 0.008, 9);
    expect(m.pattern).toBe('mixed');
    expect(m.durieSalmonPlus).toBe('<5');
  });

  it('calls it focal when the liver is above the marrow, negative without the lesion', () => {
    expect(marrowUptake(suv, mask, 3).pattern).toBe('focal');
    const calm = { ...suv, data: suv.data.map((v) => Math.min(v, 2)) };
    expect(marrowUptake(calm, mask, 3).pattern).toBe('negative');
    expect(marrowUptake(calm, mask, 1.5).pattern).toBe('diffuse');
  });

  it('leaves diffuse uptake and the pattern unjudged without a liver reference', () => {
    const m = marrowUptake(suv, mask, undefined);
    expect(m.focalLesionCount).toBe(1);
    expect(m.pattern).toBeNull();
  });
});

describe('durieSalmonPlusBin', () => {
  it('bins focal lesion counts as <5, 5–20 and >20', () => {
    expect([0, 4, 5, 20, 21].map(durieSalmonPlusBin)).toEqual(['<5', '<5', '5-20', '5-20', '>20']);
  });
});
