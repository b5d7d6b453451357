import { describe, expect, it } from 'vitest';
import type { OrganReference } from './organ-references.ts';
import { targetToBackground } from './target-background.ts';

const reference = (organ: OrganReference['organ'], meanSuv: number): OrganReference => ({
  organ,
  centreLps: [0, 0, 0],
  diameterMm: 10,
  voxelCount: 1,
  volumeMl: 0.001,
  meanSuv,
  sdSuv: Number.NaN,
  peakSuv: meanSuv,
  maxSuv: meanSuv,
});

describe('targetToBackground', () => {
  it('divides the lesion SUVmax by each reference SUVmean (12 / 2 = 6, 12 / 0.25 = 48)', () => {
    const tbr = targetToBackground({ suvMax: 12 }, [reference('liver', 2), reference('brain', 0.25)]);
    expect(tbr).toEqual({ liver: 6, brain: 48 });
  });

  it('leaves out references whose SUVmean is not positive and gives none without references', () => {
    expect(targetToBackground({ suvMax: 5 }, [reference('muscle', 0)])).toEqual({});
    expect(targetToBackground({ suvMax: 5 }, [])).toEqual({});
  });
});
