import { type Mask, type Volume, voxelVolumeMl } from '@cxcr4pet/volume';
import { forChunks } from './chunks.ts';
import { labelComponents, voxelsOf } from './connected-components.ts';
import { ImagingError } from './errors.ts';
import { maskVoxels, regionStatistics } from './voi-statistics.ts';

/** How the whole-skeleton marrow VOI is cut out of the CT. */
export interface MarrowCtParameters {
  /** Bone: CT voxels with HU ≥ this (default 150 HU, above soft tissue and below cancellous bone). */
  readonly boneHu: number;
  /** Layers of 6-connected erosion that remove the cortical shell (default 1 CT voxel). */
  readonly cortexLayers: number;
}

export const DEFAULT_MARROW_CT: MarrowCtParameters = { boneHu: 150, cortexLayers: 1 };

/** The marrow rule in words, for results and the README. */
export function describeMarrowCt(parameters: MarrowCtParameters): string {
  return (
    `bone = CT voxels ≥ ${parameters.boneHu} HU; holes enclosed by bone in each axial slice filled (marrow ` +
    `cavities, lytic lesions); cortical shell removed by ${parameters.cortexLayers} 6-connected erosion` +
    `${parameters.cortexLayers === 1 ? '' : 's'} on the CT grid (a voxel with a face neighbour outside the filled bone ` +
    'is cortex); carried onto the PET grid by nearest neighbour'
  );
}

/** Fills, slice by slice, every non-bone region of an axial slice that does not touch the slice's edge. */
function fillSliceHoles(mask: Mask, nx: number, ny: number, nz: number): void {
  const outside = new Uint8Array(nx * ny);
  const stack: number[] = [];
  for (let k = 0; k < nz; k++) {
    const base = nx * ny * k;
    outside.fill(0);
    const push = (p: number): void => {
      if (outside[p] === 0 && mask[base + p] === 0) {
        outside[p] = 1;
        stack.push(p);
      }
    };
    for (let i = 0; i < nx; i++) {
      push(i);
      push(i + nx * (ny - 1));
    }
    for (let j = 0; j < ny; j++) {
      push(nx * j);
      push(nx - 1 + nx * j);
    }
    while (stack.length > 0) {
      const p = stack.pop() as number;
      const i = p % nx;
      const j = (p - i) / nx;
      if (i > 0) push(p - 1);
      if (i < nx - 1) push(p + 1);
      if (j > 0) push(p - nx);
      if (j < ny - 1) push(p + nx);
    }
    for (let p = 0; p < nx * ny; p++) if (outside[p] === 0) mask[base + p] = 1;
  }
}

/** One 6-connected erosion: a voxel stays when it and its 6 face neighbours are set (the grid edge is outside). */
function erode(mask: Mask, nx: number, ny: number, nz: number): Mask {
  const out = new Uint8Array(mask.length);
  const slice = nx * ny;
  forChunks(mask.length, (start, end) => {
    for (let n = start; n < end; n++) {
      if (mask[n] === 0) continue;
      const i = n % nx;
      const j = ((n - i) / nx) % ny;
      const k = (n - i - nx * j) / slice;
      if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) continue;
      if (
        mask[n - 1] !== 0 &&
        mask[n + 1] !== 0 &&
        mask[n - nx] !== 0 &&
        mask[n + nx] !== 0 &&
        mask[n - slice] !== 0 &&
        mask[n + slice] !== 0
      )
        out[n] = 1;
    }
  });
  return out;
}

/** The marrow VOI on the CT grid and its size. */
export interface CtMarrow {
  readonly mask: Mask;
  /** CT voxels ≥ the bone threshold (before filling and erosion). */
  readonly boneVoxelCount: number;
  readonly marrowVoxelCount: number;
  /** Marrow volume on the CT grid: voxel count × CT voxel volume (ml). */
  readonly marrowVolumeMl: number;
}

/**
 * The whole-skeleton marrow VOI from a CT in HU (rule: `describeMarrowCt`). Pure; the CT is not changed.
 * Throws `ImagingError` ('invalid-parameter') for a non-integer or negative number of erosions.
 * @see Sambuceti G et al., Eur J Nucl Med Mol Imaging 2012;39:1326–1338 (marrow from CT bone and PET).
 */
