import type { Grid } from '@cxcr4pet/volume';
import { ImagingError } from '../errors.ts';
import type { DiscretisedValues } from './discretisation.ts';
import { DIRECTIONS_3D } from './glcm.ts';
import { boxStep, levelBox } from './level-box.ts';
import { type SizeMatrix, sizeMatrixOf, sizeZoneFeatures } from './size-matrix-features.ts';

/**
 * IBSI 1 grey level run length matrix features (reference manual "Grey level run length based
 * features", family TP0I), 3D over the 13 directions of `DIRECTIONS_3D`.
 */
export interface GlrlmFeatures {
  /** 22OV short runs emphasis. */
  readonly shortRunsEmphasis: number;
  /** W4KF long runs emphasis. */
  readonly longRunsEmphasis: number;
  /** V3SW low grey level run emphasis. */
  readonly lowGreyLevelRunEmphasis: number;
  /** G3QZ high grey level run emphasis. */
  readonly highGreyLevelRunEmphasis: number;
  /** HTZT short run low grey level emphasis. */
  readonly shortRunLowGreyLevelEmphasis: number;
  /** GD3A short run high grey level emphasis. */
  readonly shortRunHighGreyLevelEmphasis: number;
  /** IVPO long run low grey level emphasis. */
  readonly longRunLowGreyLevelEmphasis: number;
  /** 3KUM long run high grey level emphasis. */
  readonly longRunHighGreyLevelEmphasis: number;
  /** R5YN grey level non-uniformity. */
  readonly greyLevelNonUniformity: number;
  /** OVBL normalised grey level non-uniformity. */
  readonly normalisedGreyLevelNonUniformity: number;
  /** W92Y run length non-uniformity. */
  readonly runLengthNonUniformity: number;
  /** IC23 normalised run length non-uniformity. */
  readonly normalisedRunLengthNonUniformity: number;
  /** 9ZK5 run percentage: runs / voxels (merged: voxels counted once per direction). */
  readonly runPercentage: number;
  /** 8CE5 grey level variance. */
  readonly greyLevelVariance: number;
  /** SXLW run length variance. */
  readonly runLengthVariance: number;
  /** HJ9O run entropy (bits). */
  readonly runEntropy: number;
}

/**
 * Run length matrix of one direction: counts per (level, run length), runs of equal level along the
 * direction within the ROI (a run ends at the ROI border or at a change of level).
 */
function runLengthMatrix(box: ReturnType<typeof levelBox>, step: number, g: number): SizeMatrix {
  const found: number[] = [];
  for (const start of box.boxIndex) {
    const level = box.levels[start] as number;
    if (box.levels[start - step] === level) continue; // not the first voxel of its run
    let length = 1;
    while (box.levels[start + length * step] === level) length++;
    found.push(level, length);
  }
  return sizeMatrixOf(found, g);
}

/** Sums size matrices of different widths into one. */
function mergeSizeMatrices(matrices: readonly SizeMatrix[], g: number): SizeMatrix {
  const sizes = Math.max(...matrices.map((m) => m.sizes));
  const counts = new Float64Array(g * sizes);
  for (const m of matrices) {
    for (let i = 0; i < g; i++) {
      for (let j = 0; j < m.sizes; j++)
        counts[i * sizes + j] = (counts[i * sizes + j] as number) + (m.counts[i * m.sizes + j] as number);
    }
  }
  return { counts, levels: g, sizes };
}

/**
 * IBSI 3-D GLRLM features of a region (voxel indices on `grid`, levels in the same order):
 * `averaged` = features per direction, then the mean; `merged` = features of the summed matrix.
 * Throws `ImagingError('empty-region')` for an empty region.
 * @see IBSI reference manual, "Grey level run length based features".
 */
export function glrlmFeatures(
  grid: Grid,
  voxels: Int32Array,
  discretised: DiscretisedValues,
  aggregation: 'averaged' | 'merged',
): GlrlmFeatures {
  if (voxels.length === 0) {
    throw new ImagingError('empty-region', 'The region for GLRLM features has no voxels.', {
      field: 'voxels',
    });
  }
  const g = discretised.levelCount;
  const box = levelBox(grid, voxels, discretised);
  const matrices = DIRECTIONS_3D.map((d) => runLengthMatrix(box, boxStep(box, d), g));
  const toRun = (m: SizeMatrix, voxelCount: number): GlrlmFeatures => {
    const f = sizeZoneFeatures(m, voxelCount);
    return {
      shortRunsEmphasis: f.smallEmphasis,
      longRunsEmphasis: f.largeEmphasis,
      lowGreyLevelRunEmphasis: f.lowGreyLevelEmphasis,
      highGreyLevelRunEmphasis: f.highGreyLevelEmphasis,
      shortRunLowGreyLevelEmphasis: f.smallLowGreyLevelEmphasis,
      shortRunHighGreyLevelEmphasis: f.smallHighGreyLevelEmphasis,
      longRunLowGreyLevelEmphasis: f.largeLowGreyLevelEmphasis,
      longRunHighGreyLevelEmphasis: f.largeHighGreyLevelEmphasis,
      greyLevelNonUniformity: f.greyLevelNonUniformity,
      normalisedGreyLevelNonUniformity: f.normalisedGreyLevelNonUniformity,
      runLengthNonUniformity: f.sizeNonUniformity,
      normalisedRunLengthNonUniformity: f.normalisedSizeNonUniformity,
      runPercentage: f.percentage,
      greyLevelVariance: f.greyLevelVariance,
      runLengthVariance: f.sizeVariance,
      runEntropy: f.entropy,
    };
  };
  if (aggregation === 'merged') return toRun(mergeSizeMatrices(matrices, g), voxels.length * matrices.length);
  const each = matrices.map((m) => toRun(m, voxels.length));
  const keys = Object.keys(each[0] ?? {}) as (keyof GlrlmFeatures)[];
  const averaged = {} as Record<keyof GlrlmFeatures, number>;
  for (const key of keys) averaged[key] = each.reduce((total, f) => total + f[key], 0) / each.length;
  return averaged;
}
