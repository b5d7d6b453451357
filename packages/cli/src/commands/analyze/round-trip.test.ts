// Round trip: the phantom room writes a PET/CT study whose every lesion is known (truth.json);
// `cxcr4pet analyze` reads the DICOM files back and must recover that truth.
import { afterAll, describe, expect, it } from 'vitest';
import {
  analyze,
  distanceMm,
  matchLesion,
  quantisationSuv,
  removeWrittenStudies,
  writeStudy,
} from './phantom-support.ts';

afterAll(removeWrittenStudies);

describe.each(['pentixafor', 'fdg'] as const)('phantom → analyze round trip (%s)', (tracer) => {
  it('recovers noise-free, unblurred lesions exactly (to 16-bit quantisation) with a fixed threshold', async () => {
    const { folder, truth } = await writeStudy({ tracer, seed: 7, noise: false, fwhmMm: 0 });
    // Between every lesion's background (≤ 2.6) and the faintest visible lesion (5): no organ touching a
    // lesion reaches it, so each lesion is exactly its own voxels.
    const thresholdSuv = 4.5;
    const report = await analyze(folder, '--segment', `suv:${thresholdSuv}`);
    expect(report.pet.radiopharmaceutical).toBe(truth.acquisition.radiopharmaceutical);
    expect(report.pet.injectedActivityBq).toBe(truth.acquisition.injectedActivityBq);
    const voxelMl = truth.grid.voxelVolumeMl;
    for (const lesion of truth.lesions) {
      const found = matchLesion(report, lesion);
      if (lesion.suv < thresholdSuv) {
        expect(found, `${lesion.name} (SUV ${lesion.suv}) is below the threshold`).toBeUndefined();
        continue;
      }
      if (found === undefined) throw new Error(`${lesion.name} not found`);
      const tolerance = quantisationSuv(truth, lesion.suv);
      expect(found.voxelCount, lesion.name).toBe(lesion.voxelCount);
      expect(found.volumeMl).toBeCloseTo(lesion.voxelCount * voxelMl, 9);
      expect(Math.abs(found.suvMax - lesion.suv), `${lesion.name} SUVmax`).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(found.suvMean - lesion.suv), `${lesion.name} SUVmean`).toBeLessThanOrEqual(tolerance);
      expect(
        Math.abs(found.totalLesionUptake - lesion.suv * lesion.voxelCount * voxelMl),
      ).toBeLessThanOrEqual(tolerance * lesion.voxelCount * voxelMl);
      // Spheres centred on a voxel centre are symmetric on the grid: the centroid is the true centre.
      expect(distanceMm(found.centroidMm, lesion.centreMm), `${lesion.name} centroid`).toBeLessThan(1e-3);
    }
  });

  it('separates every lesion with percent:50 from its own maximum, exactly', async () => {
    const { folder, truth } = await writeStudy({ tracer, seed: 7, noise: false, fwhmMm: 0 });
    const report = await analyze(folder, '--segment', 'percent:50');
    for (const lesion of truth.lesions) {
      // A lesion is seeded when its SUVmax reaches the default seed SUV 2.5 and kept whole when its
      // background is below half its value.
      if (lesion.suv < 2.5 || lesion.backgroundSuv >= lesion.suv / 2) continue;
      const found = matchLesion(report, lesion);
      if (found === undefined) throw new Error(`${lesion.name} not found`);
      expect(found.voxelCount, lesion.name).toBe(lesion.voxelCount);
      expect(Math.abs(found.suvMean - lesion.suv)).toBeLessThanOrEqual(quantisationSuv(truth, lesion.suv));
    }
  });

  it('separates every lesion with bgpercent:50 exactly and measures the background of the organ around it', async () => {
    const { folder, truth } = await writeStudy({ tracer, seed: 7, noise: false, fwhmMm: 0 });
    const report = await analyze(folder, '--segment', 'bgpercent:50');
    expect(report.segmentation.description).toMatch(/more than 10 mm and at most 20 mm/);
    for (const lesion of truth.lesions) {
      // Seeded (SUV ≥ 2.5) lesions whose SUV is above twice their own organ's: the level B + ½(SUV − B)
      // then lies between that organ's SUV and the lesion's for any B in [0, SUV), so the lesion is exact.
      if (lesion.suv < 2.5 || lesion.backgroundSuv >= lesion.suv / 2) continue;
      const found = matchLesion(report, lesion);
      if (found === undefined) throw new Error(`${lesion.name} not found`);
      expect(found.voxelCount, lesion.name).toBe(lesion.voxelCount);
      const background = found.background;
      if (background === undefined) throw new Error(`${lesion.name} has no background`);
      expect(background.thresholdSuv).toBeCloseTo(
        background.backgroundSuv + 0.5 * (found.suvMax - background.backgroundSuv),
        9,
      );
    }
    // Two lesions whose 10–20 mm shell lies wholly in their own organ (checked against the phantom's
    // shapes in anatomy.ts: the mediastinal node's shell stays ≥ 10 mm from the lungs and above the heart,
    // the liver lesion's inside the liver ellipsoid at ≤ 0.55 of its radii): B is that organ's true SUV.
    for (const name of ['mediastinal-node', 'liver-lesion']) {
      const lesion = truth.lesions.find((l) => l.name === name);
      if (lesion === undefined) throw new Error(`phantom has no ${name}`);
      const found = matchLesion(report, lesion);
      expect(
        Math.abs((found?.background?.backgroundSuv ?? Number.NaN) - lesion.backgroundSuv),
        `${name} background`,
      ).toBeLessThanOrEqual(quantisationSuv(truth, lesion.backgroundSuv));
    }
  });

  it('recovers blurred lesions with the partial-volume loss the PSF predicts', async () => {
    const fwhmMm = 7;
    const { folder, truth } = await writeStudy({ tracer, seed: 7, noise: false, fwhmMm });
    const report = await analyze(folder, '--segment', 'suv:3');
    const sigmaMm = fwhmMm / (2 * Math.sqrt(2 * Math.LN2));
    const spacingMm = truth.grid.spacingMm[0];
    expect(truth.grid.spacingMm).toEqual([spacingMm, spacingMm, spacingMm]);
    for (const lesion of truth.lesions) {
      const expected =
        lesion.backgroundSuv +
        (lesion.suv - lesion.backgroundSuv) * voxelisedSphereRecovery(lesion.radiusMm, spacingMm, sigmaMm);
      // Tolerance: 16-bit storage, plus 1e-3 of the contrast for the normal-CDF approximation (1.5e-7) and
      // the PSF kernel being cut at 4σ + 1 voxel (mass beyond < 1e-5).
      const tolerance = quantisationSuv(truth, lesion.suv) + 1e-3 * (lesion.suv - lesion.backgroundSuv);
      if (expected < 3) continue; // invisible at this threshold
      const found = matchLesion(report, lesion);
      if (found === undefined) throw new Error(`${lesion.name} not found`);
      expect(
        Math.abs(found.suvMax - expected),
        `${lesion.name}: SUVmax ${found.suvMax}, expected ${expected}`,
      ).toBeLessThanOrEqual(tolerance);
      expect(found.suvMax).toBeLessThan(lesion.suv);
    }
  });
});

