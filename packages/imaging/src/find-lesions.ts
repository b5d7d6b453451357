import type { LabelMap, Mask, Volume } from '@cxcr4pet/volume';
import { forChunks, scaleVolume, voxelVolumeMl } from '@cxcr4pet/volume';
import { growBackgroundPercentRegions, type LesionBackground } from './background-percent.ts';
import { type Components, labelFromSeeds, voxelsOf } from './connected-components.ts';
import { ImagingError } from './errors.ts';
import { type Lesion, type LesionTotals, lesionTotals, measureLesion } from './lesion-measures.ts';
import { type Connectivity, checkConnectivity, DEFAULT_CONNECTIVITY } from './neighbourhood.ts';
import { growPercentRegions } from './percent-growth.ts';
import { type PercistReference, type PercistThreshold, percistSphere, percistThreshold } from './percist.ts';
import type { Segmentation } from './segmentation.ts';
import { PEAK_SPHERE_RADIUS_MM, sphereOffsets } from './sphere.ts';
import { checkSameGrid } from './voi-statistics.ts';

/** Options of `findLesions`; every one has a default. */
export interface FindLesionsOptions {
  /** Neighbours that join voxels into one lesion: 6, 18 or 26 (default 26). */
  readonly connectivity?: Connectivity;
  /** Lesions smaller than this (ml, by voxel count) are dropped (default 0: keep all). */
  readonly minVolumeMl?: number;
  /** Voxels of physiological uptake (bladder, kidneys, …) removed before segmentation. */
  readonly exclusionMask?: Mask;
  /** Required for `percist`: where the liver (or blood-pool fallback) reference sphere lies. */
  readonly percistReference?: PercistReference;
}

/** Lesions found in an SUV volume, with the parameters that found them (provenance). */
export interface LesionFindings {
  readonly segmentation: Segmentation;
  /**
   * The fixed threshold used (`suv`, `percist`); undefined for `percent` and `bgpercent`, whose levels are
   * per lesion (`bgpercent` gives each lesion's level and background in `Lesion.background`).
   */
  readonly thresholdSuv: number | undefined;
  /** The PERCIST reference measurement (only for `percist`). */
  readonly percist: PercistThreshold | undefined;
  readonly connectivity: Connectivity;
  readonly minVolumeMl: number;
  /** Lesion n of `lesions` carries label n here; 0 = no lesion. Same grid as the SUV volume. */
  readonly labels: LabelMap;
  /** Sorted by SUVmax, highest first (ties: the lesion whose first voxel comes first in memory). */
  readonly lesions: readonly Lesion[];
  readonly totals: LesionTotals;
}

function checkedOptions(
  suv: Volume,
  options: FindLesionsOptions,
): { connectivity: Connectivity; minVolumeMl: number } {
  const connectivity = checkConnectivity(options.connectivity ?? DEFAULT_CONNECTIVITY);
  const minVolumeMl = options.minVolumeMl ?? 0;
  if (!(Number.isFinite(minVolumeMl) && minVolumeMl >= 0)) {
    throw new ImagingError(
      'invalid-parameter',
      `Minimum lesion volume ${minVolumeMl} ml is not a number ≥ 0.`,
      {
        field: 'minVolumeMl',
      },
    );
  }
  if (options.exclusionMask !== undefined) checkSameGrid(suv, options.exclusionMask, 'exclusion mask');
  return { connectivity, minVolumeMl };
}

function missingPercistReference(): ImagingError {
  return new ImagingError(
    'missing-reference',
    'PERCIST segmentation needs a liver reference position (--ref liver=x,y,z in mm).',
    { field: 'ref liver' },
  );
}

/**
 * Drops components below `minVolumeMl`, measures the others, and relabels them 1..n by descending
 * SUVmax (ties: the lesion whose first voxel comes first in memory).
 */
