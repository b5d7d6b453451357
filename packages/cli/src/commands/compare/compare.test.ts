import {
  multiplyMatrixVector,
  type RigidTransform,
  recentreTransform,
  rotationMatrixDeg,
  transformPointLps,
} from '@cxcr4pet/imaging';
import type { PhantomOptions, PhantomTruth, TruthLesion } from '@cxcr4pet/phantom';
import type { Vec3 } from '@cxcr4pet/volume';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TESTDATA } from '../../test-support.ts';
import type { AnalyzedLesion } from '../analyze/analyze-study.ts';
import { distanceMm, removeWrittenStudies, writeStudy } from '../analyze/phantom-support.ts';
import type { CompareReport } from './compare-studies.ts';
import { formatCompareReport } from './format-compare.ts';

// Noise-free phantoms with the scanner's 7 mm PSF on a 96 × 64 × 240 grid of 4 mm (the body fits; a
// third of the default grid's voxels, to keep the file fast).
const BASE = { fwhmMm: 7, noise: false, dims: [96, 64, 240] } as const satisfies Partial<PhantomOptions>;
// A lies 2 mm (half a voxel) up the table: unmoved, the phantom's flat faces (the top of the trunk, the
// ends of the spine) lie on voxel-centre planes and, a centre on the surface counting as inside, are
// voxelised half a voxel thick, which a turned copy's are not — a 1 mm bias along z that belongs to the
// phantom, not to the registration (measured: −0.99 mm unmoved, 0.00 mm moved by 2 mm).
const PENTIXAFOR: PhantomOptions = { ...BASE, tracer: 'pentixafor', pose: { translationMm: [0, 0, 2] } };
const FDG_MOVED: PhantomOptions = {
  ...BASE,
  tracer: 'fdg',
  pose: { translationMm: [12, -8, 6], rotationDeg: [1.5, -1, 2] },
};
// The FDG study at a second time point, lying differently again: the mediastinal node halved in SUV,
// the liver lesion gone (complete response), the others unchanged.
const FDG_LATER: PhantomOptions = {
  ...BASE,
  tracer: 'fdg',
  pose: { translationMm: [-6, 10, -9], rotationDeg: [-1, 2, -1.5] },
  lesions: [
    { name: 'mediastinal-node', suv: 4.5 },
    { name: 'left-axillary-node' },
    { name: 'para-aortic-node' },
    { name: 'left-inguinal-node' },
    { name: 'vertebral-marrow' },
    { name: 'cervical-node' },
    { name: 'right-iliac-bone' },
  ],
};

// Physiological uptake to remove, in the patient's own frame: bladder, kidneys, spleen, heart, brain
// (spheres covering each organ with ≥ 5 mm to spare). Given in A's coordinates (where A's pose puts
// them); compare maps them into B through the registration.
const EXCLUDE: readonly [string, Vec3, number][] = [
  ['bladder', [0, -30, 80], 50],
  ['kidney', [-75, 55, 310], 50],
  ['kidney', [75, 55, 340], 50],
  ['spleen', [90, 45, 440], 50],
  ['heart', [20, -40, 500], 55],
  ['brain', [0, 5, 870], 85],
];
/** analyze/compare options for study A lying in `pose`; seed:3 keeps the Pentixafor marrow (SUV 2.6) out. */
function argsFor(pose: RigidTransform): string[] {
  return [
    '--segment',
    'percent:41,seed:3',
    ...EXCLUDE.flatMap(([name, centre, radius]) => [
      '--exclude',
      `${name}=${[...transformPointLps(pose, centre), radius].join(',')}`,
    ]),
  ];
}

let pentixafor: { folder: string; truth: PhantomTruth };
let fdgMoved: { folder: string; truth: PhantomTruth };
let fdgLater: { folder: string; truth: PhantomTruth };
beforeAll(async () => {
  pentixafor = await writeStudy(PENTIXAFOR);
  fdgMoved = await writeStudy(FDG_MOVED);
  fdgLater = await writeStudy(FDG_LATER);
}, 60_000);
afterAll(removeWrittenStudies);

async function compare(a: string, b: string, ...options: string[]): Promise<CompareReport> {
  const result = await cli('compare', a, b, '--json', ...options);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as CompareReport;
}

/** The analysed lesion whose SUVmax voxel lies in the true sphere (where the truth puts it in that study). */
function found(
  lesions: readonly AnalyzedLesion[],
  truth: TruthLesion | undefined,
): AnalyzedLesion | undefined {
  if (truth === undefined) return undefined;
  const inside = lesions.filter((l) => distanceMm(l.suvMaxMm, truth.centreMm) <= truth.radiusMm);
  expect(inside.length, `lesions inside ${truth.name}`).toBeLessThanOrEqual(1);
  return inside[0];
}

