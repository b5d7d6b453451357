import { ijkToIndex } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { growBackgroundPercentRegions } from './background-percent.ts';
import { growPercentRegions } from './percent-growth.ts';
import { blankVolume, gaussianBlur, paintBox, paintVoxel } from './test-volumes.ts';

const base = { percent: 50, seedSuv: 5, minDipFraction: 0.3, gapMm: 1, widthMm: 1 } as const;

describe('growBackgroundPercentRegions', () => {
  // One hot voxel (10) at (5,5,5) of an 11³ grid of 1 mm voxels. Its 6 face neighbours (distance 1 mm,
  // inside the 1 mm gap) hold 1; every voxel at distance √2, √3 or 2 mm (the shell (1, 2] mm: 12 edge,
  // 8 corner and 6 two-step face neighbours = 26 voxels) holds 3; the rest 0. Worked by hand:
  // the core and the provisional contour are the hot voxel alone; B = 3 over 26 voxels; level
  // 3 + 0.5 × (10 − 3) = 6.5.
  const volume = blankVolume([11, 11, 11]);
  for (let k = 3; k <= 7; k++)
    for (let j = 3; j <= 7; j++)
      for (let i = 3; i <= 7; i++) {
        const d2 = (i - 5) ** 2 + (j - 5) ** 2 + (k - 5) ** 2;
        if (d2 >= 2 && d2 <= 4) paintVoxel(volume, [i, j, k], 3);
        if (d2 === 1) paintVoxel(volume, [i, j, k], 1);
      }
  paintVoxel(volume, [5, 5, 5], 10);

  it('measures the background as the mean of the shell between gap and gap + width', () => {
    const { components, backgrounds } = growBackgroundPercentRegions(volume, base);
    expect(components.count).toBe(1);
    expect(backgrounds).toEqual([{ backgroundSuv: 3, shellVoxelCount: 26, thresholdSuv: 6.5 }]);
    expect(Array.from(components.regions.voxels)).toEqual([ijkToIndex(volume, 5, 5, 5)]);
  });

  it('leaves excluded voxels out of the shell', () => {
    const exclusionMask = new Uint8Array(volume.data.length);
    exclusionMask[ijkToIndex(volume, 7, 5, 5)] = 1; // one of the 26, value 3
    const { backgrounds } = growBackgroundPercentRegions(volume, { ...base, exclusionMask });
    expect(backgrounds[0]?.shellVoxelCount).toBe(25);
    expect(backgrounds[0]?.backgroundSuv).toBe(3);
  });

  it('recovers a cube in a uniform background exactly where percent alone would not', () => {
    // Cube 6³ of SUV 10 in a background of 4 (a liver-like 40 % contrast step). 50 % of SUVmax (5) is
    // above the background, so both methods give the cube; 30 %: percent (level 3) floods the whole
    // background, bgpercent (level 4 + 0.3 × 6 = 5.8) still gives the cube.
    const cube = blankVolume([30, 30, 30], [2, 2, 2], 4);
    paintBox(cube, [12, 12, 12], [17, 17, 17], 10);
    const result = growBackgroundPercentRegions(cube, {
      percent: 30,
      seedSuv: 5,
      minDipFraction: 0.3,
      gapMm: 4,
      widthMm: 6,
    });
    expect(result.components.count).toBe(1);
    expect(result.components.regions.voxels.length).toBe(216);
    expect(result.backgrounds[0]?.backgroundSuv).toBeCloseTo(4, 6);
    expect(result.backgrounds[0]?.thresholdSuv).toBeCloseTo(5.8, 6);
  });

  it('puts the 50 % contour of a blurred sphere in a warm background where the blurred edge is half way', () => {
    // Sphere radius 12 mm, SUV 8, in a background of 2; 2 mm voxels; Gaussian PSF 6 mm FWHM. The blurred
    // profile of a sphere (f(r) = ½[erf((R−r)/σ√2) + erf((R+r)/σ√2)] − σ/(r√2π)[e^{−(R−r)²/2σ²} −
    // e^{−(R+r)²/2σ²}]) crosses ½ at r50 = 11.4416 mm (scipy brentq on that formula). B + 50 % × (SUVmax − B)
    // is that crossing, so the lesion is every voxel with its centre within r50, up to the discrete blur and
    // a few percent of SUV: tolerance 1 mm (half a voxel) on the radius. Plain 50 % of SUVmax (4) lies
    // nearer the background and reaches beyond it.
    const sharp = blankVolume([40, 40, 40], [2, 2, 2], 2);
    const radiusOf = (n: number): number =>
      2 * Math.hypot((n % 40) - 19.5, (Math.floor(n / 40) % 40) - 19.5, Math.floor(n / 1600) - 19.5);
    for (let n = 0; n < sharp.data.length; n++) if (radiusOf(n) <= 12) sharp.data[n] = 8;
    const blurred = gaussianBlur(sharp, 6);
    const r50 = 11.4416;
    const reach = (voxels: Int32Array) => {
      const inside = new Set(voxels);
      let farthestIn = 0;
      let nearestOut = Number.POSITIVE_INFINITY;
      for (let n = 0; n < blurred.data.length; n++) {
        if (inside.has(n)) farthestIn = Math.max(farthestIn, radiusOf(n));
        else nearestOut = Math.min(nearestOut, radiusOf(n));
      }
      return { farthestIn, nearestOut };
    };
    const result = growBackgroundPercentRegions(blurred, { ...base, gapMm: 10, widthMm: 10 });
    expect(result.components.count).toBe(1);
    const corrected = reach(result.components.regions.voxels);
    expect(corrected.farthestIn).toBeLessThanOrEqual(r50 + 1);
    expect(corrected.nearestOut).toBeGreaterThanOrEqual(r50 - 1);
    expect(result.backgrounds[0]?.backgroundSuv).toBeGreaterThan(2);
    expect(result.backgrounds[0]?.backgroundSuv).toBeLessThan(2.01); // tail 10–20 mm out: < 0.5 %
    const plain = reach(growPercentRegions(blurred, base).regions.voxels);
    expect(plain.farthestIn).toBeGreaterThan(r50 + 1);
  });

  it('rejects a shell of no width', () => {
    expect(() => growBackgroundPercentRegions(volume, { ...base, widthMm: 0 })).toThrow(/width > 0 mm/);
  });
});
