import { describe, expect, it } from 'vitest';
import { majorityRegion, regionCounts } from './regions.ts';

describe('majorityRegion', () => {
  const regions = Int32Array.from([0, 1, 1, 2, 2, 2, 3, 3]);

  it('takes the label holding most of the lesion, ignoring unlabelled voxels', () => {
    expect(majorityRegion(regions, [0, 0, 3, 4, 1])).toBe(2);
  });

  it('breaks ties towards the lower label and gives 0 without any labelled voxel', () => {
    expect(majorityRegion(regions, [1, 2, 6, 7])).toBe(1);
    expect(majorityRegion(regions, [0])).toBe(0);
  });
});

describe('regionCounts', () => {
  it('lists every named region, counts the lesions in each and adds unnamed labels after', () => {
    const thorax = { label: 1, name: 'thorax' };
    const counts = regionCounts(
      [
        { region: thorax, volumeMl: 2, totalLesionUptake: 10 },
        { region: thorax, volumeMl: 3, totalLesionUptake: 5 },
        { region: { label: 7, name: 'region 7' }, volumeMl: 1, totalLesionUptake: 1 },
        { region: null, volumeMl: 9, totalLesionUptake: 9 },
      ],
      [thorax, { label: 2, name: 'abdomen' }],
    );
    expect(counts).toEqual([
      { label: 1, name: 'thorax', lesionCount: 2, totalVolumeMl: 5, totalLesionUptake: 15 },
      { label: 2, name: 'abdomen', lesionCount: 0, totalVolumeMl: 0, totalLesionUptake: 0 },
      { label: 7, name: 'region 7', lesionCount: 1, totalVolumeMl: 1, totalLesionUptake: 1 },
    ]);
  });
});
