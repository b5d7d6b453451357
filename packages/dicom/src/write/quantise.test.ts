import { describe, expect, it } from 'vitest';
import { int16LittleEndian, quantiseSlice } from './quantise.ts';

describe('quantiseSlice', () => {
  it('reproduces every value within half a slope step and uses the full signed range', () => {
    const values = Float32Array.from({ length: 1000 }, (_, n) => Math.sin(n) * 12345.678 - 100);
    const { stored, slope } = quantiseSlice(values);
    let maxStored = 0;
    for (let n = 0; n < values.length; n++) {
      expect(Math.abs((stored[n] as number) * slope - (values[n] as number))).toBeLessThanOrEqual(
        slope / 2 + 1e-9,
      );
      maxStored = Math.max(maxStored, Math.abs(stored[n] as number));
    }
    expect(maxStored).toBeGreaterThanOrEqual(32765);
    expect(maxStored).toBeLessThanOrEqual(32767);
  });

  it('gives slope 1 and zeros for an empty slice', () => {
    const { stored, slope } = quantiseSlice(new Float32Array(4));
    expect(slope).toBe(1);
    expect(Array.from(stored)).toEqual([0, 0, 0, 0]);
  });

  it('writes little-endian bytes', () => {
    expect(Array.from(new Uint8Array(int16LittleEndian(Int16Array.from([1, -2]))))).toEqual([
      1, 0, 0xfe, 0xff,
    ]);
  });
});
