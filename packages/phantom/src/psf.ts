import type { Volume } from '@cxcr4pet/volume';
import { normalCdf } from './erf.ts';
import { FWHM_PER_SIGMA } from './partial-volume.ts';

/**
 * One-dimensional taps of a Gaussian PSF (FWHM `fwhmMm`) for voxels of `spacingMm`: each tap is
 * the Gaussian's mass over one voxel's extent, Φ((t+½)h/σ) − Φ((t−½)h/σ), i.e. the image is taken
 * as piecewise constant over voxels, blurred by the continuous Gaussian, and sampled at voxel
 * centres. Cut at 4σ + one voxel and renormalised to sum 1 (activity is conserved).
 */
export function gaussianTaps(fwhmMm: number, spacingMm: number): Float64Array {
  const sigma = fwhmMm / FWHM_PER_SIGMA;
  const reach = Math.ceil((4 * sigma) / spacingMm) + 1;
  const taps = new Float64Array(2 * reach + 1);
  let total = 0;
  for (let t = -reach; t <= reach; t++) {
    const w = normalCdf(((t + 0.5) * spacingMm) / sigma) - normalCdf(((t - 0.5) * spacingMm) / sigma);
    taps[t + reach] = w;
    total += w;
  }
  for (let n = 0; n < taps.length; n++) taps[n] = (taps[n] as number) / total;
  return taps;
}

/**
 * The scanner's blurring: a 3-D Gaussian PSF of FWHM `fwhmMm`, applied separably along i, j, k
 * (exact for a Gaussian), with edge voxels repeated beyond the grid. Returns a new volume;
 * FWHM 0 returns a copy.
 */
export function blurGaussian(volume: Volume, fwhmMm: number): Volume {
  let data: Float64Array = Float64Array.from(volume.data);
  if (fwhmMm > 0) {
    const [nx, ny, nz] = volume.dims;
    const strides = [1, nx, nx * ny] as const;
    const lengths = [nx, ny, nz] as const;
    for (let axis = 0; axis < 3; axis++) {
      const taps = gaussianTaps(fwhmMm, volume.spacingMm[axis] as number);
      data = convolveAxis(data, strides[axis] as number, lengths[axis] as number, taps);
    }
  }
  return { ...volume, data: Float32Array.from(data) };
}

function convolveAxis(data: Float64Array, stride: number, length: number, taps: Float64Array): Float64Array {
  const out = new Float64Array(data.length);
  const reach = (taps.length - 1) / 2;
  const line = new Float64Array(length);
  const blockSize = stride * length;
  // Every line along the axis starts at base = block · blockSize + offset (offset < stride).
  for (let block = 0; block < data.length; block += blockSize)
    for (let offset = 0; offset < stride; offset++) {
      const base = block + offset;
      for (let p = 0; p < length; p++) line[p] = data[base + p * stride] as number;
      for (let p = 0; p < length; p++) {
        let sum = 0;
        for (let t = -reach; t <= reach; t++) {
          const q = p + t < 0 ? 0 : p + t >= length ? length - 1 : p + t;
          sum += (taps[t + reach] as number) * (line[q] as number);
        }
        out[base + p * stride] = sum;
      }
    }
  return out;
}