/** The true A → B transform of two phantom studies: pose_B ∘ pose_A⁻¹, written about `centreMm`. */
function expectRegistration(report: CompareReport, a: PhantomTruth, b: PhantomTruth): void {
  // Each lesion's true position in A, mapped by the registration, against its true position in B.
  const r = report.registration;
  const transform = { translationMm: r.translationMm, rotationDeg: r.rotationDeg, centreMm: r.centreMm };
  for (const lesion of a.lesions) {
    const inB = b.lesions.find((l) => l.name === lesion.name);
    if (inB === undefined) continue;
    const mapped = transformPointLps(transform, lesion.centreMm);
    // 1 mm + what 0.5° does 300 mm away would be the bound; the lesions sit within it.
    expect(distanceMm(mapped, inB.centreMm), `${lesion.name} mapped into B`).toBeLessThan(1.5);
  }
}

describe('cxcr4pet compare: Pentixafor (A) ↔ FDG re-positioned (B)', () => {
  let report: CompareReport;
  beforeAll(async () => {
    report = await compare(pentixafor.folder, fdgMoved.folder, ...argsFor(pentixafor.truth.pose));
  }, 60_000);

  it('recovers the known shift and rotation within 1 mm and 0.5°', () => {
    // A is the patient shifted by d, so the truth A → B is pose_B(p − d): B's rotation and centre, with
    // translation t_B − R·d; compared about the reported centre.
    const b = fdgMoved.truth.pose;
    const rd = multiplyMatrixVector(rotationMatrixDeg(b.rotationDeg), pentixafor.truth.pose.translationMm);
    const truth = recentreTransform(
      {
        ...b,
        translationMm: [b.translationMm[0] - rd[0], b.translationMm[1] - rd[1], b.translationMm[2] - rd[2]],
      },
      report.registration.centreMm,
    );
    for (let axis = 0; axis < 3; axis++) {
      expect(
        Math.abs((report.registration.translationMm[axis] as number) - (truth.translationMm[axis] as number)),
      ).toBeLessThan(1);
      expect(
        Math.abs((report.registration.rotationDeg[axis] as number) - (truth.rotationDeg[axis] as number)),
      ).toBeLessThan(0.5);
    }
    expectRegistration(report, pentixafor.truth, fdgMoved.truth);
    expect(report.registration.residualMm).toBeLessThan(2);
  });

  it('pairs every lesion both tracers show, and leaves the FDG-negative bone lesion only in A', () => {
    const expectedPairs: string[] = [];
    for (const lesion of pentixafor.truth.lesions) {
      const a = found([...report.pairs.map((p) => p.a), ...report.onlyA], lesion);
      const b = found(
        [...report.pairs.map((p) => p.b), ...report.onlyB],
        fdgMoved.truth.lesions.find((l) => l.name === lesion.name),
      );
      expect(a, `${lesion.name} found in Pentixafor`).toBeDefined();
      if (b !== undefined) expectedPairs.push(`${lesion.name}: ${a?.label}-${b.label}`);
    }
    const labelToName = new Map(
      pentixafor.truth.lesions.map((l) => [
        found([...report.pairs.map((p) => p.a), ...report.onlyA], l)?.label,
        l.name,
      ]),
    );
    expect(
      report.pairs.map((p) => `${labelToName.get(p.a.label)}: ${p.a.label}-${p.b.label}`).sort(),
    ).toEqual(expectedPairs.sort());
    // 7 of 8 true lesions are FDG-positive; the right iliac bone lesion (FDG SUV 1.2 in soft tissue 0.8) is not.
    expect(expectedPairs).toHaveLength(7);
    const iliac = found(
      report.onlyA,
      pentixafor.truth.lesions.find((l) => l.name === 'right-iliac-bone'),
    );
    expect(iliac, 'the FDG-negative lesion among onlyA').toBeDefined();
    expect(report.onlyA).toHaveLength(1);
    expect(report.onlyB).toEqual([]);
    for (const pair of report.pairs) expect(pair.distanceMm).toBeLessThan(report.matching.maxDistanceMm);
    expect(report.perPatient).toEqual({
      positiveA: true,
      positiveB: true,
      lesionsA: 8,
      lesionsB: 7,
      paired: 7,
    });
  });

  it('gives no ΔSUV across tracers, and states method, parameters and provenance', () => {
    expect(report.timeCourse).toBeNull();
    for (const pair of report.pairs) expect(pair.change).toBeNull();
    expect(report.registration.method).toMatch(/rigid 6-DOF/);
    expect(report.registration.convention).toMatch(/Rz\(γ\)·Ry\(β\)·Rx\(α\)/);
    expect(report.matching).toMatchObject({ maxDistanceMm: 15 });
    expect(report.a.segmentation.method).toBe('percent:41,seed:3');
    expect(report.b.exclusions).toHaveLength(6);
    expect(report.provenance.software).toBe('cxcr4pet');
  });

  it('prints a readable report without --json', () => {
    const text = formatCompareReport(report);
    expect(text).toMatch(/^A {2}.*Ga68-Pentixafor.*8 lesions/m);
    expect(text).toMatch(/^registration {2}A → B: translation/m);
    expect(text).toMatch(/^7 pairs:/m);
    expect(text).toMatch(/^Only in A:/m);
    expect(text).toMatch(/^Only in B: none\./m);
    expect(text).toMatch(/different tracers: no ΔSUV/);
  });
});

