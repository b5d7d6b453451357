import { describe, expect, it } from 'vitest';
import { erf } from './erf.ts';

describe('erf', () => {
  it('matches tabulated values to 1.2e-7 (Abramowitz & Stegun table 7.1)', () => {
    // erf(0.5) = 0.5204998778, erf(1) = 0.8427007929, erf(2) = 0.9953222650, erf(3) = 0.9999779095
    const table: readonly [number, number][] = [
      [0, 0],
      [0.5, 0.5204998778],
      [1, 0.8427007929],
      [2, 0.995322265],
      [3, 0.9999779095],
    ];
    for (const [x, expected] of table) {
      expect(Math.abs(erf(x) - expected)).toBeLessThan(1.2e-7);
      expect(Math.abs(erf(-x) + expected)).toBeLessThan(1.2e-7);
    }
  });
});
