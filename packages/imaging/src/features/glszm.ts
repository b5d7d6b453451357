import type { Grid } from '@cxcr4pet/volume';
import { ImagingError } from '../errors.ts';
import type { DiscretisedValues } from './discretisation.ts';
import { boxStep, levelBox } from './level-box.ts';
import { sizeMatrixOf, sizeZoneFeatures } from './size-matrix-features.ts';

/**
 * IBSI 1 grey level size zone matrix features (reference manual "Grey level size zone based features",
 * family 9SAK), 3D: a zone is a 26-connected set of ROI voxels of one level.
 */
export interface GlszmFeatures {
  /** 5QRC small zone emphasis (the reference table prints no code for it). */
  readonly smallZoneEmphasis: number;
  /** 48P8 large zone emphasis. */
  readonly largeZoneEmphasis: number;
  /** XMSY low grey level zone emphasis. */
  readonly lowGreyLevelZoneEmphasis: number;
  /** 5GN9 high grey level zone emphasis. */
  readonly highGreyLevelZoneEmphasis: number;
  /** 5RAI small zone low grey level emphasis. */
  readonly smallZoneLowGreyLevelEmphasis: number;
  /** HW1V small zone high grey level emphasis. */
  readonly smallZoneHighGreyLevelEmphasis: number;
  /** YH51 large zone low grey level emphasis. */
  readonly largeZoneLowGreyLevelEmphasis: number;
  /** J17V large zone high grey level emphasis. */
  readonly largeZoneHighGreyLevelEmphasis: number;
  /** JNSA grey level non-uniformity. */
  readonly greyLevelNonUniformity: number;
  /** Y1RO normalised grey level non-uniformity. */
  readonly normalisedGreyLevelNonUniformity: number;
  /** 4JP3 zone size non-uniformity. */
  readonly zoneSizeNonUniformity: number;
  /** VB3A normalised zone size non-uniformity. */
  readonly normalisedZoneSizeNonUniformity: number;
  /** P30P zone percentage: zones / voxels. */
  readonly zonePercentage: number;
  /** BYLV grey level variance. */
  readonly greyLevelVariance: number;
  /** 3NSA zone size variance. */
  readonly zoneSizeVariance: number;
  /** GU8N zone size entropy (bits). */
  readonly zoneSizeEntropy: number;
}

const NEIGHBOURS_26: readonly (readonly [number, number, number])[] = (() => {
  const offsets: [number, number, number][] = [];
  for (let k = -1; k <= 1; k++)
    for (let j = -1; j <= 1; j++)
      for (let i = -1; i <= 1; i++) if (i !== 0 || j !== 0 || k !== 0) offsets.push([i, j, k]);
  return offsets;
})();

/**
 * IBSI 3-D GLSZM features of a region (voxel indices on `grid`, levels in the same order).
 * Throws `ImagingError('empty-region')` for an empty region.
 * @see IBSI reference manual, "Grey level size zone based features".
 */
export function glszmFeatures(grid: Grid, voxels: Int32Array, discretised: DiscretisedValues): GlszmFeatures {
  if (voxels.length === 0) {
    throw new ImagingError('empty-region', 'The region for GLSZM features has no voxels.', {
      field: 'voxels',
    });
  }
  const g = discretised.levelCount;
  const box = levelBox(grid, voxels, discretised);
  const steps = NEIGHBOURS_26.map((d) => boxStep(box, d));
  const visited = new Uint8Array(box.levels.length);
  const queue = new Int32Array(voxels.length);
  const zones: number[] = []; // level, size pairs
  for (const seed of box.boxIndex) {
    if (visited[seed] === 1) continue;
    const level = box.levels[seed] as number;
    visited[seed] = 1;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    while (head < tail) {
      const at = queue[head++] as number;
      for (const step of steps) {
        const next = at + step;
        if (visited[next] === 1 || box.levels[next] !== level) continue;
        visited[next] = 1;
        queue[tail++] = next;
      }
    }
    zones.push(level, tail);
  }
  const f = sizeZoneFeatures(sizeMatrixOf(zones, g), voxels.length);
  return {
    smallZoneEmphasis: f.smallEmphasis,
    largeZoneEmphasis: f.largeEmphasis,
    lowGreyLevelZoneEmphasis: f.lowGreyLevelEmphasis,
    highGreyLevelZoneEmphasis: f.highGreyLevelEmphasis,
    smallZoneLowGreyLevelEmphasis: f.smallLowGreyLevelEmphasis,
    smallZoneHighGreyLevelEmphasis: f.smallHighGreyLevelEmphasis,
    largeZoneLowGreyLevelEmphasis: f.largeLowGreyLevelEmphasis,
    largeZoneHighGreyLevelEmphasis: f.largeHighGreyLevelEmphasis,
    greyLevelNonUniformity: f.greyLevelNonUniformity,
    normalisedGreyLevelNonUniformity: f.normalisedGreyLevelNonUniformity,
    zoneSizeNonUniformity: f.sizeNonUniformity,
    normalisedZoneSizeNonUniformity: f.normalisedSizeNonUniformity,
    zonePercentage: f.percentage,
    greyLevelVariance: f.greyLevelVariance,
    zoneSizeVariance: f.sizeVariance,
    zoneSizeEntropy: f.entropy,
  };
}
