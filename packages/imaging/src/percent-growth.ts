import type { Mask, Volume } from '@cxcr4pet/volume';
import { forChunks } from '@cxcr4pet/volume';
import type { Components } from './connected-components.ts';
import { ImagingError } from './errors.ts';
import { type Connectivity, DEFAULT_CONNECTIVITY, NeighbourCursor } from './neighbourhood.ts';
import { checkSameGrid } from './voi-statistics.ts';
import { VoxelHeap } from './voxel-heap.ts';

/** Parameters of per-lesion percent-of-own-SUVmax segmentation. */
export interface PercentGrowthParameters {
  /** Contour level in percent of each lesion's own SUVmax (41 → 41 %). */
  readonly percent: number;
  /** Only local maxima with SUV ≥ this start a lesion. */
  readonly seedSuv: number;
  /** Two maxima stay apart when the saddle between them lies ≥ this fraction of the lower one below it. */
  readonly minDipFraction: number;
  readonly connectivity?: Connectivity;
  /** Voxels set here are treated as absent: never a seed, never flooded, never part of a lesion. */
  readonly exclusionMask?: Mask;
}

/**
 * Per-lesion percent-of-SUVmax segmentation grown from local maxima, so that touching lesions stay apart.
 * The rule, step by step (`n` = the chosen connectivity, 26 by default):
 * 1. Seeds: every voxel with SUV ≥ `seedSuv` that is ≥ each of its n neighbours (excluded voxels ignored).
 * 2. Flooding: from all seeds at once, voxels are taken in descending SUV order (ties: lower index first)
 *    down to the floor `percent`% × the lowest seed's SUV (no lesion's contour can lie lower). Each voxel joins the
 *    region of the already-flooded neighbour that reached it first, i.e. its highest flooded neighbour:
 *    regions partition the voxels along watershed lines, as in a marker-based watershed.
 * 3. Competition: when a voxel at SUV s touches a flooded voxel of another region, the region with the
 *    lower maximum m is merged into the other if m − s < `minDipFraction` × m (a shallow dip: noise or one
 *    lesion with two hot spots); otherwise the two stay separate lesions, split by the watershed line.
 *    Plateaus give several seeds that merge at once (dip 0).
 * 4. Contour: a lesion is the part of its region with SUV ≥ `percent`% × its own SUVmax that is connected
 *    (within the region) to its maximum voxel; lower parts of the region only block other lesions.
 * Unseeded hot spots (max < `seedSuv`) never start a lesion but may fall inside a seeded lesion's contour.
 * Monotone in `percent` while percent ≤ 100 × (1 − `minDipFraction`): a merge needs a meeting level above
 * (1 − dip) × the lower maximum, which lies above every flooding floor, so a lower percentage sees the same
 * catchments and only lowers each contour (threshold-monotonicity.test.ts). Above that, a lower percentage
 * can merge two lesions and cut the smaller one's rim at percent % of the larger maximum.
 * Returns lesions labelled 1..count in memory order of their maximum voxels. Cost: one pass over the
 * volume for seeds, then a heap flood over the voxels ≥ the floor that the seeds reach.
 */
export function growPercentRegions(suv: Volume, parameters: PercentGrowthParameters): Components {
  const fraction = parameters.percent / 100;
  const { labels, count, regions } = floodCatchments(suv, parameters).contours((maxSuv) => fraction * maxSuv);
  return { labels, count, regions };
}

/**
 * The catchments of `growPercentRegions` after steps 1–3 (seeds, flooding down to `percent`% of the lowest
 * seed, merging of shallow dips), ready for step 4 at any contour level per lesion.
 */
export interface Catchments {
  /**
   * Step 4 with `levelOf(maxSuv, seed)` as each lesion's contour level (percent growth: percent % ×
   * maxSuv; `seed` is the index of the lesion's maximum voxel that seeded it). A level below the flooding floor behaves as the floor (unflooded voxels are never reached);
   * a level above the maximum leaves the lesion empty (it is then not counted).
   */
  contours(levelOf: (maxSuv: number, seed: number) => number): SeededComponents;
}

/** Lesions of one contour pass, with the seed voxel (index of its maximum) of lesion n at `seeds[n − 1]`. */
export type SeededComponents = Components & { readonly seeds: Int32Array };

