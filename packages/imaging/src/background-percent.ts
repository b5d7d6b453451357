import { type Grid, indexToIjk, type Mask, type Volume } from '@cxcr4pet/volume';
import type { Components } from './connected-components.ts';
import { voxelsOf } from './connected-components.ts';
import { ImagingError } from './errors.ts';
import { floodCatchments, type PercentGrowthParameters, type SeededComponents } from './percent-growth.ts';
import { type SphereOffsets, sphereOffsets } from './sphere.ts';

/** Default gap (mm) between a lesion's provisional contour and its background shell. */
export const DEFAULT_BACKGROUND_GAP_MM = 10;
/** Default thickness (mm) of the background shell. */
export const DEFAULT_BACKGROUND_WIDTH_MM = 10;

/** Fraction of SUVmax above which voxels form a lesion's core, around which the first shell is taken. */
export const CORE_FRACTION = 0.9;

interface Shell {
  readonly backgroundSuv: number;
  readonly shellVoxelCount: number;
}

/** Parameters of background-corrected percent segmentation (`bgpercent:<p>`). */
export interface BackgroundPercentParameters extends PercentGrowthParameters {
  /** Voxels within this distance (mm) of the provisional contour are too close to be background. */
  readonly gapMm: number;
  /** The shell reaches `gapMm + widthMm` from the provisional contour. */
  readonly widthMm: number;
}

/** Per lesion of `growBackgroundPercentRegions` (index n = label n + 1). */
export interface LesionBackground {
  /** Mean SUV of the shell, clamped at 0; 0 when the shell is empty. */
  readonly backgroundSuv: number;
  /** Voxels in the shell (0: the lesion fills its surroundings; background taken as 0). */
  readonly shellVoxelCount: number;
  /** The contour level: background + percent % × (SUVmax − background). */
  readonly thresholdSuv: number;
}

/**
 * The rule of `bgpercent:<p>` in words, for results and the README (one sentence each).
 * @param p the percentage, gap and width in mm
 */
export function describeBackgroundPercent(p: number, gapMm: number, widthMm: number): string {
  return (
    `threshold = B + ${p} % × (SUVmax − B) per lesion; B = mean SUV of the shell of voxels whose centres lie ` +
    `more than ${gapMm} mm and at most ${gapMm + widthMm} mm from the nearest voxel centre of the lesion's ` +
    `provisional contour, taken twice: first around the core (≥ ${CORE_FRACTION * 100} % of SUVmax), then around ` +
    `the contour at the threshold that first B gives (voxels of any provisional lesion or excluded are left ` +
    `out; B < 0 counts as 0)`
  );
}

/**
 * Marks, in `out` (one byte per voxel of the grid), every voxel whose centre lies within the sphere of
 * `offsets` around any voxel of `voxels` that has a face neighbour outside `inside` (the region's
 * boundary voxels: the nearest region voxel to an outside point is always one of them).
 */
function dilateInto(
  grid: Grid,
  voxels: Int32Array,
  inside: Mask,
  offsets: SphereOffsets,
  out: Mask,
): number[] {
  const [nx, ny, nz] = grid.dims;
  const touched: number[] = [];
  const faces = [1, -1, nx, -nx, nx * ny, -nx * ny];
  for (const index of voxels) {
    const [i, j, k] = indexToIjk(grid, index);
    const border = i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1;
    if (!border && faces.every((f) => inside[index + f] !== 0)) continue;
    for (let n = 0; n < offsets.count; n++) {
      const a = i + (offsets.di[n] as number);
      const b = j + (offsets.dj[n] as number);
      const c = k + (offsets.dk[n] as number);
      if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
      const target = index + (offsets.linear[n] as number);
      if (out[target] === 0) {
        out[target] = 1;
        touched.push(target);
      }
    }
  }
  return touched;
}

