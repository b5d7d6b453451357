import { describe, expect, it } from 'vitest';
import { wholeBodyBurden } from './burden.ts';
import type { Lesion } from './lesion-measures.ts';

const lesion = (label: number, suvMax: number, volumeMl: number, suvMean: number): Lesion => ({
  label,
  voxelCount: 1,
  volumeMl,
  suvMax,
  suvMean,
  suvPeak: suvMax,
  suvPeakGlobal: suvMax,
  totalLesionUptake: suvMean * volumeMl,
  centroidMm: [0, 0, 0],
  suvMaxMm: [0, 0, 0],
});

describe('wholeBodyBurden', () => {
  it('averages the SUVmax of the five hottest of seven lesions and sums volume and uptake', () => {
    const lesions = [
      lesion(1, 3, 1, 2),
      lesion(2, 10, 2, 5),
      lesion(3, 8, 1, 4),
      lesion(4, 6, 1, 3),
      lesion(5, 12, 1, 6),
      lesion(6, 4, 1, 2),
      lesion(7, 7, 1, 3),
    ];
    const burden = wholeBodyBurden(lesions);
    // Hottest five: 12, 10, 8, 7, 6 → 43 / 5 = 8.6.
    expect(burden.hotFiveMeanSuvMax).toBeCloseTo(8.6, 12);
    expect(burden.hotFiveLabels).toEqual([5, 2, 3, 7, 4]);
    expect(burden.suvMaxHighest).toBe(12);
    expect(burden.lesionCount).toBe(7);
    expect(burden.totalVolumeMl).toBe(8);
    // Uptake: 2 + 10 + 4 + 3 + 6 + 2 + 3 = 30.
    expect(burden.totalLesionUptake).toBe(30);
  });

  it('averages all lesions when there are five or fewer, and gives nulls without lesions', () => {
    expect(wholeBodyBurden([lesion(1, 4, 1, 2), lesion(2, 6, 1, 3)]).hotFiveMeanSuvMax).toBe(5);
    const none = wholeBodyBurden([]);
    expect(none.hotFiveMeanSuvMax).toBeNull();
    expect(none.suvMaxHighest).toBeNull();
    expect(none.totalVolumeMl).toBe(0);
  });
});
