// findLesionsInActivity (one fused pass: SUV conversion, threshold, foreground list) against the slow path
// it replaces, scaleVolume then findLesions, and both (each lists the foreground without a mask) against
// labelComponents of thresholdMask: the same SUV volume and findings to the bit, on the real GE
// series (Bq/ml as the scanner wrote it, read with the dicom room: a test-only import) and on a noisy
// synthetic body with NaN voxels.
import { readdirSync, readFileSync } from 'node:fs';
import { buildPetStudy, readDicomInstance } from '@cxcr4pet/dicom';
import { ijkToLps, scaleVolume, type Volume } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { labelComponents, voxelsOf } from './connected-components.ts';
import { ImagingError } from './errors.ts';
import { type FindLesionsOptions, findLesions, findLesionsInActivity } from './find-lesions.ts';
import { parseSegmentation } from './segmentation.ts';
import { lcg, paintBox } from './test-volumes.ts';
import { thresholdMask } from './threshold.ts';

/** Element by element (`Object.is`: NaN equals NaN); vitest's deep equality is slow on millions of voxels. */
function expectSameArray(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let n = 0; n < expected.length; n++)
    if (!Object.is(actual[n], expected[n])) expect.fail(`${what}[${n}]: ${actual[n]} vs ${expected[n]}`);
}

function expectSameAsSlowPath(
  activity: Volume,
  suvPerUnit: number,
  method: string,
  options: FindLesionsOptions = {},
): number {
  const segmentation = parseSegmentation(method);
  const suv = scaleVolume(activity, suvPerUnit);
  const { labels: slowLabels, ...slow } = findLesions(suv, segmentation, options);
  const {
    suv: fusedSuv,
    labels,
    ...fused
  } = findLesionsInActivity(activity, suvPerUnit, segmentation, options);
  expectSameArray(fusedSuv.data, suv.data, `${method} SUV`);
  expect({ ...fusedSuv, data: undefined }).toEqual({ ...suv, data: undefined });
  expectSameArray(labels, slowLabels, `${method} labels`);
  expect(fused).toEqual(slow);
  if (slow.thresholdSuv !== undefined) expectSameAsMaskPath(suv, slow.thresholdSuv, slowLabels, options);
  return slow.lesions.length;
}

/**
 * Both paths list the foreground without a mask; this checks them against the plain one they replaced:
 * `labelComponents(thresholdMask(...))`. Each lesion must be exactly one mask component (same voxels;
 * components below the minimum volume are the only ones without a lesion).
 */
function expectSameAsMaskPath(
  suv: Volume,
  threshold: number,
  labels: Int32Array,
  options: FindLesionsOptions,
): void {
  const mask = thresholdMask(suv, threshold, options.exclusionMask);
  const reference = labelComponents(suv, mask, options.connectivity ?? 26);
  const componentOf = new Map<number, number>();
  const sizes = new Map<number, number>();
  for (let n = 0; n < labels.length; n++) {
    const lesion = labels[n] as number;
    const component = reference.labels[n] as number;
    if (lesion === 0) continue;
    if (component === 0) expect.fail(`voxel ${n} is in lesion ${lesion} but below the threshold`);
    if ((componentOf.get(lesion) ?? component) !== component)
      expect.fail(`lesion ${lesion} spans two mask components`);
    componentOf.set(lesion, component);
    sizes.set(component, (sizes.get(component) ?? 0) + 1);
  }
  expect(new Set(componentOf.values()).size, 'one component per lesion').toBe(componentOf.size);
  const minVoxels =
    (options.minVolumeMl ?? 0) / ((suv.spacingMm[0] * suv.spacingMm[1] * suv.spacingMm[2]) / 1000);
  for (let label = 1; label <= reference.count; label++) {
    const voxels = voxelsOf(reference.regions, label).length;
    const inLesions = sizes.get(label);
    if (inLesions === undefined) expect(voxels, `component ${label} dropped`).toBeLessThan(minVoxels);
    else expect(inLesions, `component ${label}`).toBe(voxels);
  }
}

