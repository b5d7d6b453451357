import { ijkToIndex, lpsToIjk } from '@cxcr4pet/volume';
import { beforeAll, describe, expect, it } from 'vitest';
import { LESIONS, NESTED_IN, ORGANS } from './anatomy.ts';
import { makePhantom, type PhantomStudy } from './phantom.ts';
import type { Shape } from './shapes.ts';

// One sharp, noise-free study and one blurred, noise-free study on the default grid, shared.
let sharp: PhantomStudy;
let blurred: PhantomStudy;
beforeAll(() => {
  sharp = makePhantom({ tracer: 'pentixafor', fwhmMm: 0, noise: false });
  blurred = makePhantom({ tracer: 'fdg', fwhmMm: 7, noise: false });
});

/** Independent point-in-solid test (written out again here, not the phantom's `containsLps`). */
function inside(shape: Shape, x: number, y: number, z: number): boolean {
  const [cx, cy, cz] = shape.centreMm;
  if (shape.kind === 'sphere') return (x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= shape.radiusMm ** 2;
  if (shape.kind === 'ellipsoid')
    return (
      ((x - cx) / shape.radiiMm[0]) ** 2 +
        ((y - cy) / shape.radiiMm[1]) ** 2 +
        ((z - cz) / shape.radiiMm[2]) ** 2 <=
      1
    );
  return (
    Math.abs(z - cz) <= shape.halfLengthMm &&
    ((x - cx) / shape.radiiMm[0]) ** 2 + ((y - cy) / shape.radiiMm[1]) ** 2 <= 1
  );
}

/** Brute force over every voxel of the grid: how many centres lie in the solid. */
function bruteForceCount(study: PhantomStudy, shape: Shape): number {
  const { dims, spacingMm, originMm } = study.grid;
  let count = 0;
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++)
        if (
          inside(
            shape,
            originMm[0] + i * spacingMm[0],
            originMm[1] + j * spacingMm[1],
            originMm[2] + k * spacingMm[2],
          )
        )
          count++;
  return count;
}

