import { describe, expect, it } from 'vitest';
import { blankVolume } from '../test-volumes.ts';
import { solveLinearSystem } from './linear-solve.ts';
import { halveVolume } from './pyramid.ts';
import { registerRigid } from './rigid-registration.ts';
import { type RigidTransform, recentreTransform, transformPointLps } from './rigid-transform.ts';
import { syntheticCt } from './synthetic-ct.ts';

// 96 × 64 × 230 voxels of 4 mm (1.4 M voxels): the synthetic body from thighs to vertex.
const DIMS = [96, 64, 230] as const;
const SPACING = [4, 4, 4] as const;

function expectRecovered(found: RigidTransform, truth: RigidTransform): void {
  // Written about the same centre, translations compare component by component.
  const expected = recentreTransform(truth, found.centreMm);
  const report = `found t=[${found.translationMm.map((v) => v.toFixed(3))}] r=[${found.rotationDeg.map((v) => v.toFixed(3))}], true t=[${expected.translationMm.map((v) => v.toFixed(3))}] r=[${expected.rotationDeg}]`;
  for (let axis = 0; axis < 3; axis++) {
    // The tolerance: 1 mm and 0.5° (a quarter of a 4 mm voxel; a lesion 300 mm from the centre
    // moves 2.6 mm per 0.5°, still well inside the matching distance).
    expect(
      Math.abs((found.translationMm[axis] as number) - (expected.translationMm[axis] as number)),
      report,
    ).toBeLessThan(1);
    expect(
      Math.abs((found.rotationDeg[axis] as number) - (expected.rotationDeg[axis] as number)),
      report,
    ).toBeLessThan(0.5);
  }
}

describe('rigid CT-CT registration', () => {
  const fixed = syntheticCt(DIMS, SPACING);

  it('recovers a known shift and small rotation within 1 mm and 0.5°', () => {
    const truth: RigidTransform = {
      translationMm: [14, -9, 11],
      rotationDeg: [2, -1.5, 3],
      centreMm: [0, 0, 480],
    };
    const moving = syntheticCt(DIMS, SPACING, truth);
    const result = registerRigid(fixed, moving);
    expectRecovered(result.transform, truth);
    // Lesion-like points anywhere in the trunk land within 1.5 mm of where the truth puts them.
    for (const p of [
      [0, -60, 620],
      [-112, 40, 152],
      [148, -8, 700],
      [72, -60, 40],
    ] as const) {
      const a = transformPointLps(result.transform, p);
      const b = transformPointLps(truth, p);
      expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])).toBeLessThan(1.5);
    }
    // The two CTs were voxelised on one grid with the body turned, so their edges staircase differently:
    // what remains is that difference, a fraction of the starting one, and surfaces under half a voxel apart.
    expect(result.similarity.finalMsdHu2).toBeLessThan(result.similarity.initialMsdHu2 / 5);
    expect(result.residualMm).toBeLessThan(2);
    expect(result.levels.map((l) => l.spacingMm[0])).toEqual([16, 8, 4]);
  });

  it('recovers a pure shift along the body axis (only the organs and the spine show it)', () => {
    const truth: RigidTransform = {
      translationMm: [0, 0, -18],
      rotationDeg: [0, 0, 0],
      centreMm: [0, 0, 480],
    };
    const result = registerRigid(fixed, syntheticCt(DIMS, SPACING, truth));
    expectRecovered(result.transform, truth);
  });

  it('reports a larger residual for a misfit: the centre-of-mass start alone (no iterations) vs the fit', () => {
    const truth: RigidTransform = {
      translationMm: [6, -4, 5],
      rotationDeg: [3, 0, -3],
      centreMm: [0, 0, 480],
    };
    const moving = syntheticCt(DIMS, SPACING, truth);
    const start = registerRigid(fixed, moving, { maxIterations: 0 });
    const fit = registerRigid(fixed, moving);
    // 3° about x and z moves the body's ends by ~20 mm from the centre of mass: far from a fit.
    expect(start.residualMm).toBeGreaterThan(3 * fit.residualMm);
    expect(start.similarity.finalMsdHu2).toBeGreaterThan(5 * fit.similarity.finalMsdHu2);
  });

  it('finds no motion between a CT and itself', () => {
    const result = registerRigid(fixed, fixed);
    expectRecovered(result.transform, {
      translationMm: [0, 0, 0],
      rotationDeg: [0, 0, 0],
      centreMm: [0, 0, 0],
    });
    expect(result.residualMm).toBe(0);
  });

  it('refuses a CT without a body', () => {
    expect(() => registerRigid(blankVolume([8, 8, 8], [4, 4, 4], -1000), fixed)).toThrow(
      /fixed CT has no voxel above −400 HU/,
    );
  });
});

describe('image pyramid', () => {
  it('averages 2 × 2 × 2 blocks and puts the new voxel at the block centre', () => {
    const v = blankVolume([4, 2, 2], [1, 2, 3]);
    v.data.set([0, 8, 1, 1, 0, 8, 1, 1, 0, 8, 1, 1, 0, 8, 1, 1]);
    const half = halveVolume(v);
    expect(half.dims).toEqual([2, 1, 1]);
    expect(Array.from(half.data)).toEqual([4, 1]);
    expect(half.spacingMm).toEqual([2, 4, 6]);
    expect(half.originMm).toEqual([0.5, 1, 1.5]);
  });
});

describe('solveLinearSystem', () => {
  it('solves a system that needs pivoting (worked by hand) and refuses a singular one', () => {
    // 0·x + 2y = 4, 3x + y = 5 → y = 2, x = 1.
    expect(
      solveLinearSystem(
        [
          [0, 2],
          [3, 1],
        ],
        [4, 5],
      ),
    ).toEqual([1, 2]);
    expect(
      solveLinearSystem(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toBeUndefined();
  });
});
