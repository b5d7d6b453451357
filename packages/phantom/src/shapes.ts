import type { Vec3 } from '@cxcr4pet/volume';

/**
 * Analytic solids in patient LPS millimetres (x → patient left, y → posterior, z → head).
 * Closed set: a `kind` per solid. Cylinders are elliptic and run along z.
 */
export type Shape =
  | { readonly kind: 'sphere'; readonly centreMm: Vec3; readonly radiusMm: number }
  | { readonly kind: 'ellipsoid'; readonly centreMm: Vec3; readonly radiiMm: Vec3 }
  | {
      readonly kind: 'cylinder-z';
      readonly centreMm: Vec3;
      /** Semi-axes along x and y (mm). */
      readonly radiiMm: readonly [number, number];
      /** Half of the length along z (mm): the cylinder spans centre z ± halfLengthMm. */
      readonly halfLengthMm: number;
    };

/**
 * Whether a point lies inside the solid. Points on the surface count as inside; with voxel
 * centres as points this is the partial-volume-free voxelisation ("voxel centre inside").
 */
export function containsLps(shape: Shape, p: Vec3): boolean {
  const dx = p[0] - shape.centreMm[0];
  const dy = p[1] - shape.centreMm[1];
  const dz = p[2] - shape.centreMm[2];
  switch (shape.kind) {
    case 'sphere':
      return dx * dx + dy * dy + dz * dz <= shape.radiusMm * shape.radiusMm;
    case 'ellipsoid': {
      const [a, b, c] = shape.radiiMm;
      return (dx / a) ** 2 + (dy / b) ** 2 + (dz / c) ** 2 <= 1;
    }
    case 'cylinder-z': {
      const [a, b] = shape.radiiMm;
      return Math.abs(dz) <= shape.halfLengthMm && (dx / a) ** 2 + (dy / b) ** 2 <= 1;
    }
  }
}

/** Analytic volume of the solid in millilitres (1 ml = 1000 mm³). */
export function shapeVolumeMl(shape: Shape): number {
  switch (shape.kind) {
    case 'sphere':
      return ((4 / 3) * Math.PI * shape.radiusMm ** 3) / 1000;
    case 'ellipsoid':
      return ((4 / 3) * Math.PI * shape.radiiMm[0] * shape.radiiMm[1] * shape.radiiMm[2]) / 1000;
    case 'cylinder-z':
      return (Math.PI * shape.radiiMm[0] * shape.radiiMm[1] * 2 * shape.halfLengthMm) / 1000;
  }
}

/** Axis-aligned bounding box of the solid, [min, max] in LPS mm. */
export function boundsLps(shape: Shape): readonly [Vec3, Vec3] {
  const c = shape.centreMm;
  const half: Vec3 =
    shape.kind === 'sphere'
      ? [shape.radiusMm, shape.radiusMm, shape.radiusMm]
      : shape.kind === 'ellipsoid'
        ? shape.radiiMm
        : [shape.radiiMm[0], shape.radiiMm[1], shape.halfLengthMm];
  return [
    [c[0] - half[0], c[1] - half[1], c[2] - half[2]],
    [c[0] + half[0], c[1] + half[1], c[2] + half[2]],
  ];
}
