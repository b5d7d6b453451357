// Organ references, target-to-background ratios, exclusion of physiological uptake and whole-body
// burden, checked against the phantom's truth (true organ and lesion SUVs, noise-free, no PSF).

import type { OrganName } from '@cxcr4pet/imaging';
import type { PhantomTruth } from '@cxcr4pet/phantom';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../test-support.ts';
import type { AnalyzeReport } from './analyze-study.ts';
import {
  analyze,
  matchLesion,
  quantisationSuv,
  removeWrittenStudies,
  writeStudy,
} from './phantom-support.ts';

afterAll(removeWrittenStudies);

/**
 * Reference centres (LPS mm, on voxel centres of the 4 mm grid) and the phantom organ each lies in.
 * Each reference sphere plus the 1 cm³ peak sphere around any of its voxels (radius + 6.2 mm) stays
 * inside its organ and away from every lesion, so every voxel that enters a statistic holds the organ's
 * true SUV: liver (-100,0,432) lies at 0.48 of the liver ellipsoid's radii (≥ 30 mm inside) and 52 mm from the liver lesion
 * (radius 12); blood pool at the centre of its ellipsoid (radii ≥ 31 mm); spleen (88,44,440) near its
 * centre (radii ≥ 35); brain near its centre (radii ≥ 62); muscle (-128,0,200) in the trunk's soft tissue
 * 37 mm from the skin, below the kidneys (z ≥ 265) and 64 mm from the iliac lesion; marrow (0,80,300)
 * on the axis of the spine cylinder (radius 16 mm > 7.5 + 6.2) and 65 mm from the para-aortic node.
 */
const REFERENCES: readonly { organ: OrganName; phantomOrgan: string; centreMm: readonly number[] }[] = [
  { organ: 'liver', phantomOrgan: 'liver', centreMm: [-100, 0, 432] },
  { organ: 'blood-pool', phantomOrgan: 'blood-pool', centreMm: [20, -40, 500] },
  { organ: 'spleen', phantomOrgan: 'spleen', centreMm: [88, 44, 440] },
  { organ: 'brain', phantomOrgan: 'brain', centreMm: [0, 4, 872] },
  { organ: 'muscle', phantomOrgan: 'body-trunk', centreMm: [-128, 0, 200] },
  { organ: 'marrow', phantomOrgan: 'spine', centreMm: [0, 80, 300] },
];
const REF_ARGS = REFERENCES.flatMap((r) => ['--ref', `${r.organ}=${r.centreMm.join(',')}`]);

function organSuv(truth: PhantomTruth, name: string): number {
  const organ = truth.organs.find((o) => o.name === name);
  if (organ === undefined) throw new Error(`phantom has no ${name}`);
  return organ.suv;
}