describe('the digital patient', () => {
  it('has in truth.json the voxel counts a brute-force voxelisation of each solid gives', () => {
    for (const object of [...sharp.truth.organs, ...sharp.truth.lesions]) {
      expect({ name: object.name, count: object.shapeVoxelCount }).toEqual({
        name: object.name,
        count: bruteForceCount(sharp, object.shape),
      });
    }
  });

  it('has in truth.json the voxel count of each label of the label map', () => {
    const counts = new Map<number, number>();
    for (const label of sharp.labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    for (const object of [...sharp.truth.organs, ...sharp.truth.lesions])
      expect([object.name, object.voxelCount]).toEqual([object.name, counts.get(object.label) ?? 0]);
    // Lesions are painted last and never overlap: their label count is their solid's count.
    for (const lesion of sharp.truth.lesions) expect(lesion.voxelCount).toBe(lesion.shapeVoxelCount);
  });

  it('voxelises organs to within 2% of their analytic volume on the 4 mm grid', () => {
    // Organs wholly inside the grid and not painted over: staircase error ~ surface × h / volume.
    for (const name of [
      'brain',
      'right-lung',
      'left-lung',
      'spleen',
      'bladder',
      'blood-pool',
      'right-kidney',
    ]) {
      const organ = sharp.truth.organs.find((o) => o.name === name);
      if (!organ) throw new Error(`no organ ${name}`);
      const shapeVoxelMl = organ.shapeVoxelCount * sharp.truth.grid.voxelVolumeMl;
      expect(Math.abs(shapeVoxelMl / organ.shapeVolumeMl - 1)).toBeLessThan(0.02);
    }
  });

  it('keeps organs apart except where one is meant to sit in another', () => {
    const bodyParts = new Set(['body-trunk', 'body-neck', 'head']);
    const organs = ORGANS.filter((o) => !bodyParts.has(o.name));
    const { dims, spacingMm, originMm } = sharp.grid;
    const overlaps = new Set<string>();
    for (let k = 0; k < dims[2]; k++)
      for (let j = 0; j < dims[1]; j++)
        for (let i = 0; i < dims[0]; i++) {
          const x = originMm[0] + i * spacingMm[0];
          const y = originMm[1] + j * spacingMm[1];
          const z = originMm[2] + k * spacingMm[2];
          const holding = organs.filter((o) => inside(o.shape, x, y, z)).map((o) => o.name);
          for (const p of holding)
            for (const q of holding)
              if (p < q && NESTED_IN[p] !== q && NESTED_IN[q] !== p) overlaps.add(`${p}+${q}`);
        }
    expect([...overlaps]).toEqual([]);
  });

  it('puts each lesion wholly inside its host organ and inside no other organ', () => {
    const problems: string[] = [];
    for (const lesion of LESIONS) {
      const host = ORGANS.find((o) => o.name === lesion.within);
      if (!host) throw new Error(`no host ${lesion.within}`);
      // 2000 points on the sphere (Fibonacci lattice) and the centre.
      for (let n = 0; n <= 2000; n++) {
        const t = n / 2000;
        const z = 1 - 2 * t;
        const r = Math.sqrt(Math.max(0, 1 - z * z));
        const phi = n * Math.PI * (3 - Math.sqrt(5));
        const scale = n === 2000 ? 0 : lesion.radiusMm;
        const [x, y, w] = [
          lesion.centreMm[0] + scale * r * Math.cos(phi),
          lesion.centreMm[1] + scale * r * Math.sin(phi),
          lesion.centreMm[2] + scale * z,
        ];
        if (!inside(host.shape, x, y, w)) problems.push(`${lesion.name} leaves ${host.name}`);
        for (const other of ORGANS)
          if (
            other !== host &&
            !['body-trunk', 'body-neck', 'head'].includes(other.name) &&
            inside(other.shape, x, y, w)
          )
            problems.push(`${lesion.name} enters ${other.name}`);
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });
});

describe('activity and SUV truth', () => {
  it('gives Bq/ml = SUV × injected activity decayed to series start / weight, checked by hand', () => {
    // 68Ga-Pentixafor, 148 MBq, 3600 s uptake, T½ 4062.6 s, 72 kg:
    // decay = exp(−ln2 × 3600 / 4062.6) = 0.541063; activity at scan = 80.0773 MBq;
    // liver SUV 1.9 → 1.9 × 80.0773e6 / 72000 g = 2113.15 Bq/ml.
    const liver = sharp.truth.organs.find((o) => o.name === 'liver');
    expect(liver?.bqMl).toBeCloseTo(2113.15, 1);
    expect(sharp.truth.acquisition.decayToSeriesStart).toBeCloseTo(0.541063, 6);
  });

  it('recovers every lesion exactly when PSF and noise are off', () => {
    for (const lesion of sharp.truth.lesions) {
      const [i, j, k] = lpsToIjk(sharp.grid, lesion.centreMm).map(Math.round) as [number, number, number];
      const value = sharp.petBqMl.data[ijkToIndex(sharp.grid, i, j, k)] as number;
      // Float32 storage: relative error ≤ 2⁻²⁴ ≈ 6e-8.
      expect(Math.abs(value / lesion.bqMl - 1)).toBeLessThan(1e-7);
      let max = 0;
      for (let n = 0; n < sharp.labels.length; n++)
        if (sharp.labels[n] === lesion.label)
          max = Math.max(max, Math.abs((sharp.petBqMl.data[n] as number) - lesion.bqMl));
      expect(max / lesion.bqMl).toBeLessThan(1e-7);
    }
  });

  it('blurs each lesion centre to the analytic partial-volume prediction', () => {
    // The centre voxel of a blurred, noise-free lesion against truth.expected.suvMax (the closed
    // form for a true sphere in a uniform background). Differences come from voxelising the
    // sphere on the 4 mm grid (volume error up to ±15% for a 6 mm radius, less for larger ones)
    // and from nearby organs. Observed: ≤ 0.3% of the contrast for radii ≥ 10 mm, 2.9% for 8 mm,
    // 3.3% for 6 mm; stated tolerance 4% of the lesion-to-background contrast.
    const suvPerBqMl = blurred.truth.acquisition.suvBwPerBqMl;
    for (const lesion of blurred.truth.lesions) {
      const [i, j, k] = lpsToIjk(blurred.grid, lesion.centreMm).map(Math.round) as [number, number, number];
      const suv = (blurred.petBqMl.data[ijkToIndex(blurred.grid, i, j, k)] as number) * suvPerBqMl;
      const contrast = Math.abs(lesion.suv - lesion.backgroundSuv);
      expect([lesion.name, Math.abs(suv - lesion.expected.suvMax) / contrast < 0.04]).toEqual([
        lesion.name,
        true,
      ]);
    }
  });
});

describe('noise', () => {
  it('has the stated coefficient of variation in the liver and leaves its mean unbiased', () => {
    const noisy = makePhantom({
      tracer: 'fdg',
      fwhmMm: 0,
      noise: true,
      noiseCov: 0.1,
      dims: [48, 40, 30],
      seed: 5,
    });
    const liver = noisy.truth.organs.find((o) => o.name === 'liver');
    if (!liver) throw new Error('no liver');
    const values: number[] = [];
    noisy.labels.forEach((label, n) => {
      if (label === liver.label) values.push(noisy.petBqMl.data[n] as number);
    });
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    // n ≈ 10⁴ voxels: SE of the mean = 0.1 × mean / √n ≈ 0.001 × mean; SE of the SD ≈ SD / √(2n).
    // Tolerances of 5 SE.
    expect(values.length).toBeGreaterThan(5000);
    expect(Math.abs(mean / liver.bqMl - 1)).toBeLessThan((5 * 0.1) / Math.sqrt(values.length));
    expect(Math.abs(sd / liver.bqMl - 0.1)).toBeLessThan((5 * 0.1) / Math.sqrt(2 * values.length));
  });
});