/** Standard normal CDF, Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  const erf = 1 - poly * Math.exp(-z * z);
  return 0.5 * (1 + (x >= 0 ? erf : -erf));
}

/**
 * Centre recovery of a voxelised sphere (the cubes whose centres lie within `radiusMm` of a voxel
 * centre) blurred by a continuous isotropic Gaussian of SD `sigmaMm`: the Gaussian mass of each cube,
 * a product of normal-CDF differences per axis, summed. This is the partial-volume loss the PSF
 * predicts for the object the phantom actually holds; the closed form for a true sphere (Hoffman 1979)
 * differs from it by the voxelisation (up to 4 % of the contrast for a 6 mm node on 4 mm voxels).
 */
function voxelisedSphereRecovery(radiusMm: number, spacingMm: number, sigmaMm: number): number {
  const reach = Math.ceil(radiusMm / spacingMm);
  const mass = (u: number): number =>
    normalCdf(((u + 0.5) * spacingMm) / sigmaMm) - normalCdf(((u - 0.5) * spacingMm) / sigmaMm);
  let recovery = 0;
  for (let a = -reach; a <= reach; a++)
    for (let b = -reach; b <= reach; b++)
      for (let c = -reach; c <= reach; c++)
        if (Math.hypot(a, b, c) * spacingMm <= radiusMm) recovery += mass(a) * mass(b) * mass(c);
  return recovery;
}

/**
 * A 3 cm sphere wholly in healthy liver: the phantom's liver is an ellipsoid centred (-75, 0, 410) with
 * radii (80, 75, 60) mm and its lesion (radius 12 mm) sits at (-60, -8, 400). This point lies at 0.46 of
 * the liver's radii (≥ 30 mm from its surface) and 51 mm from the lesion's centre, so neither the sphere
 * (15 mm) nor the PSF's reach (4σ ≈ 12 mm) touches anything but liver.
 */
const LIVER_REFERENCE_MM = [-100, 0, 430] as const;

describe('phantom → analyze with PERCIST', () => {
  it('takes 1.5 × liver mean + 2 SD from a noise-free liver: exactly 1.5 × the true liver SUV', async () => {
    const { folder, truth } = await writeStudy({ tracer: 'fdg', seed: 7, noise: false, fwhmMm: 0 });
    const liver = truth.organs.find((o) => o.name === 'liver');
    if (liver === undefined) throw new Error('phantom has no liver');
    const report = await analyze(
      folder,
      '--segment',
      'percist',
      '--ref',
      `liver=${LIVER_REFERENCE_MM.join(',')}`,
    );
    expect(report.segmentation.percist?.sdSuv).toBeLessThanOrEqual(quantisationSuv(truth, liver.suv));
    expect(Math.abs((report.segmentation.thresholdSuv ?? 0) - 1.5 * liver.suv)).toBeLessThanOrEqual(
      3.5 * quantisationSuv(truth, liver.suv),
    );
  });

  it('takes the noise into the threshold: SD within 4 standard errors of the simulated noise', async () => {
    const { folder, truth } = await writeStudy({ tracer: 'fdg', seed: 3 });
    const liver = truth.organs.find((o) => o.name === 'liver');
    if (liver === undefined) throw new Error('phantom has no liver');
    const report = await analyze(
      folder,
      '--segment',
      'percist',
      '--ref',
      `liver=${LIVER_REFERENCE_MM.join(',')}`,
    );
    const percist = report.segmentation.percist;
    if (percist === null) throw new Error('no PERCIST reference in the report');
    // The noise is added after the PSF with a coefficient of variation `cov` in the liver: SD = cov × SUV.
    // Standard error of a sample SD of n normal values ≈ SD / √(2(n − 1)); of the mean, SD / √n.
    const sd = truth.noise.cov * liver.suv;
    const n = percist.voxelCount;
    expect(Math.abs(percist.sdSuv - sd)).toBeLessThanOrEqual((4 * sd) / Math.sqrt(2 * (n - 1)));
    expect(Math.abs(percist.meanSuv - liver.suv)).toBeLessThanOrEqual((4 * sd) / Math.sqrt(n));
  });
});
