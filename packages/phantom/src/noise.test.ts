import { describe, expect, it } from 'vitest';
import { normalStream } from './noise.ts';

describe('normalStream', () => {
  it('repeats itself for the same seed and differs for another', () => {
    const a = normalStream(7);
    const b = normalStream(7);
    const c = normalStream(8);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
  });

  it('has mean 0 and variance 1 within sampling error', () => {
    // 200 000 draws: SE of the mean 0.0022, SE of the variance ≈ √(2/n) = 0.0032; 5 SE tolerances.
    const next = normalStream(1);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    for (let k = 0; k < n; k++) {
      const x = next();
      sum += x;
      sumSq += x * x;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(0.011);
    expect(Math.abs(sumSq / n - mean * mean - 1)).toBeLessThan(0.016);
  });
});
