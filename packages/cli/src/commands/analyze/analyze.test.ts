import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, TESTDATA } from '../../test-support.ts';
import type { AnalyzeReport } from './analyze-study.ts';

const STS = join(TESTDATA, 'real-pet/sts-001-pet/image');

describe('cxcr4pet analyze on the real GE series (STS-001)', () => {
  it('prints the JSON contract and finds the tumour with the SUVmax numpy measured in its mask', async () => {
    const result = await cli('analyze', STS, '--segment', 'suv:2.5', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as AnalyzeReport;
    for (const key of [
      'seriesInstanceUid',
      'radiopharmaceutical',
      'injectedActivityBq',
      'halfLifeS',
      'weightKg',
    ]) {
      expect(report.pet).toHaveProperty(key);
    }
    expect(report.pet.units).toBe('GML');
    expect(report.pet.dims).toEqual([41, 43, 59]);
    expect(report.suv.kind).toBe('bw');
    expect(report.segmentation.method).toBe('suv:2.5');
    // The files hold SUVbw already (Units GML): our SUV must equal the stored values. testdata/README.md gives
    // SUVmax 7.9107 inside the GTV mask (numpy, independent); the tumour is the lesion containing that voxel.
    // Tolerance 1e-4: the value is printed to 4 decimals there.
    const tumour = report.lesions.find((l) => Math.abs(l.suvMax - 7.9107) < 1e-4);
    expect(tumour, JSON.stringify(report.lesions.map((l) => l.suvMax))).toBeDefined();
    const sum = report.lesions.reduce((s, l) => s + l.volumeMl, 0);
    expect(report.totals.totalVolumeMl).toBeCloseTo(sum, 9);
    expect(report.totals.lesionCount).toBe(report.lesions.length);
    for (const lesion of report.lesions) {
      expect(lesion.suvMean).toBeGreaterThanOrEqual(2.5);
      expect(lesion.totalLesionUptake).toBeCloseTo(lesion.suvMean * lesion.volumeMl, 9);
    }
    expect(report.provenance.software).toBe('cxcr4pet');
  });

  it('prints a readable table without --json', async () => {
    const result = await cli('analyze', STS, '--segment', 'suv:2.5');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/SUVmax\s+SUVmean\s+SUVpeak/);
    expect(result.stdout).toMatch(/total\s+\d+ lesions/);
  });
});

describe('cxcr4pet analyze on bad input', () => {
  const cases: [string, string[], RegExp][] = [
    ['a folder that does not exist', ['/nonexistent/cxcr4pet'], /\/nonexistent\/cxcr4pet does not exist/],
    ['an unknown segmentation', [STS, '--segment', 'otsu'], /Segmentation 'otsu'/],
    ['an unknown SUV kind', [STS, '--suv', 'xyz'], /--suv 'xyz' is not one of bw, lbm, bsa/],
    ['PERCIST without a liver reference', [STS, '--segment', 'percist'], /liver reference/],
    ['a malformed reference', [STS, '--ref', 'liver=1,2'], /--ref '1,2' is not a position/],
    ['an unknown reference organ', [STS, '--ref', 'kidney=1,2,3'], /--ref 'kidney' is not a known reference/],
    ['a negative weight override', [STS, '--weight-kg=-3'], /--weight-kg '-3'/],
    ['an option value that looks like an option', [STS, '--weight-kg', '-3'], /argument is ambiguous/],
    ['no folder', [], /give the folder/],
  ];
  for (const [what, args, message] of cases) {
    it(`rejects ${what} with one line and a non-zero exit code`, async () => {
      const result = await cli('analyze', ...args);
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('rejects an empty folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'cxcr4pet-empty-'));
    try {
      const result = await cli('analyze', folder);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/is empty/);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await rm(folder, { recursive: true });
    }
  });
});
