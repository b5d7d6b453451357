import { lpsToIjk } from '@cxcr4pet/volume';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePhantom, type PhantomStudy } from './phantom.ts';

// The patient shifted by (10, −6, 8) mm and turned 90° about z (so that the expected positions can be
// worked out by hand), and the same patient turned a little about every axis.
let turned: PhantomStudy;
let tilted: PhantomStudy;
const TILT = { translationMm: [6, -4, 12], rotationDeg: [2, -1.5, 3], centreMm: [0, 0, 480] } as const;
beforeAll(() => {
  turned = makePhantom({
    tracer: 'pentixafor',
    fwhmMm: 0,
    noise: false,
    pose: { translationMm: [10, -6, 8], rotationDeg: [0, 0, 90] },
  });
  tilted = makePhantom({ tracer: 'fdg', fwhmMm: 0, noise: false, pose: TILT });
});

/** Independent rotation: Rz(γ)·Ry(β)·Rx(α) applied as three plane rotations, x first. */
function rotate(p: readonly number[], deg: readonly number[]): number[] {
  const [a, b, c] = deg.map((d) => (d * Math.PI) / 180) as [number, number, number];
  let [x, y, z] = p as [number, number, number];
  [y, z] = [y * Math.cos(a) - z * Math.sin(a), y * Math.sin(a) + z * Math.cos(a)];
  [x, z] = [x * Math.cos(b) + z * Math.sin(b), -x * Math.sin(b) + z * Math.cos(b)];
  [x, y] = [x * Math.cos(c) - y * Math.sin(c), x * Math.sin(c) + y * Math.cos(c)];
  return [x, y, z];
}

function centroidOfLabel(study: PhantomStudy, label: number): number[] {
  const { dims, spacingMm, originMm } = study.grid;
  const sum: [number, number, number] = [0, 0, 0];
  let count = 0;
  study.labels.forEach((value, index) => {
    if (value !== label) return;
    const i = index % dims[0];
    const j = Math.floor(index / dims[0]) % dims[1];
    const k = Math.floor(index / (dims[0] * dims[1]));
    sum[0] += originMm[0] + i * spacingMm[0];
    sum[1] += originMm[1] + j * spacingMm[1];
    sum[2] += originMm[2] + k * spacingMm[2];
    count++;
  });
  return sum.map((s) => s / count);
}

