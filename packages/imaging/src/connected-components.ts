import type { Grid, LabelMap, Mask } from '@cxcr4pet/volume';
import { forChunks } from '@cxcr4pet/volume';
import { type Connectivity, DEFAULT_CONNECTIVITY, NeighbourCursor } from './neighbourhood.ts';

/**
 * Connected regions of a mask: `labels` holds 0 for background and 1..count for the regions, and
 * `regions` lists each region's voxels, so callers never need to scan the whole label map again.
 */
export interface Components {
  readonly labels: LabelMap;
  readonly count: number;
  readonly regions: RegionVoxels;
}

/**
 * Labels the connected components of a mask (non-zero voxels) by breadth-first flood fill with an
 * explicit typed-array queue (no recursion, no per-voxel allocation). Labels are numbered in the order
 * of each component's first voxel in memory order (i fastest, then j, then k).
 * @param connectivity 6, 18 or 26 (default 26): which neighbours touch.
 */
export function labelComponents(
  grid: Grid,
  mask: Mask,
  connectivity: Connectivity = DEFAULT_CONNECTIVITY,
): Components {
  let foreground = 0;
  forChunks(mask.length, (start, end) => {
    for (let n = start; n < end; n++) if (mask[n] !== 0) foreground++;
  });
  const seeds = new Int32Array(foreground);
  let at = 0;
  forChunks(mask.length, (start, end) => {
    for (let n = start; n < end; n++) if (mask[n] !== 0) seeds[at++] = n;
  });
  return labelFromSeeds(grid, seeds, (index) => mask[index] !== 0, connectivity);
}

/**
 * Labels connected components given every foreground voxel: `seeds` lists them all, in ascending index
 * order, and `isForeground` says whether a neighbour is one (so no mask needs to exist: a caller can test
 * the image itself). Same labels and region lists as `labelComponents` on the mask of those voxels.
 */
export function labelFromSeeds(
  grid: Grid,
  seeds: Int32Array,
  isForeground: (index: number) => boolean,
  connectivity: Connectivity = DEFAULT_CONNECTIVITY,
): Components {
  const cursor = new NeighbourCursor(grid, connectivity);
  const [nx, ny, nz] = grid.dims;
  const labels = new Int32Array(nx * ny * nz);
  // The queue keeps every voxel: component L occupies queue[offsets[L − 1] .. offsets[L]).
  const queue = new Int32Array(seeds.length);
  const offsets: number[] = [0];
  let tail = 0;
  let count = 0;
  for (let s = 0; s < seeds.length; s++) {
    const seed = seeds[s] as number;
    if (labels[seed] !== 0) continue;
    // Breadth-first fill of one component from its first voxel in memory order.
    const label = ++count;
    labels[seed] = label;
    let head = tail;
    queue[tail++] = seed;
    while (head < tail) {
      cursor.moveTo(queue[head++] as number);
      for (let n = 0; n < cursor.count; n++) {
        const next = cursor.at(n);
        if (next < 0 || labels[next] !== 0 || !isForeground(next)) continue;
        labels[next] = label;
        queue[tail++] = next;
      }
    }
    queue.subarray(offsets[offsets.length - 1], tail).sort();
    offsets.push(tail);
  }
  return { labels, count, regions: { count, offsets: Int32Array.from(offsets), voxels: queue } };
}

/**
 * The voxels of each label of a label map, in compressed form: the voxels of label L (1..count) are
 * `voxels.subarray(offsets[L - 1], offsets[L])`, in ascending index order. Two passes, no per-region
 * arrays, so whole-body label maps with thousands of regions stay cheap.
 */
export interface RegionVoxels {
  readonly count: number;
  readonly offsets: Int32Array;
  readonly voxels: Int32Array;
}

export function regionVoxels(labels: LabelMap, count: number): RegionVoxels {
  const offsets = new Int32Array(count + 1);
  forChunks(labels.length, (start, end) => {
    for (let n = start; n < end; n++) {
      const label = labels[n] as number;
      if (label > 0 && label <= count) offsets[label] = (offsets[label] as number) + 1;
    }
  });
  for (let label = 1; label <= count; label++) {
    offsets[label] = (offsets[label] as number) + (offsets[label - 1] as number);
  }
  const voxels = new Int32Array(offsets[count] as number);
  const next = offsets.slice(0, count);
  forChunks(labels.length, (start, end) => {
    for (let n = start; n < end; n++) {
      const label = labels[n] as number;
      if (label > 0 && label <= count) {
        const at = next[label - 1] as number;
        voxels[at] = n;
        next[label - 1] = at + 1;
      }
    }
  });
  return { count, offsets, voxels };
}

/** The voxel indices of region `label` (1-based) in a `RegionVoxels`. */
export function voxelsOf(regions: RegionVoxels, label: number): Int32Array {
  return regions.voxels.subarray(regions.offsets[label - 1] ?? 0, regions.offsets[label] ?? 0);
}