describe('findLesionsInActivity on the real GE FDG series sts-001 (Bq/ml, 41 × 43 × 59)', async () => {
  const folder = new URL('../../../testdata/real-pet/sts-001-pet/image/', import.meta.url);
  const instances = readdirSync(folder).map((name) =>
    readDicomInstance(new Uint8Array(readFileSync(new URL(name, folder))), name),
  );
  const { pet } = await buildPetStudy(instances);
  const bqml = pet.volume;
  const factor = pet.suvScale.bw;
  // A reference sphere in the volume's middle (the liver is not in this field of view; the fused path
  // must agree for any reference) and an exclusion box over part of the tumour.
  const centreLps = ijkToLps(bqml, [20, 21, 29]);
  const exclusionMask = new Uint8Array(bqml.data.length);
  for (let k = 25; k < 35; k++)
    for (let j = 0; j < 43; j++) for (let i = 0; i < 20; i++) exclusionMask[i + 41 * (j + 43 * k)] = 1;

  it('equals scaleVolume + findLesions for fixed thresholds, connectivities and a minimum volume', () => {
    let lesions = 0;
    for (const method of ['suv:2.5', 'suv:4', 'suv:1']) {
      lesions += expectSameAsSlowPath(bqml, factor, method);
      lesions += expectSameAsSlowPath(bqml, factor, method, { connectivity: 6, minVolumeMl: 0.5 });
      lesions += expectSameAsSlowPath(bqml, factor, method, { connectivity: 18, exclusionMask });
    }
    expect(lesions).toBeGreaterThan(9); // the tumour (SUVmax 7.9) and noise blobs at the lower levels
  });

  it('compares the float32 SUV, not the double product, with the threshold (as thresholdMask does)', () => {
    // A threshold exactly at the stored SUV of a hot voxel whose double product lies just below it: the
    // voxel is foreground only if the rounded float32 is compared.
    let threshold = Number.NaN;
    for (const raw of bqml.data) {
      const product = raw * factor;
      if (product > 3 && Math.fround(product) > product) {
        threshold = Math.fround(product);
        break;
      }
    }
    expect(threshold).toBeGreaterThan(3);
    expect(expectSameAsSlowPath(bqml, factor, `suv:${threshold}`)).toBeGreaterThan(0);
  });

  it('equals scaleVolume + findLesions for PERCIST (liver and blood-pool rules) and the per-lesion methods', () => {
    for (const kind of ['liver', 'blood-pool'] as const) {
      const percistReference = { kind, centreLps };
      expect(expectSameAsSlowPath(bqml, factor, 'percist', { percistReference })).toBeGreaterThan(0);
      expectSameAsSlowPath(bqml, factor, 'percist', { percistReference, exclusionMask, minVolumeMl: 0.1 });
    }
    expectSameAsSlowPath(bqml, factor, 'percent:41');
  });

  it('fails as findLesions does without a PERCIST reference', () => {
    expect(() => findLesionsInActivity(bqml, factor, parseSegmentation('percist'))).toThrow(ImagingError);
    expect(() => findLesionsInActivity(bqml, factor, parseSegmentation('percist'))).toThrow(
      /needs a liver reference/,
    );
  });
});

describe('findLesionsInActivity on a noisy synthetic body', () => {
  // 96 × 80 × 140 voxels of 4 mm (over a million: the foreground list grows past its first 65,536
  // entries at suv:1.1), background 0.9 ± 0.3 SUV in Bq/ml, 12 boxes of SUV 3–9, and NaN voxels
  // (never foreground, in both paths; away from the PERCIST sphere, whose mean they would make NaN).
  const dims = [96, 80, 140] as const;
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  const random = lcg(42);
  const bqPerSuv = 5300;
  for (let n = 0; n < data.length; n++) data[n] = (0.6 + 0.6 * random()) * bqPerSuv;
  const activity: Volume = {
    dims,
    spacingMm: [4, 4, 4],
    originMm: [-190, -160, -600],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data,
  };
  for (let box = 0; box < 12; box++) {
    const lo = [4 + ((box * 7) % 80), 4 + ((box * 11) % 66), 4 + ((box * 13) % 120)] as const;
    paintBox(
      activity,
      lo,
      [lo[0] + 1 + (box % 4), lo[1] + 2, lo[2] + 1 + (box % 3)],
      (3 + box / 2) * bqPerSuv,
    );
  }
  for (let n = 0; n < dims[0] * dims[1] * 20; n += 97) data[n] = Number.NaN; // in the first 20 slices
  const percistReference = { kind: 'liver', centreLps: ijkToLps(activity, [48, 40, 70]) } as const;

  it('equals scaleVolume + findLesions for suv thresholds (one with most voxels foreground) and PERCIST', () => {
    expect(expectSameAsSlowPath(activity, 1 / bqPerSuv, 'suv:2.5')).toBe(12);
    expect(expectSameAsSlowPath(activity, 1 / bqPerSuv, 'suv:1.1')).toBeGreaterThan(1);
    expect(expectSameAsSlowPath(activity, 1 / bqPerSuv, 'percist', { percistReference })).toBeGreaterThan(11);
  });
});
