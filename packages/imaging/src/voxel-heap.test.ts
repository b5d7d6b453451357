import { describe, expect, it } from 'vitest';
import { VoxelHeap } from './voxel-heap.ts';

describe('VoxelHeap', () => {
  it('pops voxels by descending value, equal values by ascending index, across growth', () => {
    // 100 pseudo-random values from a fixed LCG, many ties (values 0..9); truth from Array.sort.
    const heap = new VoxelHeap(4);
    const items: [number, number][] = [];
    let state = 12345;
    for (let index = 0; index < 100; index++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      const value = state % 10;
      items.push([index, value]);
      heap.push(index, value);
    }
    const expected = items.sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([index]) => index);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop());
    expect(popped).toEqual(expected);
    expect(heap.pop()).toBe(-1);
  });
});