/** Steps 1–3 of `growPercentRegions` (see there). */
export function floodCatchments(suv: Volume, parameters: PercentGrowthParameters): Catchments {
  const { percent, seedSuv, minDipFraction } = parameters;
  if (!(percent > 0 && percent < 100) || !(seedSuv > 0) || !(minDipFraction >= 0 && minDipFraction < 1)) {
    throw new ImagingError(
      'invalid-parameter',
      `Percent segmentation needs 0 < percent < 100, seed SUV > 0 and 0 ≤ dip < 1 (got ${percent}, ${seedSuv}, ${minDipFraction}).`,
      { field: 'segment' },
    );
  }
  const data = suv.data;
  const exclude = parameters.exclusionMask;
  if (exclude !== undefined) checkSameGrid(suv, exclude, 'exclusion mask');
  const cursor = new NeighbourCursor(suv, parameters.connectivity ?? DEFAULT_CONNECTIVITY);
  const total = data.length;
  const fraction = percent / 100;

  // Neighbour n of the cursor's voxel, or −1 beyond the grid or excluded.
  const neighbour = (n: number): number => {
    const next = cursor.at(n);
    return next >= 0 && exclude !== undefined && exclude[next] !== 0 ? -1 : next;
  };

  // 1. Seeds. Provisional region ids 1..seedCount; union-find over them.
  const region = new Int32Array(total); // provisional region id, 0 = not reached
  const heap = new VoxelHeap();
  const seedIndex: number[] = [0];
  let lowestSeed = Number.POSITIVE_INFINITY;
  const isLocalMax = (index: number, value: number): boolean => {
    cursor.moveTo(index);
    for (let n = 0; n < cursor.count; n++) {
      const next = neighbour(n);
      if (next >= 0 && (data[next] as number) > value) return false;
    }
    return true;
  };
  forChunks(total, (start, end) => {
    for (let index = start; index < end; index++) {
      const value = data[index] as number;
      if (!(value >= seedSuv) || (exclude !== undefined && exclude[index] !== 0)) continue;
      if (!isLocalMax(index, value)) continue;
      region[index] = seedIndex.length;
      seedIndex.push(index);
      heap.push(index, value);
      if (value < lowestSeed) lowestSeed = value;
    }
  });
  // No lesion's contour lies below percent % of the lowest seed, so flooding stops there.
  const floor = fraction * lowestSeed;
  const seedCount = seedIndex.length - 1;
  const parent = Int32Array.from({ length: seedCount + 1 }, (_, n) => n);
  const regionMax = Float64Array.from(seedIndex, (index) => data[index] as number);
  const find = (id: number): number => {
    let root = id;
    while ((parent[root] as number) !== root) root = parent[root] as number;
    while ((parent[id] as number) !== root) {
      const up = parent[id] as number;
      parent[id] = root;
      id = up;
    }
    return root;
  };

  // 2–3. Flooding with merging of shallow dips.
  const done = new Uint8Array(total);
  const meet = (a: number, b: number, level: number): void => {
    const maxA = regionMax[a] as number;
    const maxB = regionMax[b] as number;
    // The lower maximum (ties: the later seed) is the candidate for merging into the other.
    const aIsLow = maxA < maxB || (maxA === maxB && a > b);
    const lowMax = aIsLow ? maxA : maxB;
    if (lowMax - level < minDipFraction * lowMax) {
      if (aIsLow) parent[a] = b;
      else parent[b] = a;
    }
  };
  const flood = (index: number): void => {
    done[index] = 1;
    const level = data[index] as number;
    const own = region[index] as number;
    cursor.moveTo(index);
    for (let n = 0; n < cursor.count; n++) {
      const next = neighbour(n);
      if (next < 0) continue;
      const other = region[next] as number;
      if (other === 0) {
        const value = data[next] as number;
        if (value >= floor) {
          region[next] = own;
          heap.push(next, value);
        }
      } else if (done[next] !== 0) {
        // Queued neighbours are checked when they are flooded, at their own (lower) level.
        const a = find(own);
        const b = find(other);
        if (a !== b) meet(a, b, level);
      }
    }
  };
  for (let index = heap.pop(); index >= 0; index = heap.pop()) flood(index);

  // 4. Contours, kept only where connected to each lesion's own maximum within its region.
  const contours = (levelOf: (maxSuv: number, seed: number) => number): SeededComponents => {
    const labels = new Int32Array(total);
    const seeds: number[] = [];
    const stack: number[] = [];
    const members: number[] = []; // every lesion's voxels, lesion after lesion
    const offsets: number[] = [0];
    const growContour = (id: number, label: number): boolean => {
      const start = seedIndex[id] as number;
      const level = levelOf(regionMax[id] as number, start);
      if (!((data[start] as number) >= level)) return false;
      const first = members.length;
      labels[start] = label;
      stack.push(start);
      while (stack.length > 0) {
        const index = stack.pop() as number;
        members.push(index);
        cursor.moveTo(index);
        for (let n = 0; n < cursor.count; n++) {
          const next = neighbour(n);
          if (next < 0 || labels[next] !== 0 || region[next] === 0) continue;
          if (!((data[next] as number) >= level) || find(region[next] as number) !== id) continue;
          labels[next] = label;
          stack.push(next);
        }
      }
      const sorted = members.slice(first).sort((a, b) => a - b);
      for (let n = 0; n < sorted.length; n++) members[first + n] = sorted[n] as number;
      offsets.push(members.length);
      seeds.push(start);
      return true;
    };
    let count = 0;
    for (let id = 1; id <= seedCount; id++) if (find(id) === id && growContour(id, count + 1)) count++;
    const regions = { count, offsets: Int32Array.from(offsets), voxels: Int32Array.from(members) };
    return { labels, count, regions, seeds: Int32Array.from(seeds) };
  };
  return { contours };
}