describe.each(['pentixafor', 'fdg'] as const)('organ references and TBR on the phantom (%s)', (tracer) => {
  it('measures every organ reference exactly (to 16-bit quantisation) with the stated sphere sizes', async () => {
    const { folder, truth } = await writeStudy({ tracer, seed: 7, noise: false, fwhmMm: 0 });
    const report = await analyze(folder, '--segment', 'suv:4.5', ...REF_ARGS);
    expect(report.references.map((r) => r.organ)).toEqual(REFERENCES.map((r) => r.organ));
    const diameters = { liver: 30, 'blood-pool': 10, spleen: 20, brain: 20, muscle: 20, marrow: 15 };
    for (const ref of REFERENCES) {
      const found = report.references.find((r) => r.organ === ref.organ);
      if (found === undefined) throw new Error(`${ref.organ} missing`);
      const suv = organSuv(truth, ref.phantomOrgan);
      const q = quantisationSuv(truth, suv);
      expect(found.diameterMm).toBe(diameters[ref.organ]);
      // Voxel count of a sphere centred on a voxel centre of a 4 mm grid: lattice points within r / 4.
      const r = found.diameterMm / 2 / 4;
      let count = 0;
      for (let a = -3; a <= 3; a++)
        for (let b = -3; b <= 3; b++)
          for (let c = -3; c <= 3; c++) if (a * a + b * b + c * c <= r * r) count++;
      expect(found.voxelCount, ref.organ).toBe(count);
      for (const value of [found.meanSuv, found.peakSuv, found.maxSuv])
        expect(Math.abs(value - suv), `${ref.organ}: ${value} vs ${suv}`).toBeLessThanOrEqual(q);
      if (found.voxelCount > 1) expect(found.sdSuv, ref.organ).toBeLessThanOrEqual(q);
    }
  });

  it('gives each lesion TBR = true lesion SUV / true organ SUV for every reference', async () => {
    const { folder, truth } = await writeStudy({ tracer, seed: 7, noise: false, fwhmMm: 0 });
    const report = await analyze(folder, '--segment', 'suv:4.5', ...REF_ARGS);
    let checked = 0;
    for (const lesion of truth.lesions) {
      if (lesion.suv < 4.5) continue;
      const found = matchLesion(report, lesion);
      if (found === undefined) throw new Error(`${lesion.name} not found`);
      for (const ref of REFERENCES) {
        const organ = organSuv(truth, ref.phantomOrgan);
        const expected = lesion.suv / organ;
        // |a/b − A/B| ≤ (|a − A| + (A/B)|b − B|) / (B − |b − B|), with both errors ≤ the quantisation.
        const ql = quantisationSuv(truth, lesion.suv);
        const qo = quantisationSuv(truth, organ);
        const tolerance = (ql + expected * qo) / (organ - qo);
        const tbr = found.tbr[ref.organ];
        expect(tbr, `${lesion.name}/${ref.organ}`).toBeDefined();
        expect(Math.abs((tbr ?? 0) - expected), `${lesion.name}/${ref.organ}`).toBeLessThanOrEqual(tolerance);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6 * 6);
  });
});

describe('exclusion of physiological uptake on the phantom', () => {
  /** Point inside an organ ellipsoid of the truth. */
  function insideOrgan(truth: PhantomTruth, name: string, p: readonly number[]): boolean {
    const organ = truth.organs.find((o) => o.name === name);
    if (organ === undefined || organ.shape.kind !== 'ellipsoid') throw new Error(`no ellipsoid ${name}`);
    const { centreMm: c, radiiMm: r } = organ.shape;
    return (
      (((p[0] ?? 0) - c[0]) / r[0]) ** 2 +
        (((p[1] ?? 0) - c[1]) / r[1]) ** 2 +
        (((p[2] ?? 0) - c[2]) / r[2]) ** 2 <=
      1
    );
  }

  it('removes the excluded bladder and spleen from the lesions and keeps every true lesion intact', async () => {
    const { folder, truth } = await writeStudy({ tracer: 'pentixafor', seed: 7, noise: false, fwhmMm: 0 });
    // Pentixafor bladder (SUV 20) and spleen (6.5) exceed the threshold: without exclusion both are "lesions".
    const before = await analyze(folder, '--segment', 'suv:4.5');
    for (const organ of ['bladder', 'spleen'])
      expect(
        before.lesions.some((l) => insideOrgan(truth, organ, l.suvMaxMm)),
        organ,
      ).toBe(true);
    // Spheres of 50 mm radius cover the bladder (radii ≤ 45 mm) and spleen (radii ≤ 45 mm); the nearest
    // true lesion (left inguinal node, 88 mm from the bladder centre, radius 10) lies outside both.
    const after = await analyze(
      folder,
      '--segment',
      'suv:4.5',
      '--exclude',
      'bladder=0,-30,80,50',
      '--exclude',
      'spleen=90,45,440,50',
    );
    for (const organ of ['bladder', 'spleen'])
      expect(
        after.lesions.some((l) => insideOrgan(truth, organ, l.suvMaxMm)),
        organ,
      ).toBe(false);
    expect(after.exclusions.map((e) => e.name)).toEqual(['bladder', 'spleen']);
    expect(after.lesions.length).toBe(before.lesions.length - 2);
    for (const lesion of truth.lesions) {
      if (lesion.suv < 4.5) continue;
      const found = matchLesion(after, lesion);
      expect(found?.voxelCount, lesion.name).toBe(lesion.voxelCount);
    }
    const voxelMl = truth.grid.voxelVolumeMl;
    // A sphere of radius 50 mm on a 4 mm grid centred on a voxel centre ((0,-30,80) is not: -30 is 2 mm
    // off), so only bounds are checked: between the inscribed and circumscribed cube counts.
    for (const e of after.exclusions) {
      expect(e.voxelCount * voxelMl).toBeGreaterThan(((4 / 3) * Math.PI * (50 - 3.5) ** 3) / 1000);
      expect(e.voxelCount * voxelMl).toBeLessThan(((4 / 3) * Math.PI * (50 + 3.5) ** 3) / 1000);
    }
  });
});

describe('whole-body burden and the liver quality check on the phantom', () => {
  it('gives the hot-five mean of the five hottest true lesions and the summed volume and uptake', async () => {
    const { folder, truth } = await writeStudy({ tracer: 'fdg', seed: 7, noise: false, fwhmMm: 0 });
    // FDG: brain (8), bladder (25) and myocardium (5) exceed 4.5: exclude them to keep only true lesions.
    const report = await analyze(
      folder,
      '--segment',
      'suv:4.5',
      '--exclude',
      'brain=0,5,870,100',
      '--exclude',
      'bladder=0,-30,80,50',
      '--exclude',
      'heart=20,-40,500,52',
    );
    const visible = truth.lesions.filter((l) => l.suv >= 4.5);
    expect(report.burden.lesionCount).toBe(visible.length);
    const hottest = visible
      .map((l) => l.suv)
      .sort((a, b) => b - a)
      .slice(0, 5);
    const expected = hottest.reduce((s, v) => s + v, 0) / hottest.length;
    expect(Math.abs((report.burden.hotFiveMeanSuvMax ?? 0) - expected)).toBeLessThanOrEqual(
      quantisationSuv(truth, Math.max(...hottest)),
    );
    const voxelMl = truth.grid.voxelVolumeMl;
    const volume = visible.reduce((s, l) => s + l.voxelCount * voxelMl, 0);
    expect(report.burden.totalVolumeMl).toBeCloseTo(volume, 9);
    expect(report.totals.totalVolumeMl).toBeCloseTo(volume, 9);
    const uptake = visible.reduce((s, l) => s + l.suv * l.voxelCount * voxelMl, 0);
    expect(Math.abs(report.burden.totalLesionUptake - uptake)).toBeLessThanOrEqual(
      quantisationSuv(truth, 25) * volume,
    );
  });

  it('warns when the FDG liver SUVmean leaves 1.3–3.0 (weight doubled: liver 2.3 → 4.6) and not otherwise', async () => {
    const { folder, truth } = await writeStudy({ tracer: 'fdg', seed: 7, noise: false, fwhmMm: 0 });
    const liver = REFERENCES[0];
    if (liver === undefined) throw new Error('no liver reference');
    const args = ['--segment', 'suv:50', '--ref', `liver=${liver.centreMm.join(',')}`];
    const normal = await analyze(folder, ...args);
    expect(normal.warnings.filter((w) => w.includes('EANM'))).toEqual([]);
    // SUVbw is proportional to weight: twice the phantom's 72 kg doubles every SUV.
    const doubled = await analyze(folder, ...args, '--weight-kg', String(2 * truth.acquisition.weightKg));
    const ref = doubled.references[0];
    expect(Math.abs((ref?.meanSuv ?? 0) - 2 * organSuv(truth, 'liver'))).toBeLessThanOrEqual(
      2 * quantisationSuv(truth, 2.3),
    );
    expect(doubled.warnings.filter((w) => w.includes('EANM'))).toHaveLength(1);
  });

  it('never warns about the liver for Pentixafor, whose liver range EANM does not define', async () => {
    const { folder } = await writeStudy({ tracer: 'pentixafor', seed: 7, noise: false, fwhmMm: 0 });
    const report: AnalyzeReport = await analyze(
      folder,
      '--segment',
      'suv:50',
      '--ref',
      'liver=-100,0,430',
      '--weight-kg',
      '500',
    );
    expect(report.warnings.filter((w) => w.includes('EANM'))).toEqual([]);
  });
});

describe('analyze options for references and exclusions', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'an exclusion without a radius',
      ['--exclude', 'bladder=1,2,3'],
      /--exclude 'bladder=1,2,3' is not of the form/,
    ],
    ['an exclusion with a zero radius', ['--exclude', 'bladder=1,2,3,0'], /radius must be > 0/],
    [
      'a reference given twice',
      ['--ref', 'liver=1,2,3', '--ref', 'liver=4,5,6'],
      /--ref 'liver' is given twice/,
    ],
    ['a reference outside the image', ['--ref', 'spleen=9999,0,0'], /ref spleen/],
  ];
  for (const [what, args, message] of cases) {
    it(`rejects ${what} with one line`, async () => {
      const { folder } = await writeStudy({ tracer: 'fdg', seed: 7, noise: false, fwhmMm: 0 });
      const result = await cli('analyze', folder, ...args);
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('prints references, exclusions, TBR columns and the hot-five line in the text report', async () => {
    const { folder } = await writeStudy({ tracer: 'fdg', seed: 7, noise: false, fwhmMm: 0 });
    const result = await cli(
      'analyze',
      folder,
      '--segment',
      'suv:4.5',
      '--ref',
      'liver=-100,0,430',
      '--exclude',
      'bladder=0,-30,80,50',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/reference +liver sphere 30 mm/);
    expect(result.stdout).toMatch(/excluded +bladder sphere radius 50 mm/);
    expect(result.stdout).toMatch(/TBR liver/);
    expect(result.stdout).toMatch(/hot five +mean SUVmax of the 5 hottest lesions/);
  });
});
