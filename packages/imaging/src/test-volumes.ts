// Builders for hand-made test volumes. Used by tests only; not exported from the package.
import { AXIAL_DIRECTION, type Vec3, type Volume } from '@cxcr4pet/volume';

/** An axial volume of zeros (or `fill`) with origin (0, 0, 0). */
export function blankVolume(dims: Vec3, spacingMm: Vec3 = [1, 1, 1], fill = 0): Volume {
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  data.fill(fill);
  return { dims, spacingMm, originMm: [0, 0, 0], direction: AXIAL_DIRECTION, data };
}

/** Sets every voxel of the inclusive ijk box [lo, hi] to `value` (in place: for building fixtures). */
export function paintBox(volume: Volume, lo: Vec3, hi: Vec3, value: number): void {
  const [nx, ny] = volume.dims;
  for (let k = lo[2]; k <= hi[2]; k++)
    for (let j = lo[1]; j <= hi[1]; j++)
      for (let i = lo[0]; i <= hi[0]; i++) volume.data[i + nx * (j + ny * k)] = value;
}

/** Sets one voxel (in place: for building fixtures). */
export function paintVoxel(volume: Volume, ijk: Vec3, value: number): void {
  paintBox(volume, ijk, ijk, value);
}

/** A deterministic uniform random number generator on [0, 1) (32-bit LCG, Numerical Recipes constants). */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A new volume: `volume` blurred by a separable Gaussian of `fwhmMm` (edges renormalised). */
export function gaussianBlur(volume: Volume, fwhmMm: number): Volume {
  const dims = volume.dims;
  let current = volume.data;
  for (let axis = 0; axis < 3; axis++) {
    const sigma = fwhmMm / (2 * Math.sqrt(2 * Math.LN2)) / (volume.spacingMm[axis] ?? 1);
    const reach = Math.ceil(3 * sigma);
    const weights = Array.from({ length: 2 * reach + 1 }, (_, t) =>
      Math.exp(-((t - reach) ** 2) / (2 * sigma ** 2)),
    );
    const size = dims[axis] ?? 1;
    const step = axis === 0 ? 1 : axis === 1 ? dims[0] : dims[0] * dims[1];
    const out = new Float32Array(current.length);
    for (let index = 0; index < current.length; index++) {
      const position = Math.floor(index / step) % size;
      let sum = 0;
      let weightSum = 0;
      for (let t = -reach; t <= reach; t++) {
        if (position + t < 0 || position + t >= size) continue;
        const w = weights[t + reach] ?? 0;
        sum += (current[index + t * step] ?? 0) * w;
        weightSum += w;
      }
      out[index] = sum / weightSum;
    }
    current = out;
  }
  return { ...volume, data: current };
}