/**
 * Background-corrected percent segmentation, in the catchments of `growPercentRegions` at `percent` %:
 * 1. B₀ = mean SUV over the shell around each lesion's core (its voxels ≥ 90 % of SUVmax, connected to
 *    the maximum): a start that never floods a warm background, whatever the contrast.
 * 2. B = mean SUV over the shell around the contour at B₀ + percent % × (SUVmax − B₀).
 * 3. The lesion: its catchment's voxels ≥ B + percent % × (SUVmax − B) connected to its maximum.
 * The shell and clamping rule: `describeBackgroundPercent`. A lesion with B ≥ SUVmax vanishes. Monotone in `percent` where the background around a
 * lesion falls off or is flat with distance (a lower percentage moves the shell outward, lowering or keeping
 * B); a shell moving into a hotter neighbour can raise B.
 * @see Daisne JF et al., Radiother Oncol 2003;69:247–250; Nestle U et al., J Nucl Med 2005;46:1342–1348
 *   (source-to-background corrected thresholds).
 */
export function growBackgroundPercentRegions(
  suv: Volume,
  parameters: BackgroundPercentParameters,
): { readonly components: Components; readonly backgrounds: readonly LesionBackground[] } {
  const { gapMm, widthMm } = parameters;
  if (!(Number.isFinite(gapMm) && gapMm >= 0 && Number.isFinite(widthMm) && widthMm > 0)) {
    throw new ImagingError(
      'invalid-parameter',
      `Background shell needs gap ≥ 0 mm and width > 0 mm (got ${gapMm}, ${widthMm}).`,
      { field: 'segment' },
    );
  }
  const fraction = parameters.percent / 100;
  const catchments = floodCatchments(suv, parameters);
  const exclude = parameters.exclusionMask;
  const near = new Uint8Array(suv.data.length);
  const far = new Uint8Array(suv.data.length);
  const nearOffsets = sphereOffsets(suv, gapMm);
  const farOffsets = sphereOffsets(suv, gapMm + widthMm);
  // The mean SUV of the shell around each lesion of one contour pass, by seed.
  const shellMeans = (pass: SeededComponents): Map<number, Shell> => {
    const inAnyLesion = new Uint8Array(suv.data.length);
    for (const index of pass.regions.voxels) inAnyLesion[index] = 1;
    const bySeed = new Map<number, Shell>();
    for (let label = 1; label <= pass.count; label++) {
      const voxels = voxelsOf(pass.regions, label);
      const inner = dilateInto(suv, voxels, inAnyLesion, nearOffsets, near);
      const outer = dilateInto(suv, voxels, inAnyLesion, farOffsets, far);
      let sum = 0;
      let count = 0;
      for (const index of outer) {
        if (near[index] !== 0 || inAnyLesion[index] !== 0 || (exclude !== undefined && exclude[index] !== 0))
          continue;
        const value = suv.data[index] as number;
        if (Number.isNaN(value)) continue;
        sum += value;
        count++;
      }
      for (const index of inner) near[index] = 0;
      for (const index of outer) far[index] = 0;
      bySeed.set(pass.seeds[label - 1] as number, {
        backgroundSuv: count > 0 ? Math.max(0, sum / count) : 0,
        shellVoxelCount: count,
      });
    }
    return bySeed;
  };
  const levels = (bySeed: Map<number, Shell>) => (maxSuv: number, seed: number) => {
    const b = bySeed.get(seed)?.backgroundSuv ?? 0;
    return b + fraction * (maxSuv - b);
  };
  // Step 1: B₀ around the core; step 2: B around the provisional contour at B₀; step 3: the lesion.
  const first = shellMeans(catchments.contours((maxSuv) => CORE_FRACTION * maxSuv));
  const second = shellMeans(catchments.contours(levels(first)));
  const components = catchments.contours(levels(second));
  const backgroundAt = (seed: number): Shell => second.get(seed) ?? { backgroundSuv: 0, shellVoxelCount: 0 };
  const backgrounds = Array.from(components.seeds, (seed): LesionBackground => {
    const { backgroundSuv, shellVoxelCount } = backgroundAt(seed);
    const maxSuv = suv.data[seed] as number;
    return {
      backgroundSuv,
      shellVoxelCount,
      thresholdSuv: backgroundSuv + fraction * (maxSuv - backgroundSuv),
    };
  });
  return { components, backgrounds };
}
