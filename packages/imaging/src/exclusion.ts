import type { Grid, Mask, Vec3 } from '@cxcr4pet/volume';
import { ImagingError } from './errors.ts';
import { sphereVoxels } from './sphere.ts';

/**
 * A spherical VOI of physiological uptake (bladder, kidneys, brain for FDG, spleen when not diseased…)
 * whose voxels are removed before segmentation. `name` is free text for the report.
 */
export interface ExclusionSphere {
  readonly name: string;
  readonly centreLps: Vec3;
  readonly radiusMm: number;
}

/** An exclusion sphere and the number of voxels it removes on the grid. */
export interface ExclusionSummary extends ExclusionSphere {
  readonly voxelCount: number;
}

/**
 * The union of exclusion spheres as one mask on `grid` (a voxel is excluded when its centre lies in any
 * sphere; same partial-voxel rule as every sphere of this room), and each sphere's voxel count.
 * Throws `ImagingError` ('invalid-parameter' for a radius ≤ 0, 'outside-volume' when a sphere holds no
 * voxel), naming `exclude <name>`.
 */
export function exclusionMask(
  grid: Grid,
  spheres: readonly ExclusionSphere[],
): { readonly mask: Mask; readonly spheres: readonly ExclusionSummary[] } {
  const mask = new Uint8Array(grid.dims[0] * grid.dims[1] * grid.dims[2]);
  const summaries = spheres.map((sphere) => {
    const field = `exclude ${sphere.name}`;
    if (!(sphere.radiusMm > 0)) {
      throw new ImagingError('invalid-parameter', `The ${field} radius ${sphere.radiusMm} mm is not > 0.`, {
        field,
      });
    }
    const voxels = sphereVoxels(grid, sphere.centreLps, sphere.radiusMm, field);
    for (const index of voxels) mask[index] = 1;
    return { ...sphere, voxelCount: voxels.length };
  });
  return { mask, spheres: summaries };
}