export function marrowFromCt(ct: Volume, parameters: MarrowCtParameters = DEFAULT_MARROW_CT): CtMarrow {
  if (
    !(Number.isInteger(parameters.cortexLayers) && parameters.cortexLayers >= 0) ||
    !Number.isFinite(parameters.boneHu)
  ) {
    throw new ImagingError(
      'invalid-parameter',
      `Marrow needs a finite bone threshold and a whole number ≥ 0 of cortex erosions (got ${parameters.boneHu} HU, ${parameters.cortexLayers}).`,
      { field: 'marrow' },
    );
  }
  const [nx, ny, nz] = ct.dims;
  const data = ct.data;
  let mask: Mask = new Uint8Array(data.length);
  let boneVoxelCount = 0;
  forChunks(data.length, (start, end) => {
    for (let n = start; n < end; n++) {
      if ((data[n] as number) >= parameters.boneHu) {
        mask[n] = 1;
        boneVoxelCount++;
      }
    }
  });
  fillSliceHoles(mask, nx, ny, nz);
  for (let layer = 0; layer < parameters.cortexLayers; layer++) mask = erode(mask, nx, ny, nz);
  let marrowVoxelCount = 0;
  for (const v of mask) marrowVoxelCount += v;
  return { mask, boneVoxelCount, marrowVoxelCount, marrowVolumeMl: marrowVoxelCount * voxelVolumeMl(ct) };
}

/** Marrow uptake pattern (IMPeTUs-like reading: focal lesions and diffuse uptake above the liver). */
export type MarrowPattern = 'focal' | 'diffuse' | 'mixed' | 'negative';

/** Durie–Salmon PLUS bin of the number of focal marrow lesions. */
export type DurieSalmonPlusBin = '<5' | '5-20' | '>20';

/** Parameters of the focal-lesion search inside the marrow VOI. */
export interface MarrowFocalParameters {
  /** A focal voxel has SUV ≥ this × the marrow's median SUV (default 2). */
  readonly medianFactor: number;
  /** Focal lesions smaller than this equivalent-sphere diameter (mm) are not counted (default 5 mm). */
  readonly minDiameterMm: number;
}

export const DEFAULT_MARROW_FOCAL: MarrowFocalParameters = { medianFactor: 2, minDiameterMm: 5 };

/** The pattern rule in words, for results and the README. */
export function describeMarrowPattern(parameters: MarrowFocalParameters): string {
  return (
    `focal lesion = 26-connected marrow voxels with SUV ≥ ${parameters.medianFactor} × the marrow median SUV and ≥ the ` +
    `liver SUVmean, counted when its equivalent-sphere diameter (6V/π)^⅓ ≥ ${parameters.minDiameterMm} mm; diffuse = ` +
    'SUVmean of the marrow outside focal lesions > liver SUVmean; pattern = mixed (both), focal (lesions only), ' +
    'diffuse (diffuse only), negative (neither); Durie–Salmon PLUS bin by lesion count <5, 5–20, >20'
  );
}

/** A focal marrow lesion. */
export interface FocalMarrowLesion {
  readonly voxelCount: number;
  readonly volumeMl: number;
  readonly diameterMm: number;
  readonly suvMax: number;
  readonly suvMean: number;
}

/** The marrow measured on the PET. */
export interface MarrowUptake {
  readonly voxelCount: number;
  readonly volumeMl: number;
  readonly suvMean: number;
  readonly suvMax: number;
  readonly suvMedian: number;
  /** SUVmean × volume (ml): total marrow uptake. */
  readonly totalUptake: number;
  /** SUVmean outside focal lesions. */
  readonly backgroundSuvMean: number;
  readonly focalThresholdSuv: number;
  /** Focal lesions ≥ the minimum diameter, hottest first. */
  readonly focalLesions: readonly FocalMarrowLesion[];
  readonly focalLesionCount: number;
  readonly durieSalmonPlus: DurieSalmonPlusBin;
  /** The liver SUVmean the rule compared with (null without a liver reference). */
  readonly liverMeanSuv: number | null;
  /** Null without a liver reference: diffuse uptake is judged against the liver. */
  readonly diffuse: boolean | null;
  /** Null without a liver reference. */
  readonly pattern: MarrowPattern | null;
}

