import { describe, expect, it } from 'vitest';
import { convexHullMeasures } from './convex-hull.ts';

const meshOf = (points: readonly number[]) => ({
  verticesMm: Float64Array.from(points),
  triangles: new Uint32Array(),
});

describe('convexHullMeasures', () => {
  // Hand calculation: the 8 corners of a 2 × 3 × 4 mm box (plus its centre and a face centre, which
  // must not count): volume 24 mm³, area 2 (6 + 12 + 8) = 52 mm²; tolerance 1e-5 relative covers the
  // 1e-7 jitter.
  it('gives the volume and area of a box from its corners, ignoring interior and face points', () => {
    const points: number[] = [];
    for (const z of [0, 4]) for (const y of [0, 3]) for (const x of [0, 2]) points.push(x, y, z);
    points.push(1, 1.5, 2, 1, 1.5, 0);
    const hull = convexHullMeasures(meshOf(points));
    expect(Math.abs(hull.volumeMm3 - 24) / 24).toBeLessThan(1e-5);
    expect(Math.abs(hull.areaMm2 - 52) / 52).toBeLessThan(1e-5);
  });

  it('gives zero for fewer than four points', () => {
    expect(convexHullMeasures(meshOf([0, 0, 0, 1, 0, 0])).volumeMm3).toBe(0);
  });
});