function measureComponents(
  suv: Volume,
  components: Components,
  minVolumeMl: number,
  backgrounds: readonly LesionBackground[] | undefined,
  relabelInPlace = false,
): { labels: LabelMap; lesions: Lesion[] } {
  const regions = components.regions;
  const peakOffsets = sphereOffsets(suv, PEAK_SPHERE_RADIUS_MM);
  const minVoxels = minVolumeMl / voxelVolumeMl(suv);
  const measured: { lesion: Lesion; oldLabel: number; first: number }[] = [];
  for (let label = 1; label <= regions.count; label++) {
    const voxels = voxelsOf(regions, label);
    if (voxels.length === 0 || voxels.length < minVoxels * (1 - 1e-9)) continue;
    const lesion = measureLesion(suv, voxels, label, peakOffsets);
    const background = backgrounds?.[label - 1];
    measured.push({
      lesion: background === undefined ? lesion : { ...lesion, background },
      oldLabel: label,
      first: voxels[0] ?? 0,
    });
  }
  measured.sort((a, b) => b.lesion.suvMax - a.lesion.suvMax || a.first - b.first);

  // Written through the region lists: the label map's untouched pages are never read. In place (when the
  // caller's regions list every labelled voxel), dropped regions are cleared and no second map is made:
  // with huge pages each map's sparse writes fault in whole 2 MB pages (~10–20 ms per 80 MB map).
  const labels = relabelInPlace ? components.labels : new Int32Array(components.labels.length);
  if (relabelInPlace)
    for (let label = 1; label <= regions.count; label++)
      for (const index of voxelsOf(regions, label)) labels[index] = 0;
  const lesions: Lesion[] = measured.map((m, n) => {
    for (const index of voxelsOf(regions, m.oldLabel)) labels[index] = n + 1;
    return { ...m.lesion, label: n + 1 };
  });
  return { labels, lesions };
}

function segment(
  suv: Volume,
  segmentation: Segmentation,
  connectivity: Connectivity,
  options: FindLesionsOptions,
): {
  components: Components;
  thresholdSuv: number | undefined;
  percist: PercistThreshold | undefined;
  /** `bgpercent` only: lesion n's background at index n − 1. */
  backgrounds?: readonly LesionBackground[];
  /** True when the label map is this call's own and its regions list every labelled voxel. */
  ownRegions?: boolean;
} {
  const exclusionMask = options.exclusionMask;
  switch (segmentation.kind) {
    case 'suv':
      return {
        components: componentsAtOrAbove(suv, segmentation.thresholdSuv, exclusionMask, connectivity),
        thresholdSuv: segmentation.thresholdSuv,
        percist: undefined,
        ownRegions: true,
      };
    case 'percist': {
      if (options.percistReference === undefined) throw missingPercistReference();
      const percist = percistThreshold(suv, options.percistReference);
      return {
        components: componentsAtOrAbove(suv, percist.thresholdSuv, exclusionMask, connectivity),
        thresholdSuv: percist.thresholdSuv,
        percist,
        ownRegions: true,
      };
    }
    case 'percent':
      return {
        components: growPercentRegions(suv, {
          percent: segmentation.percent,
          seedSuv: segmentation.seedSuv,
          minDipFraction: segmentation.minDipFraction,
          connectivity,
          ...(exclusionMask === undefined ? {} : { exclusionMask }),
        }),
        thresholdSuv: undefined,
        percist: undefined,
      };
    case 'bgpercent': {
      const { components, backgrounds } = growBackgroundPercentRegions(suv, {
        percent: segmentation.percent,
        seedSuv: segmentation.seedSuv,
        minDipFraction: segmentation.minDipFraction,
        gapMm: segmentation.gapMm,
        widthMm: segmentation.widthMm,
        connectivity,
        ...(exclusionMask === undefined ? {} : { exclusionMask }),
      });
      return { components, thresholdSuv: undefined, percist: undefined, backgrounds };
    }
  }
}

/**
 * Segments and measures the lesions of an SUV volume: segmentation (see `Segmentation`), removal of
 * lesions below `minVolumeMl`, then per-lesion measures (see `Lesion`) and totals. Lesions are
 * relabelled 1..n by descending SUVmax. The input is not changed.
 * Throws `ImagingError` for bad options (grid mismatch, connectivity, missing PERCIST reference).
 */
