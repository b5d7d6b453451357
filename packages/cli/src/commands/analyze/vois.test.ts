import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, TESTDATA } from '../../test-support.ts';
import type { AnalyzeReport } from './analyze-study.ts';

const STS = join(TESTDATA, 'real-pet/sts-001-pet');

describe('cxcr4pet analyze --voi --features on the real STS-001 PET', () => {
  it('measures the RTSTRUCT and NIfTI outlines of the tumour as numpy did, with IBSI features for each', async () => {
    const result = await cli(
      'analyze',
      join(STS, 'image'),
      '--segment',
      'suv:4',
      '--min-volume-ml',
      '1',
      '--voi',
      join(STS, 'mask/RS.dcm'),
      '--voi',
      join(STS, 'PET_mask.nii.gz'),
      '--features',
      '--json',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as AnalyzeReport;
    expect(report.vois.map((v) => [v.name, v.kind])).toEqual([
      ['GTV_Mass_PET', 'rtstruct'],
      ['PET_mask', 'nifti'],
    ]);
    // testdata/README.md (numpy, independent): 5095 voxels, 366.08 ml, SUVmax 7.9107, SUVmean 2.5551,
    // IBSI local peak 5.313. The stored values are SUV (Units GML) to float32: tolerance 1e-4 relative.
    for (const voi of report.vois) {
      expect(voi.voxelCount).toBe(5095);
      expect(voi.volumeMl).toBeCloseTo(366.08, 2);
      expect(Math.abs(voi.suvMax - 7.9107)).toBeLessThan(1e-4 * 7.9107);
      expect(Math.abs(voi.suvMean - 2.5551)).toBeLessThan(1e-4 * 2.5551);
      expect(Math.abs(voi.suvPeak - 5.313)).toBeLessThan(5e-4); // README prints 4 significant digits
    }
    const [rt, nifti] = report.vois;
    expect(rt?.features).toEqual(nifti?.features); // one tumour, one set of voxels
    const features = rt?.features ?? [];
    expect(features.length).toBe(129);
    // Morphology from the same mask: voxel-counting volume is the voxel count × voxel volume (mm³).
    const volumeVoxel = features.find((f) => f.code === 'YEKZ');
    expect(volumeVoxel?.name).toBe('Volume (voxel counting)');
    expect(volumeVoxel?.value).toBeCloseTo(366.08 * 1000, -1);
    const maximum = features.find((f) => f.code === '84IY');
    expect(Math.abs((maximum?.value ?? 0) - 7.9107)).toBeLessThan(1e-3);
    // Every lesion carries its features too, and the method is stated once.
    expect(report.lesions.every((l) => Array.isArray(l.features) && l.features.length === 129)).toBe(true);
    expect(report.features?.settings.discretisation).toEqual({
      kind: 'fixed-bin-size',
      binWidth: 0.25,
      lowerBound: 0,
    });
  });

  it('says in one line which --voi file is missing', async () => {
    const result = await cli('analyze', join(STS, 'image'), '--voi', join(STS, 'absent.nii.gz'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^cxcr4pet analyze: --voi .*absent\.nii\.gz: no such file/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