describe('a re-positioned phantom', () => {
  it('puts each lesion where the pose takes it (worked by hand for 90° about z)', () => {
    // mediastinal node (0, −60, 620) about (0, 0, 480): turned 90° → (60, 0, 620), shifted → (70, −6, 628).
    const node = turned.truth.lesions.find((l) => l.name === 'mediastinal-node');
    for (let axis = 0; axis < 3; axis++)
      expect(node?.centreMm[axis]).toBeCloseTo([70, -6, 628][axis] as number, 9);
    expect(node?.patientCentreMm).toEqual([0, -60, 620]);
    // The label map agrees: the voxels of the node are centred there (a sphere on a 4 mm lattice
    // whose centre is a lattice point is symmetric, so its centroid is exact to rounding).
    const centroid = centroidOfLabel(turned, node?.label ?? -1);
    for (let axis = 0; axis < 3; axis++) expect(centroid[axis]).toBeCloseTo([70, -6, 628][axis] as number, 9);
  });

  it('records the pose and its convention in truth', () => {
    expect(tilted.truth.pose).toMatchObject(TILT);
    expect(tilted.truth.pose.convention).toContain('Rz(γ)·Ry(β)·Rx(α)');
  });

  it('moves every lesion by the pose: centroid of its voxels within 0.5 mm of R(p − c) + c + t', () => {
    // A sphere of radius ≥ 6 mm voxelised at 4 mm off-lattice: its voxel centroid lies within a
    // fraction of a voxel of the true centre; 0.5 mm is far below any registration tolerance.
    for (const lesion of tilted.truth.lesions) {
      const c = TILT.centreMm;
      const u = rotate(
        lesion.patientCentreMm.map((v, a) => v - (c[a] as number)),
        TILT.rotationDeg,
      );
      const expected = u.map((v, a) => v + (c[a] as number) + (TILT.translationMm[a] as number));
      for (let axis = 0; axis < 3; axis++) {
        expect(lesion.centreMm[axis], `${lesion.name} axis ${axis}`).toBeCloseTo(expected[axis] as number, 9);
        expect(
          Math.abs((centroidOfLabel(tilted, lesion.label)[axis] as number) - (expected[axis] as number)),
        ).toBeLessThan(0.5);
      }
    }
  });

  it('counts in truth the voxels a brute-force voxelisation of each turned solid gives', () => {
    const { dims, spacingMm, originMm } = tilted.grid;
    for (const lesion of tilted.truth.lesions) {
      // Every voxel within radius + 2 voxels of where the lesion should be (independently worked out).
      const box = lesion.centreMm.map((c, a) => {
        const reach = lesion.radiusMm + 2 * (spacingMm[a] as number);
        const lo = Math.max(0, Math.ceil((c - reach - (originMm[a] as number)) / (spacingMm[a] as number)));
        const hi = Math.min(
          (dims[a] as number) - 1,
          Math.floor((c + reach - (originMm[a] as number)) / (spacingMm[a] as number)),
        );
        return [lo, hi] as const;
      }) as [readonly [number, number], readonly [number, number], readonly [number, number]];
      let count = 0;
      for (let k = box[2][0]; k <= box[2][1]; k++)
        for (let j = box[1][0]; j <= box[1][1]; j++)
          for (let i = box[0][0]; i <= box[0][1]; i++) {
            const q = [
              originMm[0] + i * spacingMm[0],
              originMm[1] + j * spacingMm[1],
              originMm[2] + k * spacingMm[2],
            ];
            // Inverse pose: p = Rᵀ(q − c − t) + c, with Rᵀ = the rotation by the negated angles in reverse order.
            let v = q.map((x, a) => x - (TILT.centreMm[a] as number) - (TILT.translationMm[a] as number));
            v = rotate(v, [0, 0, -TILT.rotationDeg[2]]);
            v = rotate(v, [0, -TILT.rotationDeg[1], 0]);
            v = rotate(v, [-TILT.rotationDeg[0], 0, 0]);
            const p = v.map((x, a) => x + (TILT.centreMm[a] as number));
            const d2 = p.reduce((s, x, a) => s + (x - (lesion.patientCentreMm[a] as number)) ** 2, 0);
            if (d2 <= lesion.radiusMm ** 2) count++;
          }
      expect({ name: lesion.name, count: lesion.shapeVoxelCount }).toEqual({ name: lesion.name, count });
    }
  });

  it('keeps the default study unchanged and gives a re-positioned one its own UIDs', () => {
    const plain = makePhantom({ tracer: 'fdg', fwhmMm: 0, noise: false });
    expect(plain.truth.pose.translationMm).toEqual([0, 0, 0]);
    for (const lesion of plain.truth.lesions) expect(lesion.centreMm).toEqual(lesion.patientCentreMm);
    expect(tilted.truth.series.frameOfReferenceUid).not.toBe(plain.truth.series.frameOfReferenceUid);
    expect(tilted.truth.series.studyInstanceUid).not.toBe(plain.truth.series.studyInstanceUid);
  });
});

describe('a per-study lesion set', () => {
  it('paints only the lesions named, with their own SUV when given', () => {
    const study = makePhantom({
      tracer: 'fdg',
      fwhmMm: 0,
      noise: false,
      lesions: [{ name: 'liver-lesion', suv: 4 }, { name: 'mediastinal-node' }],
    });
    expect(study.truth.lesions.map((l) => [l.name, l.suv])).toEqual([
      ['mediastinal-node', 9],
      ['liver-lesion', 4],
    ]);
    const labels = new Set(study.labels);
    expect([...labels].filter((l) => l > 100).sort()).toEqual([101, 106]);
    const liverLesion = study.truth.lesions[1];
    const [i, j, k] = lpsToIjk(study.grid, liverLesion?.centreMm ?? [0, 0, 0]);
    const index = i + study.grid.dims[0] * (j + study.grid.dims[1] * k);
    expect(study.suvTruth.data[index]).toBe(4);
  });

  it('refuses an unknown or repeated lesion name, naming it', () => {
    expect(() => makePhantom({ tracer: 'fdg', lesions: [{ name: 'toe-node' }] })).toThrow(
      /'toe-node' is not one of/,
    );
    expect(() =>
      makePhantom({ tracer: 'fdg', lesions: [{ name: 'liver-lesion' }, { name: 'liver-lesion' }] }),
    ).toThrow(/given twice/);
  });
});
