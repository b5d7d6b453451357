// A synthetic whole-body SUV volume for benchmarks: deterministic (LCG seed), no file IO.
import { AXIAL_DIRECTION, type Vec3, type Volume } from '@cxcr4pet/volume';

export interface WholeBody {
  readonly volume: Volume;
  readonly liverCentreLps: Vec3;
  readonly lesionCount: number;
}

/**
 * 200 × 200 × 500 voxels of 4 × 4 × 3 mm (20 M voxels, 80 MB): background SUV 0.8 ± 0.3 (uniform
 * noise), a liver block of SUV 2 ± 0.3, and 40 spherical lesions of radius 6–20 mm and SUV 4–14.
 */
export function wholeBody(dims: Vec3 = [200, 200, 500]): WholeBody {
  const [nx, ny, nz] = dims;
  const spacingMm: Vec3 = [4, 4, 3];
  const data = new Float32Array(nx * ny * nz);
  let state = 20260101;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let n = 0; n < data.length; n++) data[n] = 0.8 + 0.6 * (random() - 0.5);
  const liver = { i: [40, 110], j: [60, 140], k: [Math.floor(nz * 0.55), Math.floor(nz * 0.7)] };
  for (let k = liver.k[0] ?? 0; k < (liver.k[1] ?? 0); k++)
    for (let j = liver.j[0] ?? 0; j < (liver.j[1] ?? 0); j++)
      for (let i = liver.i[0] ?? 0; i < (liver.i[1] ?? 0); i++)
        data[i + nx * (j + ny * k)] = 2 + 0.6 * (random() - 0.5);
  const lesionCount = 40;
  for (let l = 0; l < lesionCount; l++) {
    const radiusMm = 6 + 14 * random();
    const suv = 4 + 10 * random();
    const c = [20 + random() * (nx - 40), 20 + random() * (ny - 40), 20 + random() * (nz - 40)];
    const r = [radiusMm / spacingMm[0], radiusMm / spacingMm[1], radiusMm / spacingMm[2]];
    for (let k = Math.floor((c[2] ?? 0) - (r[2] ?? 0)); k <= (c[2] ?? 0) + (r[2] ?? 0); k++)
      for (let j = Math.floor((c[1] ?? 0) - (r[1] ?? 0)); j <= (c[1] ?? 0) + (r[1] ?? 0); j++)
        for (let i = Math.floor((c[0] ?? 0) - (r[0] ?? 0)); i <= (c[0] ?? 0) + (r[0] ?? 0); i++) {
          const d2 =
            ((i - (c[0] ?? 0)) * spacingMm[0]) ** 2 +
            ((j - (c[1] ?? 0)) * spacingMm[1]) ** 2 +
            ((k - (c[2] ?? 0)) * spacingMm[2]) ** 2;
          if (d2 <= radiusMm * radiusMm) data[i + nx * (j + ny * k)] = suv * (1 + 0.2 * (random() - 0.5));
        }
  }
  const liverCentreLps: Vec3 = [75 * spacingMm[0], 100 * spacingMm[1], Math.floor(nz * 0.62) * spacingMm[2]];
  return {
    volume: { dims, spacingMm, originMm: [0, 0, 0], direction: AXIAL_DIRECTION, data },
    liverCentreLps,
    lesionCount,
  };
}