export function findLesions(
  suv: Volume,
  segmentation: Segmentation,
  options: FindLesionsOptions = {},
): LesionFindings {
  const { connectivity, minVolumeMl } = checkedOptions(suv, options);
  const { components, thresholdSuv, percist, backgrounds, ownRegions } = segment(
    suv,
    segmentation,
    connectivity,
    options,
  );
  const { labels, lesions } = measureComponents(suv, components, minVolumeMl, backgrounds, ownRegions);
  return {
    segmentation,
    thresholdSuv,
    percist,
    connectivity,
    minVolumeMl,
    labels,
    lesions,
    totals: lesionTotals(lesions),
  };
}

/**
 * Appends to `seeds` (room for end − start more) every n in [start, end) whose value is ≥ `threshold` (NaN
 * never is) and not excluded; returns the new seed count. Four voxels per test, as `convertAndThreshold`:
 * foreground is rare, so most iterations are one joined comparison.
 */
function listAtOrAbove(
  data: Float32Array,
  threshold: number,
  exclusion: Mask | undefined,
  start: number,
  end: number,
  seeds: Int32Array,
  seedCount: number,
): number {
  let count = seedCount;
  let n = start;
  for (; n + 3 < end; n += 4)
    if (
      (data[n] as number) >= threshold ||
      (data[n + 1] as number) >= threshold ||
      (data[n + 2] as number) >= threshold ||
      (data[n + 3] as number) >= threshold
    )
      for (let m = n; m < n + 4; m++)
        if ((data[m] as number) >= threshold && (exclusion === undefined || exclusion[m] === 0))
          seeds[count++] = m;
  for (; n < end; n++)
    if ((data[n] as number) >= threshold && (exclusion === undefined || exclusion[n] === 0))
      seeds[count++] = n;
  return count;
}

/**
 * The foreground voxels of a volume of `length` voxels in ascending order, listed chunk by chunk by `scan`
 * (which appends a chunk's and returns the new count) into a buffer that grows before a chunk could
 * overflow it.
 */
function listForeground(
  length: number,
  scan: (start: number, end: number, seeds: Int32Array, seedCount: number) => number,
): Int32Array {
  let seeds = new Int32Array(1 << 16);
  let seedCount = 0;
  forChunks(length, (start, end) => {
    if (seeds.length - seedCount < end - start) {
      const bigger = new Int32Array(Math.max(seeds.length * 2, seedCount + end - start));
      bigger.set(seeds.subarray(0, seedCount));
      seeds = bigger;
    }
    seedCount = scan(start, end, seeds, seedCount);
  });
  return seeds.subarray(0, seedCount);
}

/**
 * The connected components of the voxels ≥ `threshold` and not excluded: the same labels and regions as
 * `labelComponents(suv, thresholdMask(suv, threshold, exclusion))`, in one pass over the volume that lists
 * the foreground and a labelling that tests the SUV values themselves — no mask is made or scanned.
 */
function componentsAtOrAbove(
  suv: Volume,
  threshold: number,
  exclusion: Mask | undefined,
  connectivity: Connectivity,
): Components {
  const data = suv.data;
  const seeds = listForeground(data.length, (start, end, list, count) =>
    listAtOrAbove(data, threshold, exclusion, start, end, list, count),
  );
  return labelFromSeeds(
    suv,
    seeds,
    (index) => (data[index] as number) >= threshold && (exclusion === undefined || exclusion[index] === 0),
    connectivity,
  );
}

/**
 * `data[n] = source[n] × factor` (float32) for n in [start, end), appending to `seeds` (room for end − start
 * more) every n whose value is ≥ `threshold` and not excluded; returns the new seed count. A function of its
 * own with everything in locals, so the loop compiles tight (as a closure over the caller's changing
 * variables it ran at about half the speed).
 */
