import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, TESTDATA } from '../../test-support.ts';
import type { AnalyzeReport } from './analyze-study.ts';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('analyze stamps its result with version, parameters and methods', () => {
  it('states every parameter in effect, defaults included, and the rule of each measure', async () => {
    const result = await cli(
      'analyze',
      join(TESTDATA, 'real-pet/sts-001-pet/image'),
      '--segment',
      'bgpercent:45',
      '--min-volume-ml',
      '0.5',
      '--json',
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as AnalyzeReport;
    const p = report.provenance;
    expect([p.software, p.version, p.command]).toEqual(['cxcr4pet', pkg.version, 'analyze']);
    expect(p.parameters).toEqual({
      segment: 'bgpercent:45,seed:2.5,dip:0.3,gap:10,width:10',
      suv: 'bw',
      connectivity: 26,
      minVolumeMl: 0.5,
      references: [],
      exclusions: [],
      vois: [],
      features: false,
      regions: null,
      marrowBoneHu: null,
    });
    expect(p.methods.segmentation).toBe(report.segmentation.description);
    expect(p.methods.segmentation).toMatch(/B \+ 45 % × \(SUVmax − B\)/);
    expect(Object.keys(p.methods)).toEqual(
      expect.arrayContaining(['suv', 'segmentation', 'suvPeak', 'references', 'tbr', 'burden']),
    );
  });
});
