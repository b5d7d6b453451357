import { type Grid, lpsToIjk, type Mask } from '@cxcr4pet/volume';
import { ImagingError } from './errors.ts';

/** A closed planar polygon in patient LPS mm (x y z after each other), e.g. one RTSTRUCT contour. */
export interface PlanarContour {
  readonly pointsLps: ArrayLike<number>;
}

/** The rasterisation rule of `rasteriseContours`, as results and the README state it. */
export const CONTOUR_RASTERISATION_RULE =
  'each slice takes the contour plane nearest its centre (within half a slice spacing); a voxel belongs to ' +
  'the VOI when its centre lies inside an odd number of that plane’s closed polygons (even-odd rule, so ' +
  'nested contours make holes); a centre exactly on a left or lower edge counts as inside';

/** Tolerance (in slices) within which the points of one contour count as one plane. */
const PLANE_TOLERANCE_SLICES = 0.01;

/**
 * Turns closed planar contours (RTSTRUCT CLOSED_PLANAR) into a mask on `grid` by the rule in
 * `CONTOUR_RASTERISATION_RULE`. Contours must lie in planes parallel to the grid's slices. Returns the
 * mask and the number of contour planes that fell outside the grid (not drawn). Throws `ImagingError`
 * ('invalid-parameter', naming `field`) for a contour with fewer than 3 points or not parallel to the slices.
 */
export function rasteriseContours(
  grid: Grid,
  contours: readonly PlanarContour[],
  field = 'contour',
): { readonly mask: Mask; readonly planesOutside: number } {
  const [nx, ny, nz] = grid.dims;
  // Each contour in grid coordinates (i, j pairs) with its plane k.
  const planes: { k: number; polygons: Float64Array[] }[] = [];
  for (const [n, contour] of contours.entries()) {
    const points = contour.pointsLps;
    const count = Math.floor(points.length / 3);
    if (count < 3) {
      throw new ImagingError(
        'invalid-parameter',
        `The ${field} contour ${n + 1} has ${count} points; a polygon needs 3.`,
        {
          field,
        },
      );
    }
    const polygon = new Float64Array(2 * count);
    let kSum = 0;
    let kMin = Number.POSITIVE_INFINITY;
    let kMax = Number.NEGATIVE_INFINITY;
    for (let p = 0; p < count; p++) {
      const ijk = lpsToIjk(grid, [
        points[3 * p] as number,
        points[3 * p + 1] as number,
        points[3 * p + 2] as number,
      ]);
      polygon[2 * p] = ijk[0];
      polygon[2 * p + 1] = ijk[1];
      kSum += ijk[2];
      kMin = Math.min(kMin, ijk[2]);
      kMax = Math.max(kMax, ijk[2]);
    }
    if (kMax - kMin > 2 * PLANE_TOLERANCE_SLICES) {
      throw new ImagingError(
        'invalid-parameter',
        `The ${field} contour ${n + 1} spans ${(kMax - kMin).toFixed(3)} slices: it is not parallel to the image slices.`,
        { field },
      );
    }
    const k = kSum / count;
    const plane = planes.find((q) => Math.abs(q.k - k) <= PLANE_TOLERANCE_SLICES);
    if (plane === undefined) planes.push({ k, polygons: [polygon] });
    else plane.polygons.push(polygon);
  }
  const mask = new Uint8Array(nx * ny * nz);
  let planesOutside = 0;
  // Slice → the nearest plane within half a slice.
  const nearest = new Map<number, { distance: number; polygons: Float64Array[] }>();
  for (const plane of planes) {
    const slice = Math.round(plane.k);
    if (slice < 0 || slice >= nz) {
      planesOutside++;
      continue;
    }
    const distance = Math.abs(plane.k - slice);
    const held = nearest.get(slice);
    if (held === undefined || distance < held.distance)
      nearest.set(slice, { distance, polygons: plane.polygons });
  }
  const crossings: number[] = [];
  for (const [slice, { polygons }] of nearest) {
    for (let j = 0; j < ny; j++) {
      crossings.length = 0;
      for (const polygon of polygons) {
        const count = polygon.length / 2;
        for (let p = 0; p < count; p++) {
          const q = (p + 1) % count;
          const x1 = polygon[2 * p] as number;
          const y1 = polygon[2 * p + 1] as number;
          const x2 = polygon[2 * q] as number;
          const y2 = polygon[2 * q + 1] as number;
          // Half-open in y: a vertex on the scan line is counted once (the even-odd rule's usual convention).
          if (y1 <= j !== y2 <= j) crossings.push(x1 + ((j - y1) * (x2 - x1)) / (y2 - y1));
        }
      }
      crossings.sort((a, b) => a - b);
      // Centre i is inside when an odd number of crossings lie to its right: x[2m] ≤ i < x[2m+1].
      const row = nx * (j + ny * slice);
      for (let m = 0; m + 1 < crossings.length; m += 2) {
        const from = Math.max(0, Math.ceil(crossings[m] as number));
        const to = Math.min(nx - 1, Math.ceil(crossings[m + 1] as number) - 1);
        for (let i = from; i <= to; i++) mask[row + i] = 1;
      }
    }
  }
  return { mask, planesOutside };
}
