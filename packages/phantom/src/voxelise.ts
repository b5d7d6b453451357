import { inversePointTransformLps, type RigidTransform, transformPointLps } from '@cxcr4pet/imaging';
import type { Grid, LabelMap, Vec3 } from '@cxcr4pet/volume';
import { boundsLps, containsLps, type Shape } from './shapes.ts';

/** The shape's bounding box after the pose: the box of its eight transformed corners (conservative). */
function posedBoundsLps(shape: Shape, pose: RigidTransform | undefined): readonly [Vec3, Vec3] {
  const box = boundsLps(shape);
  if (pose === undefined) return box;
  const [min, max] = box;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let corner = 0; corner < 8; corner++) {
    const p = transformPointLps(pose, [
      corner & 1 ? max[0] : min[0],
      corner & 2 ? max[1] : min[1],
      corner & 4 ? max[2] : min[2],
    ]);
    for (let axis = 0; axis < 3; axis++) {
      lo[axis] = Math.min(lo[axis] as number, p[axis] as number);
      hi[axis] = Math.max(hi[axis] as number, p[axis] as number);
    }
  }
  return [lo as unknown as Vec3, hi as unknown as Vec3];
}

/**
 * Marks every voxel whose centre lies inside the shape (partial-volume-free voxelisation), as a
 * list of linear indices. Assumes an axial grid (identity direction), which `phantomGrid` makes;
 * only the shape's bounding box is visited. With a `pose` (the patient re-positioned on the table),
 * the shape is given in the patient's own frame and a voxel centre q is inside when pose⁻¹(q) is.
 */
export function voxelIndicesInside(grid: Grid, shape: Shape, pose?: RigidTransform): Int32Array {
  const [nx, ny, nz] = grid.dims;
  const [sx, sy, sz] = grid.spacingMm;
  const [ox, oy, oz] = grid.originMm;
  const [lo, hi] = posedBoundsLps(shape, pose);
  const range = (min: number, max: number, o: number, s: number, n: number): [number, number] => [
    Math.max(0, Math.ceil((min - o) / s)),
    Math.min(n - 1, Math.floor((max - o) / s)),
  ];
  const [i0, i1] = range(lo[0], hi[0], ox, sx, nx);
  const [j0, j1] = range(lo[1], hi[1], oy, sy, ny);
  const [k0, k1] = range(lo[2], hi[2], oz, sz, nz);
  const toPatient = pose === undefined ? (q: Vec3) => q : inversePointTransformLps(pose);
  const found: number[] = [];
  for (let k = k0; k <= k1; k++)
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++) {
        const q: Vec3 = [ox + i * sx, oy + j * sy, oz + k * sz];
        if (containsLps(shape, toPatient(q))) found.push(i + nx * (j + ny * k));
      }
  return Int32Array.from(found);
}

/** A label and its solid, painted in order: later ones overwrite earlier ones. */
export interface PaintedObject {
  readonly label: number;
  readonly shape: Shape;
}

/**
 * The label map of the objects painted in order, and each object's voxel count before overwriting;
 * `pose` re-positions the whole patient (see `voxelIndicesInside`).
 */
export function paintLabels(
  grid: Grid,
  objects: readonly PaintedObject[],
  pose?: RigidTransform,
): { readonly labels: LabelMap; readonly shapeVoxelCounts: ReadonlyMap<number, number> } {
  const labels = new Int32Array(grid.dims[0] * grid.dims[1] * grid.dims[2]);
  const shapeVoxelCounts = new Map<number, number>();
  for (const object of objects) {
    const inside = voxelIndicesInside(grid, object.shape, pose);
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
