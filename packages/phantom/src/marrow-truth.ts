import type { RigidTransform } from '@cxcr4pet/imaging';
import type { Grid, Volume } from '@cxcr4pet/volume';
import type { OrganSpec } from './anatomy.ts';
import { shapeVolumeMl } from './shapes.ts';
import { voxelIndicesInside } from './voxelise.ts';

/**
 * The marrow of the digital patient, from the analytic shapes (not from its CT): what a marrow VOI
 * cut from the CT must find. The phantom's bones (tissue 'marrow') carry no separate cortex, so the
 * truth of "bone with its outer voxel layer removed" is stated on the grid.
 */
export interface MarrowTruth {
  /** The organs of tissue 'marrow'. */
  readonly organs: readonly string[];
  /** Analytic volume of those solids (ml). */
  readonly shapeVolumeMl: number;
  /** Voxels whose centre lies inside a marrow solid (lesions inside it included). */
  readonly voxelCount: number;
  /**
   * Voxels whose centre and the centres of its 6 face neighbours lie inside a marrow solid: the bone
   * after removing one voxel layer of "cortex".
   */
  readonly interiorVoxelCount: number;
  readonly interiorVolumeMl: number;
  /** Mean true SUV over the interior voxels (the lesions they hold included). */
  readonly interiorMeanSuv: number;
  /** Lesions that sit in a marrow organ (focal marrow lesions). */
  readonly focalLesions: readonly string[];
}

/** The marrow truth of a phantom (see `MarrowTruth`); `suvTruth` on `grid`, shapes placed by `pose`. */
export function marrowTruth(
  grid: Grid,
  suvTruth: Volume,
  organs: readonly OrganSpec[],
  lesions: readonly { readonly name: string; readonly within: string }[],
  pose?: RigidTransform,
): MarrowTruth {
  const marrow = organs.filter((o) => o.tissue === 'marrow');
  const inside = new Set<number>();
  for (const organ of marrow)
    for (const index of voxelIndicesInside(grid, organ.shape, pose)) inside.add(index);
  const [nx, ny, nz] = grid.dims;
  let interior = 0;
  let sum = 0;
  for (const index of inside) {
    const i = index % nx;
    const j = ((index - i) / nx) % ny;
    const k = (index - i - nx * j) / (nx * ny);
    if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) continue;
    const faces = [1, -1, nx, -nx, nx * ny, -nx * ny];
    if (!faces.every((f) => inside.has(index + f))) continue;
    interior++;
    sum += suvTruth.data[index] as number;
  }
  const voxelMl = (grid.spacingMm[0] * grid.spacingMm[1] * grid.spacingMm[2]) / 1000;
  const names = new Set(marrow.map((o) => o.name));
  return {
    organs: marrow.map((o) => o.name),
    shapeVolumeMl: marrow.reduce((v, o) => v + shapeVolumeMl(o.shape), 0),
    voxelCount: inside.size,
    interiorVoxelCount: interior,
    interiorVolumeMl: interior * voxelMl,
    interiorMeanSuv: interior > 0 ? sum / interior : Number.NaN,
    focalLesions: lesions.filter((l) => names.has(l.within)).map((l) => l.name),
  };
}
