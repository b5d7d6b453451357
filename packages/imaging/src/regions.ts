import type { LabelMap } from '@cxcr4pet/volume';

/** An anatomical region of a label map: its label and name. */
export interface Region {
  readonly label: number;
  readonly name: string;
}

/** The rule that gives a lesion its region, as results state it. */
export const LESION_REGION_RULE =
  'a lesion lies in the region label that holds most of its voxels (ties: the lower label); a lesion with no ' +
  'voxel in any region has none';

/** The region label holding most of `voxels` (ties: lower label), or 0 when none of them is labelled. */
export function majorityRegion(regions: LabelMap, voxels: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let n = 0; n < voxels.length; n++) {
    const label = regions[voxels[n] as number] as number;
    if (label > 0) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [label, count] of counts) {
    if (count > bestCount || (count === bestCount && label < best)) {
      best = label;
      bestCount = count;
    }
  }
  return best;
}

/** Lesions counted per region, with their volume and uptake. */
export interface RegionCount extends Region {
  readonly lesionCount: number;
  readonly totalVolumeMl: number;
  readonly totalLesionUptake: number;
}

/**
 * Counts per region of lesions that carry one (`region` null: none). Every named region is listed (with 0
 * when empty), then any other label a lesion carries, by label.
 */
export function regionCounts(
  lesions: readonly {
    readonly region: Region | null;
    readonly volumeMl: number;
    readonly totalLesionUptake: number;
  }[],
  named: readonly Region[],
): RegionCount[] {
  const byLabel = new Map<
    number,
    { name: string; lesionCount: number; totalVolumeMl: number; totalLesionUptake: number }
  >();
  for (const region of named)
    byLabel.set(region.label, { name: region.name, lesionCount: 0, totalVolumeMl: 0, totalLesionUptake: 0 });
  for (const lesion of lesions) {
    if (lesion.region === null) continue;
    const entry = byLabel.get(lesion.region.label) ?? {
      name: lesion.region.name,
      lesionCount: 0,
      totalVolumeMl: 0,
      totalLesionUptake: 0,
    };
    entry.lesionCount++;
    entry.totalVolumeMl += lesion.volumeMl;
    entry.totalLesionUptake += lesion.totalLesionUptake;
    byLabel.set(lesion.region.label, entry);
  }
  return [...byLabel.entries()].sort((a, b) => a[0] - b[0]).map(([label, entry]) => ({ label, ...entry }));
}
