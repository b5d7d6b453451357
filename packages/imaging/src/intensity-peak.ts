import type { Volume } from '@cxcr4pet/volume';
import type { SphereOffsets } from './sphere.ts';

/**
 * Mean of the volume over the sphere `offsets` centred on voxel `index`. Every image voxel whose centre
 * lies in the sphere counts with full weight, whether or not it belongs to any region (IBSI: the peak
 * sphere is not restricted to the ROI); voxels beyond the image border are left out of the mean.
 * `offsets` must have been made for this volume's grid.
 */
export function sphereMeanAt(volume: Volume, index: number, offsets: SphereOffsets): number {
  const [nx, ny, nz] = volume.dims;
  const data = volume.data;
  const i = index % nx;
  const rest = (index - i) / nx;
  const j = rest % ny;
  const k = (rest - j) / ny;
  const [ri, rj, rk] = offsets.reach;
  let sum = 0;
  if (i >= ri && i < nx - ri && j >= rj && j < ny - rj && k >= rk && k < nz - rk) {
    const linear = offsets.linear;
    for (let n = 0; n < offsets.count; n++) sum += data[index + (linear[n] as number)] as number;
    return sum / offsets.count;
  }
  let count = 0;
  for (let n = 0; n < offsets.count; n++) {
    const a = i + (offsets.di[n] as number);
    const b = j + (offsets.dj[n] as number);
    const c = k + (offsets.dk[n] as number);
    if (a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= nz) continue;
    sum += data[index + (offsets.linear[n] as number)] as number;
    count++;
  }
  return sum / count;
}

/**
 * IBSI local intensity peak (VJGA) of a region given as voxel indices: the sphere mean centred on the
 * region's maximum voxel; when several voxels share the maximum, the highest of their sphere means
 * (IBSI reference manual, "Local intensity peak"). NaN for an empty region.
 */
export function localIntensityPeak(volume: Volume, voxels: Int32Array, offsets: SphereOffsets): number {
  const data = volume.data;
  let max = Number.NEGATIVE_INFINITY;
  for (let n = 0; n < voxels.length; n++) {
    const value = data[voxels[n] as number] as number;
    if (value > max) max = value;
  }
  let peak = Number.NaN;
  for (let n = 0; n < voxels.length; n++) {
    const index = voxels[n] as number;
    if (data[index] !== max) continue;
    const mean = sphereMeanAt(volume, index, offsets);
    if (!(mean <= peak)) peak = mean;
  }
  return peak;
}

/**
 * IBSI global intensity peak (0F91) of a region given as voxel indices: the highest sphere mean over
 * centres on every voxel of the region. NaN for an empty region. Cost: region voxels × sphere voxels.
 */
export function globalIntensityPeak(volume: Volume, voxels: Int32Array, offsets: SphereOffsets): number {
  let peak = Number.NaN;
  for (let n = 0; n < voxels.length; n++) {
    const mean = sphereMeanAt(volume, voxels[n] as number, offsets);
    if (!(mean <= peak)) peak = mean;
  }
  return peak;
}
