import type { LabelMap, Mask, Volume } from '@cxcr4pet/volume';
import { voxelVolumeMl } from '@cxcr4pet/volume';
import { growBackgroundPercentRegions, type LesionBackground } from './background-percent.ts';
import { type Components, labelComponents, voxelsOf } from './connected-components.ts';
import { ImagingError } from './errors.ts';
import { type Lesion, type LesionTotals, lesionTotals, measureLesion } from './lesion-measures.ts';
import { type Connectivity, checkConnectivity, DEFAULT_CONNECTIVITY } from './neighbourhood.ts';
import { growPercentRegions } from './percent-growth.ts';
import { type PercistReference, type PercistThreshold, percistThreshold } from './percist.ts';
import type { Segmentation } from './segmentation.ts';
import { PEAK_SPHERE_RADIUS_MM, sphereOffsets } from './sphere.ts';
import { thresholdMask } from './threshold.ts';
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
} {
  const exclusionMask = options.exclusionMask;
  switch (segmentation.kind) {
    case 'suv': {
      const mask = thresholdMask(suv, segmentation.thresholdSuv, exclusionMask);
      return {
        components: labelComponents(suv, mask, connectivity),
        thresholdSuv: segmentation.thresholdSuv,
        percist: undefined,
      };
    }
    case 'percist': {
      if (options.percistReference === undefined) {
        throw new ImagingError(
          'missing-reference',
          'PERCIST segmentation needs a liver reference position (--ref liver=x,y,z in mm).',
          { field: 'ref liver' },
        );
      }
      const percist = percistThreshold(suv, options.percistReference);
      const mask = thresholdMask(suv, percist.thresholdSuv, exclusionMask);
      return {
        components: labelComponents(suv, mask, connectivity),
        thresholdSuv: percist.thresholdSuv,
        percist,
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

  const { components, thresholdSuv, percist, backgrounds } = segment(
    suv,
    segmentation,
    connectivity,
    options,
  );
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

  // Written through the region lists: the label map's untouched pages are never read.
  const labels = new Int32Array(components.labels.length);
  const lesions = measured.map((m, n) => {
    for (const index of voxelsOf(regions, m.oldLabel)) labels[index] = n + 1;
    return { ...m.lesion, label: n + 1 };
  });
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
