import { describe, expect, it } from 'vitest';
import { blurredSphereProfile, FWHM_PER_SIGMA, sphereRecovery } from './partial-volume.ts';

/**
 * Independent truth: brute-force numerical convolution on a fine grid, no closed form.
 * Centre value = Σ over sub-voxels whose centre is inside the sphere of the Gaussian density × h³.
 */
function numericalCentre(radiusMm: number, fwhmMm: number, hMm: number): number {
  const sigma = fwhmMm / FWHM_PER_SIGMA;
  const n = Math.ceil(radiusMm / hMm);
  const norm = 1 / (2 * Math.PI * sigma * sigma) ** 1.5;
  let sum = 0;
  for (let i = -n; i < n; i++) {
    const x = (i + 0.5) * hMm;
    for (let j = -n; j < n; j++) {
      const y = (j + 0.5) * hMm;
      for (let k = -n; k < n; k++) {
        const z = (k + 0.5) * hMm;
        const r2 = x * x + y * y + z * z;
        if (r2 <= radiusMm * radiusMm) sum += Math.exp(-r2 / (2 * sigma * sigma));
      }
    }
  }
  return sum * norm * hMm ** 3;
}

/**
 * Independent truth for the mean: voxelise the sphere on a fine grid, blur it with a separable
 * sampled Gaussian (normalised taps), average the blurred grid over the sphere's voxels.
 */
function numericalMeanInSphere(radiusMm: number, fwhmMm: number, hMm: number): number {
  const sigma = fwhmMm / FWHM_PER_SIGMA;
  const half = Math.ceil((radiusMm + 4 * sigma) / hMm);
  const n = 2 * half;
  const at = (i: number): number => (i - half + 0.5) * hMm;
  const inside = new Uint8Array(n * n * n);
  let image = new Float64Array(n * n * n);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const idx = i + n * (j + n * k);
        if (at(i) ** 2 + at(j) ** 2 + at(k) ** 2 <= radiusMm ** 2) {
          inside[idx] = 1;
          image[idx] = 1;
        }
      }
  const reach = Math.ceil((4 * sigma) / hMm);
  const taps: number[] = [];
  for (let t = -reach; t <= reach; t++) taps.push(Math.exp(-((t * hMm) ** 2) / (2 * sigma * sigma)));
  const total = taps.reduce((a, b) => a + b, 0);
  const kernel = taps.map((w) => w / total);
  const strides = [1, n, n * n];
  for (const stride of strides) {
    const out = new Float64Array(n * n * n);
    for (let idx = 0; idx < n * n * n; idx++) {
      const pos = Math.floor(idx / stride) % n;
      let acc = 0;
      for (let t = -reach; t <= reach; t++) {
        const q = pos + t;
        if (q >= 0 && q < n) acc += (kernel[t + reach] as number) * (image[idx + t * stride] as number);
      }
      out[idx] = acc;
    }
    image = out;
  }
  let sum = 0;
  let count = 0;
  for (let idx = 0; idx < n * n * n; idx++)
    if (inside[idx]) {
      sum += image[idx] as number;
      count++;
    }
  return sum / count;
}

describe('partial-volume recovery of a blurred uniform sphere', () => {
  it('gives the closed-form centre value that a brute-force 3-D convolution gives', () => {
    // Grid h = R/60 (120³ points): the staircase surface error is O(h/R) but largely cancels;
    // observed differences are < 7e-5, so 3e-4 absolute is the stated tolerance.
    for (const [radiusMm, fwhmMm] of [
      [5, 7],
      [10, 7],
      [4, 8],
      [15, 6],
    ] as const) {
      const numeric = numericalCentre(radiusMm, fwhmMm, radiusMm / 60);
      expect(Math.abs(sphereRecovery(radiusMm, fwhmMm).centre - numeric)).toBeLessThan(3e-4);
    }
  });

  it('gives the mean over the sphere that a numerical separable convolution gives', () => {
    // Grid h = 0.4 mm, kernel cut at 4σ (mass lost 6e-5 per axis); the sampled kernel is exact to
    // < 1e-6 for h < σ/5, and the voxelised surface adds ~1e-3 (observed < 7e-4): tolerance 2e-3 absolute.
    for (const [radiusMm, fwhmMm] of [
      [5, 7],
      [10, 7],
    ] as const) {
      const numeric = numericalMeanInSphere(radiusMm, fwhmMm, 0.4);
      expect(Math.abs(sphereRecovery(radiusMm, fwhmMm).meanInSphere - numeric)).toBeLessThan(2e-3);
    }
  });

  it('recovers fully a sphere much larger than the PSF and not at all a tiny one', () => {
    expect(sphereRecovery(60, 7).centre).toBeCloseTo(1, 9);
    // A large sphere loses through its surface what a blurred plane edge spills, σ/√(2π) per unit
    // area, so mean ≈ 1 − 3σ/(R√(2π)) = 0.9407 for R 60 mm, σ 2.973 mm; second order ~ (σ/R)² = 0.0025.
    const sigma = 7 / FWHM_PER_SIGMA;
    expect(sphereRecovery(60, 7).meanInSphere).toBeCloseTo(
      1 - (3 * sigma) / (60 * Math.sqrt(2 * Math.PI)),
      2,
    );
    expect(sphereRecovery(0.5, 7).centre).toBeLessThan(0.01);
  });

  it('leaves a sphere sharp when the PSF is off and is continuous at the centre', () => {
    expect(sphereRecovery(8, 0)).toEqual({ centre: 1, meanInSphere: expect.closeTo(1, 9) });
    expect(blurredSphereProfile(1e-3, 8, 7)).toBeCloseTo(blurredSphereProfile(0, 8, 7), 6);
  });
});
