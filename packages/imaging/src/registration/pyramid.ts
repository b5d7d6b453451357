import type { Vec3, Volume } from '@cxcr4pet/volume';

/**
 * Halves the resolution: each voxel of the result is the mean of a 2 × 2 × 2 block (a box filter
 * before subsampling, so the coarse level does not alias). An odd last row repeats the edge voxel.
 * The result's voxel (0, 0, 0) sits at the centre of the first block: origin + ½ voxel along i, j, k.
 */
export function halveVolume(volume: Volume): Volume {
  const [nx, ny, nz] = volume.dims;
  const dims: Vec3 = [Math.ceil(nx / 2), Math.ceil(ny / 2), Math.ceil(nz / 2)];
  const [mx, my, mz] = dims;
  const src = volume.data;
  const data = new Float32Array(mx * my * mz);
  for (let k = 0; k < mz; k++) {
    const k0 = 2 * k;
    const k1 = Math.min(k0 + 1, nz - 1);
    for (let j = 0; j < my; j++) {
      const j0 = 2 * j;
      const j1 = Math.min(j0 + 1, ny - 1);
      const r00 = nx * (j0 + ny * k0);
      const r10 = nx * (j1 + ny * k0);
      const r01 = nx * (j0 + ny * k1);
      const r11 = nx * (j1 + ny * k1);
      const out = mx * (j + my * k);
      for (let i = 0; i < mx; i++) {
        const i0 = 2 * i;
        const i1 = Math.min(i0 + 1, nx - 1);
        data[out + i] =
          ((src[r00 + i0] as number) +
            (src[r00 + i1] as number) +
            (src[r10 + i0] as number) +
            (src[r10 + i1] as number) +
            (src[r01 + i0] as number) +
            (src[r01 + i1] as number) +
            (src[r11 + i0] as number) +
            (src[r11 + i1] as number)) *
          0.125;
      }
    }
  }
  const [sx, sy, sz] = volume.spacingMm;
  const d = volume.direction;
  const half = [sx / 2, sy / 2, sz / 2] as const;
  const originMm: Vec3 = [
    volume.originMm[0] + half[0] * d[0] + half[1] * d[3] + half[2] * d[6],
    volume.originMm[1] + half[0] * d[1] + half[1] * d[4] + half[2] * d[7],
    volume.originMm[2] + half[0] * d[2] + half[1] * d[5] + half[2] * d[8],
  ];
  return { dims, spacingMm: [sx * 2, sy * 2, sz * 2], originMm, direction: volume.direction, data };
}

/** A copy with every value clamped to [low, high]. */
export function clampVolume(volume: Volume, low: number, high: number): Volume {
  const data = new Float32Array(volume.data.length);
  const src = volume.data;
  for (let n = 0; n < data.length; n++) {
    data[n] = Math.min(Math.max(src[n] as number, low), high);
  }
  return { ...volume, data };
}

/**
 * The image pyramid, finest first: `volume` itself, then halved while the next level's largest
 * spacing stays ≤ `coarsestSpacingMm` and every dimension keeps at least 8 voxels.
 */
export function imagePyramid(volume: Volume, coarsestSpacingMm: number): readonly Volume[] {
  const levels = [volume];
  for (;;) {
    const last = levels[levels.length - 1] as Volume;
    const next = Math.max(...last.spacingMm) * 2;
    if (next > coarsestSpacingMm || last.dims.some((n) => n < 16)) return levels;
    levels.push(halveVolume(last));
  }
}
