import type { Mesh } from './marching-cubes.ts';

// Incremental 3-D convex hull, hand-written: no maintained TypeScript library gives hull volume and
// area for a few thousand points without pulling in a geometry framework. Mesh vertices lie on a
// half-voxel lattice, so many are coplanar; each point is nudged by a deterministic jitter of 1e-7 of
// the cloud's size to put them in general position — the change in volume and area is of that order
// relative, far below any IBSI tolerance.

/** Volume (mm³) and surface area (mm²) of the convex hull of a mesh's vertices. */
export interface ConvexHullMeasures {
  readonly volumeMm3: number;
  readonly areaMm2: number;
}

type Point = readonly [number, number, number];

function sub(a: Point, b: Point): Point {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

function cross(a: Point, b: Point): Point {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function dot(a: Point, b: Point): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** Deterministic jitter in [−0.5, 0.5) from a linear congruential sequence (no Math.random). */
function jitterSequence(): () => number {
  let state = 12345;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
}

/**
 * Convex hull volume and area of the vertices of `mesh` (IBSI uses them for the convex-hull volume and
 * area densities R3ER and 7T7F). Cost about vertices × hull faces. Zero for fewer than 4 points.
 */
export function convexHullMeasures(mesh: Mesh): ConvexHullMeasures {
  const v = mesh.verticesMm;
  const n = v.length / 3;
  if (n < 4) return { volumeMm3: 0, areaMm2: 0 };
  let size = 0;
  for (let m = 0; m < v.length; m++) size = Math.max(size, Math.abs(v[m] as number));
  const next = jitterSequence();
  const points: Point[] = [];
  for (let m = 0; m < n; m++) {
    points.push([
      (v[3 * m] as number) + 1e-7 * size * next(),
      (v[3 * m + 1] as number) + 1e-7 * size * next(),
      (v[3 * m + 2] as number) + 1e-7 * size * next(),
    ]);
  }
  const faces = initialTetrahedron(points);
  if (faces === undefined) return { volumeMm3: 0, areaMm2: 0 };
  let hull = faces;
  const at = (i: number) => points[i] as Point;
  for (let p = 0; p < n; p++) {
    const point = at(p);
    const visible: (readonly [number, number, number])[] = [];
    const kept: (readonly [number, number, number])[] = [];
    for (const face of hull) {
      const normal = cross(sub(at(face[1]), at(face[0])), sub(at(face[2]), at(face[0])));
      if (dot(normal, sub(point, at(face[0]))) > 0) visible.push(face);
      else kept.push(face);
    }
    if (visible.length === 0) continue;
    const edges = new Set<string>();
    for (const [a, b, c] of visible)
      for (const [x, y] of [
        [a, b],
        [b, c],
        [c, a],
      ] as const)
        edges.add(`${x},${y}`);
    const added: (readonly [number, number, number])[] = [];
    for (const [a, b, c] of visible) {
      for (const [x, y] of [
        [a, b],
        [b, c],
        [c, a],
      ] as const) {
        if (!edges.has(`${y},${x}`)) added.push([x, y, p]);
      }
    }
    hull = kept.concat(added);
  }
  let volume = 0;
  let area = 0;
  for (const [a, b, c] of hull) {
    const pa = at(a);
    const normal = cross(sub(at(b), pa), sub(at(c), pa));
    volume += dot(pa, cross(at(b), at(c))) / 6;
    area += Math.hypot(normal[0], normal[1], normal[2]) / 2;
  }
  return { volumeMm3: volume, areaMm2: area };
}

/** Four non-coplanar points as an outward-oriented tetrahedron, or undefined when all are coplanar. */
function initialTetrahedron(points: readonly Point[]): (readonly [number, number, number])[] | undefined {
  const at = (i: number) => points[i] as Point;
  const a = 0;
  let b = -1;
  let best = 0;
  for (let i = 1; i < points.length; i++) {
    const d = dot(sub(at(i), at(a)), sub(at(i), at(a)));
    if (d > best) [best, b] = [d, i];
  }
  if (b < 0) return undefined;
  let c = -1;
  best = 0;
  for (let i = 1; i < points.length; i++) {
    const k = cross(sub(at(b), at(a)), sub(at(i), at(a)));
    const d = dot(k, k);
    if (d > best) [best, c] = [d, i];
  }
  if (c < 0) return undefined;
  const normal = cross(sub(at(b), at(a)), sub(at(c), at(a)));
  let d = -1;
  best = 0;
  for (let i = 1; i < points.length; i++) {
    const h = Math.abs(dot(normal, sub(at(i), at(a))));
    if (h > best) [best, d] = [h, i];
  }
  if (d < 0) return undefined;
  // Orient so that every face normal points away from the fourth vertex.
  const below = dot(normal, sub(at(d), at(a))) < 0;
  return below
    ? [
        [a, b, c],
        [a, d, b],
        [b, d, c],
        [c, d, a],
      ]
    : [
        [a, c, b],
        [a, b, d],
        [b, c, d],
        [c, a, d],
      ];
}
