// Property: a lower threshold never gives a smaller region. For each method the union of all lesion voxels
// at the lower setting must contain the union at the higher one, on random volumes.
import type { Volume } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { findLesions } from './find-lesions.ts';
import type { Segmentation } from './segmentation.ts';
import { blankVolume, gaussianBlur, lcg } from './test-volumes.ts';

/**
 * Random blurred spheres (radius 4–9 mm, SUV 2–14 above a uniform background of 0.5–2.5), 2 mm voxels,
 * Gaussian PSF 3–7 mm FWHM.
 */
function randomVolume(seed: number, lesionCount: number): Volume {
  const random = lcg(seed);
  const n = 24;
  const background = 0.5 + 2 * random();
  const volume = blankVolume([n, n, n], [2, 2, 2], background);
  for (let l = 0; l < lesionCount; l++) {
    const centre = [6 + 12 * random(), 6 + 12 * random(), 6 + 12 * random()];
    const radiusMm = 4 + 5 * random();
    const suv = background + 2 + 12 * random();
    for (let index = 0; index < volume.data.length; index++) {
      const i = index % n;
      const j = Math.floor(index / n) % n;
      const k = Math.floor(index / (n * n));
      const d = 2 * Math.hypot(i - (centre[0] ?? 0), j - (centre[1] ?? 0), k - (centre[2] ?? 0));
      if (d <= radiusMm) volume.data[index] = Math.max(volume.data[index] ?? 0, suv);
    }
  }
  return gaussianBlur(volume, 3 + 4 * random());
}

function union(volume: Volume, segmentation: Segmentation): Uint8Array {
  const labels = findLesions(volume, segmentation).labels;
  return Uint8Array.from(labels, (label) => (label > 0 ? 1 : 0));
}

/** Voxels set in `inner` but not in `outer` (0 when inner ⊆ outer). */
function missing(inner: Uint8Array, outer: Uint8Array): number {
  let count = 0;
  for (let n = 0; n < inner.length; n++) if (inner[n] !== 0 && outer[n] === 0) count++;
  return count;
}

const SEEDS = Array.from({ length: 12 }, (_, n) => n + 1);

describe('threshold monotonicity (a lower threshold never gives a smaller region)', () => {
  it.each(SEEDS)('suv: lower fixed thresholds contain higher ones (volume %i)', (seed) => {
    const volume = randomVolume(seed, 3);
    const random = lcg(1000 + seed);
    const high = 2 + 6 * random();
    const low = high * random();
    const a = union(volume, { kind: 'suv', thresholdSuv: high });
    const b = union(volume, { kind: 'suv', thresholdSuv: Math.max(0.01, low) });
    expect(missing(a, b)).toBe(0);
  });

  // Overlapping spheres included: with percent ≤ 100 × (1 − dip) every merge of two catchments happens
  // above the flooding floor of both settings, so both see the same catchments (see percent-growth.ts).
  it.each(SEEDS)(
    'percent: lower percentages contain higher ones, also for touching lesions (volume %i)',
    (seed) => {
      const volume = randomVolume(seed, 3);
      const random = lcg(2000 + seed);
      const high = 20 + 50 * random();
      const low = 10 + (high - 10) * random();
      const at = (percent: number) =>
        union(volume, { kind: 'percent', percent, seedSuv: 2.5, minDipFraction: 0.3 });
      expect(missing(at(high), at(low))).toBe(0);
    },
  );

  // One lesion per volume in a uniform background: the background shell moves outward as the percentage
  // falls, so B can only fall (the blurred sphere's tail decreases with distance).
  it.each(SEEDS)('bgpercent: lower percentages contain higher ones (volume %i)', (seed) => {
    const volume = randomVolume(seed, 1);
    const random = lcg(3000 + seed);
    const high = 20 + 60 * random();
    const low = 10 + (high - 10) * random();
    // Seeded at 90 % of the image maximum: the lesion's own maximum, not the flat background.
    const seedSuv = 0.9 * volume.data.reduce((a, b) => Math.max(a, b), 0);
    const at = (percent: number) =>
      union(volume, { kind: 'bgpercent', percent, seedSuv, minDipFraction: 0.3, gapMm: 4, widthMm: 6 });
    const a = at(high);
    const b = at(low);
    expect(a.some((v) => v !== 0)).toBe(true);
    expect(missing(a, b)).toBe(0);
  });
});
