import { describe, expect, it } from 'vitest';
import { ImagingError } from './errors.ts';
import { percistThreshold } from './percist.ts';
import { sphereOffsets } from './sphere.ts';
import { blankVolume } from './test-volumes.ts';

describe('percistThreshold', () => {
  // A liver whose voxels alternate SUV 1.5 and 2.5 in a checkerboard (i + j + k even → 2.5), 5 mm voxels.
  // The 3 cm sphere (radius 15 mm) about a voxel centre holds the lattice points a²+b²+c² ≤ 9 at 5 mm:
  // 123 voxels (shells 0:1, 1:6, 2:12, 3:8, 4:6, 5:24, 6:24, 8:12, 9:30). Even shells (a+b+c even) are
  // 0, 2, 4, 6, 8 → 1 + 12 + 6 + 24 + 12 = 55 voxels of 2.5; the other 68 are 1.5.
  // mean = (55·2.5 + 68·1.5)/123 = 239.5/123; sample SD from the two values by hand below.
  const volume = blankVolume([21, 21, 21], [5, 5, 5]);
  for (let n = 0; n < volume.data.length; n++) {
    const i = n % 21;
    const j = Math.floor(n / 21) % 21;
    const k = Math.floor(n / 441);
    volume.data[n] = (i + j + k) % 2 === 0 ? 2.5 : 1.5;
  }
  const centre = [50, 50, 50] as const; // voxel (10, 10, 10): i+j+k even
  const mean = (55 * 2.5 + 68 * 1.5) / 123;
  const sd = Math.sqrt((55 * (2.5 - mean) ** 2 + 68 * (1.5 - mean) ** 2) / 122);

  it('takes 1.5 × liver mean + 2 SD in a 3 cm sphere', () => {
    expect(sphereOffsets(volume, 15).count).toBe(123);
    const result = percistThreshold(volume, { kind: 'liver', centreLps: centre });
    expect(result.voxelCount).toBe(123);
    expect(result.meanSuv).toBeCloseTo(mean, 12);
    expect(result.sdSuv).toBeCloseTo(sd, 12);
    expect(result.thresholdSuv).toBeCloseTo(1.5 * mean + 2 * sd, 12);
    expect(result.diameterMm).toBe(30);
  });

  it('takes 2 × blood-pool mean + 2 SD in a 1 cm sphere as the fallback', () => {
    // Radius 5 mm at 5 mm voxels: the centre (2.5) and its 6 face neighbours (1.5): mean 11.5/7.
    const bp = (2.5 + 6 * 1.5) / 7;
    const bpSd = Math.sqrt(((2.5 - bp) ** 2 + 6 * (1.5 - bp) ** 2) / 6);
    const result = percistThreshold(volume, { kind: 'blood-pool', centreLps: centre });
    expect(result.voxelCount).toBe(7);
    expect(result.thresholdSuv).toBeCloseTo(2 * bp + 2 * bpSd, 12);
  });

  it('names the reference when its sphere misses the volume', () => {
    expect(() => percistThreshold(volume, { kind: 'liver', centreLps: [500, 0, 0] })).toThrow(ImagingError);
    expect(() => percistThreshold(volume, { kind: 'liver', centreLps: [500, 0, 0] })).toThrow(/ref liver/);
  });
});
