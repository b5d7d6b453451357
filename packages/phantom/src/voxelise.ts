import type { Grid, LabelMap } from '@cxcr4pet/volume';
import { boundsLps, containsLps, type Shape } from './shapes.ts';

/**
 * Marks every voxel whose centre lies inside the shape (partial-volume-free voxelisation), as a
 * list of linear indices. Assumes an axial grid (identity direction), which `phantomGrid` makes;
 * only the shape's bounding box is visited.
 */
export function voxelIndicesInside(grid: Grid, shape: Shape): Int32Array {
  const [nx, ny, nz] = grid.dims;
  const [sx, sy, sz] = grid.spacingMm;
  const [ox, oy, oz] = grid.originMm;
  const [lo, hi] = boundsLps(shape);
  const range = (min: number, max: number, o: number, s: number, n: number): [number, number] => [
    Math.max(0, Math.ceil((min - o) / s)),
    Math.min(n - 1, Math.floor((max - o) / s)),
  ];
  const [i0, i1] = range(lo[0], hi[0], ox, sx, nx);
  const [j0, j1] = range(lo[1], hi[1], oy, sy, ny);
  const [k0, k1] = range(lo[2], hi[2], oz, sz, nz);
  const found: number[] = [];
  for (let k = k0; k <= k1; k++)
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++)
        if (containsLps(shape, [ox + i * sx, oy + j * sy, oz + k * sz])) found.push(i + nx * (j + ny * k));
  return Int32Array.from(found);
}

/** A label and its solid, painted in order: later ones overwrite earlier ones. */
export interface PaintedObject {
  readonly label: number;
  readonly shape: Shape;
}

/** The label map of the objects painted in order, and each object's voxel count before overwriting. */
export function paintLabels(
  grid: Grid,
  objects: readonly PaintedObject[],
): { readonly labels: LabelMap; readonly shapeVoxelCounts: ReadonlyMap<number, number> } {
  const labels = new Int32Array(grid.dims[0] * grid.dims[1] * grid.dims[2]);
  const shapeVoxelCounts = new Map<number, number>();
  for (const object of objects) {
    const inside = voxelIndicesInside(grid, object.shape);
    for (const index of inside) labels[index] = object.label;
    shapeVoxelCounts.set(object.label, inside.length);
  }
  return { labels, shapeVoxelCounts };
}

/** Number of voxels carrying each label. */
export function countLabels(labels: LabelMap): ReadonlyMap<number, number> {
  const counts = new Map<number, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return counts;
}
