// Phantom → analyze --marrow: the marrow VOI cut from the CT must be the phantom's marrow as its analytic
// shapes give it (truth.marrow), and the pattern must follow the stated rule from the true uptakes.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, TESTDATA } from '../../test-support.ts';
import { analyze, quantisationSuv, removeWrittenStudies, writeStudy } from './phantom-support.ts';

afterAll(removeWrittenStudies);

/** A 3 cm sphere wholly in healthy liver (see round-trip.test.ts). */
const LIVER = 'liver=-100,0,430';

describe.each([
  // Pentixafor: marrow 2.6 above liver 1.9 → diffuse, plus the vertebral lesion → mixed.
  ['pentixafor', 'mixed'],
  // FDG: marrow 1.7 below liver 2.3 → not diffuse; the vertebral lesion → focal.
  ['fdg', 'focal'],
] as const)('phantom → analyze --marrow (%s)', (tracer, pattern) => {
  it('finds the marrow of the analytic shapes exactly, with its true SUV and one focal lesion', async () => {
    const { folder, truth } = await writeStudy({ tracer, seed: 7, noise: false, fwhmMm: 0 });
    const report = await analyze(folder, '--segment', 'suv:100', '--marrow', '--ref', LIVER);
    const marrow = report.marrow;
    if (marrow === null) throw new Error('no marrow in the report');
    // The CT and PET share the grid: the VOI is the spine's voxels minus their outer face layer.
    expect(marrow.ctMarrowVoxelCount).toBe(truth.marrow.interiorVoxelCount);
    expect(marrow.voxelCount).toBe(truth.marrow.interiorVoxelCount);
    expect(marrow.ctMarrowVolumeMl).toBeCloseTo(truth.marrow.interiorVolumeMl, 9);
    expect(Math.abs(marrow.suvMean - truth.marrow.interiorMeanSuv)).toBeLessThanOrEqual(
      quantisationSuv(truth, truth.marrow.interiorMeanSuv),
    );
    expect(marrow.totalUptake).toBeCloseTo(marrow.suvMean * marrow.volumeMl, 9);
    const lesion = truth.lesions.find((l) => l.name === 'vertebral-marrow');
    if (lesion === undefined) throw new Error('phantom has no vertebral-marrow lesion');
    expect(truth.marrow.focalLesions).toEqual(['vertebral-marrow']);
    expect(marrow.focalLesionCount).toBe(1);
    expect(marrow.focalLesions[0]?.voxelCount).toBe(lesion.voxelCount);
    expect(Math.abs((marrow.focalLesions[0]?.suvMax ?? 0) - lesion.suv)).toBeLessThanOrEqual(
      quantisationSuv(truth, lesion.suv),
    );
    expect(marrow.durieSalmonPlus).toBe('<5');
    expect(marrow.pattern).toBe(pattern);
  });

  it('keeps the count and the pattern on the blurred, noisy default study', async () => {
    const { folder, truth } = await writeStudy({ tracer, seed: 3 });
    const report = await analyze(folder, '--segment', 'suv:100', '--marrow', '--ref', LIVER);
    expect(report.marrow?.ctMarrowVoxelCount).toBe(truth.marrow.interiorVoxelCount); // the CT has no noise
    expect(report.marrow?.focalLesionCount).toBe(1);
    expect(report.marrow?.pattern).toBe(pattern);
  });
});

describe('analyze --marrow without a CT', () => {
  it('says so in one line', async () => {
    const result = await cli('analyze', join(TESTDATA, 'real-pet/sts-001-pet/image'), '--marrow');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^cxcr4pet analyze: --marrow needs the CT of the PET .* \[missing-reference\]\n$/,
    );
  });
});
