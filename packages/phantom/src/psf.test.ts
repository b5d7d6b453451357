import { AXIAL_DIRECTION, type Volume } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { FWHM_PER_SIGMA } from './partial-volume.ts';
import { blurGaussian, gaussianTaps } from './psf.ts';

describe('Gaussian PSF', () => {
  it('has taps whose variance is σ² plus the voxel box variance h²/12', () => {
    // A Gaussian convolved with a box of width h has variance σ² + h²/12; cutting at 4σ loses
    // ≈ 6e-5 of the mass, so the variance agrees to better than 0.5%.
    for (const [fwhmMm, h] of [
      [7, 4],
      [7, 2],
      [5, 1],
    ] as const) {
      const taps = gaussianTaps(fwhmMm, h);
      const reach = (taps.length - 1) / 2;
      let sum = 0;
      let variance = 0;
      taps.forEach((w, n) => {
        sum += w;
        variance += w * ((n - reach) * h) ** 2;
      });
      const sigma = fwhmMm / FWHM_PER_SIGMA;
      expect(sum).toBeCloseTo(1, 12);
      expect(variance / (sigma ** 2 + h ** 2 / 12)).toBeCloseTo(1, 2);
    }
  });

  it('conserves activity and blurs a point into the separable 3-D kernel', () => {
    const n = 21;
    const data = new Float32Array(n * n * n);
    const centre = 10 + n * (10 + n * 10);
    data[centre] = 1000;
    const volume: Volume = {
      dims: [n, n, n],
      spacingMm: [4, 4, 3],
      originMm: [0, 0, 0],
      direction: AXIAL_DIRECTION,
      data,
    };
    const out = blurGaussian(volume, 7);
    const total = out.data.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1000, 2);
    // Value one voxel along i from the centre = 1000 × t_i(1) × t_j(0) × t_k(0).
    const ti = gaussianTaps(7, 4);
    const tk = gaussianTaps(7, 3);
    const ri = (ti.length - 1) / 2;
    const rk = (tk.length - 1) / 2;
    const expected = 1000 * (ti[ri + 1] as number) * (ti[ri] as number) * (tk[rk] as number);
    expect(out.data[centre + 1]).toBeCloseTo(expected, 3);
    expect(data[centre]).toBe(1000); // the input is untouched
  });
});
