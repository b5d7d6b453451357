import { ijkToLps, type Vec3, type Volume, voxelVolumeMl } from '@cxcr4pet/volume';
import type { LesionBackground } from './background-percent.ts';
import { globalIntensityPeak, localIntensityPeak } from './intensity-peak.ts';
import type { SphereOffsets } from './sphere.ts';

/**
 * One lesion measured on an SUV volume. Field names are the `cxcr4pet analyze --json` contract.
 * - `volumeMl`: voxel count × voxel volume (no partial voxels).
 * - `suvPeak`: IBSI local intensity peak — mean SUV of every image voxel whose centre lies within the
 *   1 cm³ sphere (radius 6.2035 mm) centred on the lesion's maximum voxel, also voxels outside the lesion;
 *   voxels count whole or not at all. `suvPeakGlobal`: IBSI global intensity peak — the highest such
 *   mean over spheres centred on any voxel of the lesion.
 * - `totalLesionUptake`: SUVmean × volumeMl (TLG for FDG).
 * - `centroidMm`: mean of the voxel centres (unweighted), patient LPS mm. `suvMaxMm`: centre of the
 *   maximum voxel (the first in memory order when several share it), patient LPS mm.
 */
export interface Lesion {
  readonly label: number;
  readonly voxelCount: number;
  readonly volumeMl: number;
  readonly suvMax: number;
  readonly suvMean: number;
  readonly suvPeak: number;
  readonly suvPeakGlobal: number;
  readonly totalLesionUptake: number;
  readonly centroidMm: Vec3;
  readonly suvMaxMm: Vec3;
  /** Only for `bgpercent`: the lesion's local background and contour level. */
  readonly background?: LesionBackground;
}

/** Whole-body burden over a list of lesions. */
export interface LesionTotals {
  readonly lesionCount: number;
  readonly totalVolumeMl: number;
  readonly totalLesionUptake: number;
}

/** Measures one lesion given as voxel indices on `suv`'s grid (`peakOffsets`: the 1 cm³ sphere table). */
export function measureLesion(
  suv: Volume,
  voxels: Int32Array,
  label: number,
  peakOffsets: SphereOffsets,
): Lesion {
  const [nx, ny] = suv.dims;
  const data = suv.data;
  let sum = 0;
  let max = Number.NEGATIVE_INFINITY;
  let maxIndex = -1;
  let si = 0;
  let sj = 0;
  let sk = 0;
  for (let n = 0; n < voxels.length; n++) {
    const index = voxels[n] as number;
    const value = data[index] as number;
    sum += value;
    if (value > max || (value === max && index < maxIndex)) {
      max = value;
      maxIndex = index;
    }
    const i = index % nx;
    const rest = (index - i) / nx;
    const j = rest % ny;
    si += i;
    sj += j;
    sk += (rest - j) / ny;
  }
  const count = voxels.length;
  const volumeMl = count * voxelVolumeMl(suv);
  const suvMean = sum / count;
  const mi = maxIndex % nx;
  const mrest = (maxIndex - mi) / nx;
  const mj = mrest % ny;
  return {
    label,
    voxelCount: count,
    volumeMl,
    suvMax: max,
    suvMean,
    suvPeak: localIntensityPeak(suv, voxels, peakOffsets),
    suvPeakGlobal: globalIntensityPeak(suv, voxels, peakOffsets),
    totalLesionUptake: suvMean * volumeMl,
    centroidMm: ijkToLps(suv, [si / count, sj / count, sk / count]),
    suvMaxMm: ijkToLps(suv, [mi, mj, (mrest - mj) / ny]),
  };
}

/** Totals over lesions: count, summed volume (ml) and summed total lesion uptake. */
export function lesionTotals(lesions: readonly Lesion[]): LesionTotals {
  let totalVolumeMl = 0;
  let totalLesionUptake = 0;
  for (const lesion of lesions) {
    totalVolumeMl += lesion.volumeMl;
    totalLesionUptake += lesion.totalLesionUptake;
  }
  return { lesionCount: lesions.length, totalVolumeMl, totalLesionUptake };
}