export function durieSalmonPlusBin(focalLesionCount: number): DurieSalmonPlusBin {
  return focalLesionCount < 5 ? '<5' : focalLesionCount <= 20 ? '5-20' : '>20';
}

/**
 * Marrow uptake, focal lesions and pattern (rule: `describeMarrowPattern`) from an SUV volume and the
 * marrow VOI on its grid. `liverMeanSuv` is the liver reference SUVmean (`--ref liver`); without it the
 * focal threshold is the median rule alone and diffuse uptake and the pattern are not judged. Throws
 * `ImagingError` ('empty-region') when the VOI is empty.
 */
export function marrowUptake(
  suv: Volume,
  marrow: Mask,
  liverMeanSuv: number | undefined,
  parameters: MarrowFocalParameters = DEFAULT_MARROW_FOCAL,
): MarrowUptake {
  const voxels = maskVoxels(marrow);
  if (voxels.length === 0)
    throw new ImagingError('empty-region', 'The marrow VOI holds no voxel of the PET volume.', {
      field: 'marrow',
    });
  const stats = regionStatistics(suv, voxels);
  const sorted = Float64Array.from(voxels, (index) => suv.data[index] as number).sort();
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  const focalThresholdSuv = Math.max(parameters.medianFactor * median, liverMeanSuv ?? 0);
  const focalMask = new Uint8Array(marrow.length);
  for (const index of voxels) if ((suv.data[index] as number) >= focalThresholdSuv) focalMask[index] = 1;
  const components = labelComponents(suv, focalMask, 26);
  const voxelMl = voxelVolumeMl(suv);
  const lesions: FocalMarrowLesion[] = [];
  const inLesion = new Uint8Array(marrow.length);
  for (let label = 1; label <= components.count; label++) {
    const region = voxelsOf(components.regions, label);
    const volumeMl = region.length * voxelMl;
    const diameterMm = Math.cbrt((6 * volumeMl * 1000) / Math.PI);
    if (diameterMm < parameters.minDiameterMm) continue;
    let sum = 0;
    let max = Number.NEGATIVE_INFINITY;
    for (const index of region) {
      const value = suv.data[index] as number;
      sum += value;
      max = Math.max(max, value);
      inLesion[index] = 1;
    }
    lesions.push({
      voxelCount: region.length,
      volumeMl,
      diameterMm,
      suvMax: max,
      suvMean: sum / region.length,
    });
  }
  lesions.sort((a, b) => b.suvMax - a.suvMax);
  let backgroundSum = 0;
  let backgroundCount = 0;
  for (const index of voxels) {
    if (inLesion[index] !== 0) continue;
    backgroundSum += suv.data[index] as number;
    backgroundCount++;
  }
  const backgroundSuvMean = backgroundCount > 0 ? backgroundSum / backgroundCount : Number.NaN;
  const diffuse = liverMeanSuv === undefined ? null : backgroundSuvMean > liverMeanSuv;
  const focal = lesions.length > 0;
  return {
    voxelCount: stats.voxelCount,
    volumeMl: stats.volumeMl,
    suvMean: stats.mean,
    suvMax: stats.max,
    suvMedian: median,
    totalUptake: stats.mean * stats.volumeMl,
    backgroundSuvMean,
    focalThresholdSuv,
    focalLesions: lesions,
    focalLesionCount: lesions.length,
    durieSalmonPlus: durieSalmonPlusBin(lesions.length),
    liverMeanSuv: liverMeanSuv ?? null,
    diffuse,
    pattern:
      diffuse === null
        ? null
        : focal && diffuse
          ? 'mixed'
          : focal
            ? 'focal'
            : diffuse
              ? 'diffuse'
              : 'negative',
  };
}