describe('cxcr4pet compare: two FDG time points', () => {
  let report: CompareReport;
  beforeAll(async () => {
    // The liver reference is placed in A's coordinates (A = the moved FDG study) and mapped into B.
    const liverInA = transformPointLps(fdgMoved.truth.pose, [-100, 0, 432]);
    report = await compare(
      fdgMoved.folder,
      fdgLater.folder,
      ...argsFor(fdgMoved.truth.pose),
      '--ref',
      `liver=${liverInA.join(',')}`,
    );
  }, 60_000);

  it('registers two re-positioned studies to each other (pose_B ∘ pose_A⁻¹)', () => {
    expectRegistration(report, fdgMoved.truth, fdgLater.truth);
  });

  it('gives ΔSUV% per pair as the truth predicts, and the responding lesion only in A', () => {
    expect(report.timeCourse?.radiopharmaceutical).toBe(fdgMoved.truth.acquisition.radiopharmaceutical);
    const node = report.pairs.find((p) =>
      found(
        [p.a],
        fdgMoved.truth.lesions.find((l) => l.name === 'mediastinal-node'),
      ),
    );
    // Truth: the node's noise-free partial-volume SUVmax at 7 mm PSF goes from expected.suvMax(A) to (B).
    const before = fdgMoved.truth.lesions.find((l) => l.name === 'mediastinal-node')?.expected.suvMax ?? 0;
    const after = fdgLater.truth.lesions.find((l) => l.name === 'mediastinal-node')?.expected.suvMax ?? 0;
    const expected = (100 * (after - before)) / before;
    // ±2 percentage points: the rotated sphere's centre falls between voxel centres differently in A and B.
    expect(Math.abs((node?.change?.suvMaxPercent ?? Number.NaN) - expected)).toBeLessThan(2);
    // The unchanged lesions: ΔSUVmax ≈ 0. Within 3 points for radius ≥ 10 mm (a flat-topped blurred
    // sphere); within 15 points for the 6–8 mm nodes, whose sampled maximum depends on where their centre
    // falls between 4 mm voxel centres (up to 3.5 mm off, where a 7 mm PSF has already cut the peak).
    for (const truth of fdgMoved.truth.lesions) {
      if (truth.name === 'mediastinal-node') continue;
      const pair = report.pairs.find((p) => found([p.a], truth));
      if (pair === undefined) continue;
      const change = pair.change?.suvMaxPercent ?? Number.NaN;
      expect(Math.abs(change), `${truth.name} ΔSUVmax %`).toBeLessThan(truth.radiusMm >= 10 ? 3 : 15);
    }
    // Seven FDG-positive lesions in A (all but the iliac bone); the liver lesion responded completely.
    expect(report.pairs).toHaveLength(6);
    expect(report.onlyA).toHaveLength(1);
    const liverLesion = found(
      report.onlyA,
      fdgMoved.truth.lesions.find((l) => l.name === 'liver-lesion'),
    );
    expect(liverLesion, 'the lesion that responded completely, only in A').toBeDefined();
    expect(report.onlyB).toEqual([]);
  });

  it('measures the liver reference in both, mapped into B, and finds it unchanged', () => {
    const liver = report.timeCourse?.references.find((r) => r.organ === 'liver');
    // The same noise-free liver (SUV 2.3) in both: the 3 cm sphere stays inside it in B only if mapped.
    expect(liver?.suvMeanA).toBeCloseTo(2.3, 1);
    expect(Math.abs(liver?.suvMeanPercent ?? Number.NaN)).toBeLessThan(1);
  });
});

describe('cxcr4pet compare on bad input', () => {
  const STS = `${TESTDATA}real-pet/sts-001-pet/image`;
  const cases: [string, () => string[], RegExp, number][] = [
    ['one folder', () => [pentixafor.folder], /give the two folders to compare/, 2],
    [
      'a folder that does not exist',
      () => [pentixafor.folder, '/nonexistent/cxcr4pet'],
      /\/nonexistent\/cxcr4pet does not exist/,
      1,
    ],
    ['a study without CT', () => [pentixafor.folder, STS], /has no CT in the PET's frame of reference/, 1],
    [
      'a bad distance',
      () => [pentixafor.folder, fdgMoved.folder, '--max-distance-mm', '0'],
      /--max-distance-mm '0'/,
      2,
    ],
    [
      'an analyze-only option',
      () => [pentixafor.folder, fdgMoved.folder, '--series', '1.2.3'],
      /Unknown option '--series'/,
      2,
    ],
  ];
  for (const [what, args, message, code] of cases) {
    it(`rejects ${what} with one line and exit code ${code}`, async () => {
      const result = await cli('compare', ...args());
      expect(result.code).toBe(code);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});