function convertAndThreshold(
  source: Float32Array,
  data: Float32Array,
  factor: number,
  threshold: number,
  exclusion: Mask | undefined,
  start: number,
  end: number,
  seeds: Int32Array,
  seedCount: number,
): number {
  let count = seedCount;
  let n = start;
  // Four voxels per iteration, their threshold tests joined (foreground is rare): 20 M voxels took
  // 45–46 ms of CPU warm against 60–61 ms one voxel at a time (bench/RESULTS.md).
  for (; n + 3 < end; n += 4) {
    // Rounded to float32 as stored: the comparison thresholdMask makes on scaleVolume's output.
    const v0 = Math.fround((source[n] as number) * factor);
    const v1 = Math.fround((source[n + 1] as number) * factor);
    const v2 = Math.fround((source[n + 2] as number) * factor);
    const v3 = Math.fround((source[n + 3] as number) * factor);
    data[n] = v0;
    data[n + 1] = v1;
    data[n + 2] = v2;
    data[n + 3] = v3;
    if (v0 >= threshold || v1 >= threshold || v2 >= threshold || v3 >= threshold)
      for (let m = n; m < n + 4; m++)
        if ((data[m] as number) >= threshold && (exclusion === undefined || exclusion[m] === 0))
          seeds[count++] = m;
  }
  for (; n < end; n++) {
    const value = Math.fround((source[n] as number) * factor);
    data[n] = value;
    if (value >= threshold && (exclusion === undefined || exclusion[n] === 0)) seeds[count++] = n;
  }
  return count;
}

/** What `findLesionsInActivity` gives: the lesions, and the SUV volume it wrote on the way. */
export interface ActivityLesionFindings extends LesionFindings {
  /** `activity` × `suvPerUnit`, the same float32 values `scaleVolume` gives. */
  readonly suv: Volume;
}

/**
 * `findLesions(scaleVolume(activity, suvPerUnit), segmentation, options)` plus that SUV volume, with the
 * same results to the bit, in fewer passes over memory for the fixed-threshold methods (`suv`,
 * `percist`): the SUV volume is written, thresholded and the foreground listed in one pass (the PERCIST
 * reference sphere's slab is converted first, so its threshold is known before the pass), and the
 * components grow from that list by testing SUV values directly, as `findLesions` does. On a 20 M-voxel
 * whole body this is one read and one fresh write of the volume, where the two steps make three passes
 * (scaleVolume's read and write, findLesions' listing read; bench/RESULTS.md). `percent` and `bgpercent` (per-lesion levels) scale first and call `findLesions`.
 */
export function findLesionsInActivity(
  activity: Volume,
  suvPerUnit: number,
  segmentation: Segmentation,
  options: FindLesionsOptions = {},
): ActivityLesionFindings {
  if (segmentation.kind !== 'suv' && segmentation.kind !== 'percist') {
    const suv = scaleVolume(activity, suvPerUnit);
    return { ...findLesions(suv, segmentation, options), suv };
  }
  const { connectivity, minVolumeMl } = checkedOptions(activity, options);
  const source = activity.data;
  const data = new Float32Array(source.length);
  const suv: Volume = { ...activity, data };
  const convert = (start: number, end: number): void => {
    for (let n = start; n < end; n++) data[n] = (source[n] as number) * suvPerUnit;
  };
  let percist: PercistThreshold | undefined;
  let threshold: number;
  if (segmentation.kind === 'percist') {
    const reference = options.percistReference;
    if (reference === undefined) throw missingPercistReference();
    const sphere = percistSphere(activity, reference);
    convert(sphere[0] as number, (sphere[sphere.length - 1] as number) + 1);
    percist = percistThreshold(suv, reference);
    threshold = percist.thresholdSuv;
  } else {
    threshold = segmentation.thresholdSuv;
  }
  const exclusion = options.exclusionMask;
  const seeds = listForeground(source.length, (start, end, list, count) =>
    convertAndThreshold(source, data, suvPerUnit, threshold, exclusion, start, end, list, count),
  );
  const components = labelFromSeeds(
    activity,
    seeds,
    (index) => (data[index] as number) >= threshold && (exclusion === undefined || exclusion[index] === 0),
    connectivity,
  );
  // labelFromSeeds' regions list every voxel it labelled, and the map is this call's own.
  const { labels, lesions } = measureComponents(suv, components, minVolumeMl, undefined, true);
  return {
    segmentation,
    thresholdSuv: threshold,
    percist,
    connectivity,
    minVolumeMl,
    labels,
    lesions,
    totals: lesionTotals(lesions),
    suv,
  };
}
