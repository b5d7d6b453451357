import { describe, expect, it } from 'vitest';
import { blankVolume, lcg, paintBox } from '../test-volumes.ts';
import { distanceToMaskMm, surfaceMask } from './surface-distance.ts';

describe('distanceToMaskMm', () => {
  it('equals the brute-force nearest distance on an anisotropic grid with a random mask', () => {
    const dims = [9, 7, 5] as const;
    const spacingMm = [1.5, 2, 3.5] as const;
    const random = lcg(7);
    const mask = Uint8Array.from({ length: 9 * 7 * 5 }, () => (random() < 0.04 ? 1 : 0));
    const distance = distanceToMaskMm({ dims, spacingMm }, mask);
    const centre = (n: number) => [
      (n % 9) * spacingMm[0],
      (Math.floor(n / 9) % 7) * spacingMm[1],
      Math.floor(n / 63) * spacingMm[2],
    ];
    for (let n = 0; n < mask.length; n++) {
      let best = Number.POSITIVE_INFINITY;
      const p = centre(n);
      for (let m = 0; m < mask.length; m++)
        if (mask[m]) {
          const q = centre(m);
          best = Math.min(
            best,
            Math.hypot((p[0] ?? 0) - (q[0] ?? 0), (p[1] ?? 0) - (q[1] ?? 0), (p[2] ?? 0) - (q[2] ?? 0)),
          );
        }
      // float32 storage: 1e-5 relative.
      expect(Math.abs((distance[n] as number) - best), `voxel ${n}`).toBeLessThanOrEqual(1e-5 * best + 1e-6);
    }
  });

  it('is infinite everywhere for an empty mask', () => {
    expect(
      Array.from(distanceToMaskMm({ dims: [3, 2, 2], spacingMm: [1, 1, 1] }, new Uint8Array(12))),
    ).toEqual(new Array(12).fill(Number.POSITIVE_INFINITY));
  });
});

describe('surfaceMask', () => {
  it('marks the outer voxels of a soft-tissue box in air and of a bone box inside it', () => {
    const ct = blankVolume([7, 7, 7], [1, 1, 1], -1000);
    paintBox(ct, [1, 1, 1], [5, 5, 5], 40);
    paintBox(ct, [3, 3, 3], [3, 3, 3], 700);
    const mask = surfaceMask(ct);
    const at = (i: number, j: number, k: number) => mask[i + 7 * (j + 7 * k)];
    expect(at(1, 3, 3)).toBe(1); // body outline
    expect(at(2, 3, 3)).toBe(0); // soft tissue inside
    expect(at(3, 3, 3)).toBe(1); // the bone voxel (its neighbours are below 200 HU)
    expect(at(0, 3, 3)).toBe(0); // air
    // 5³ − 3³ outline voxels + 1 bone voxel.
    expect(mask.reduce((s, v) => s + v, 0)).toBe(125 - 27 + 1);
  });
});
