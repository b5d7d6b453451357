import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, TESTDATA } from '../test-support.ts';
import type { AnalyzeReport } from './analyze/analyze-study.ts';
import { analyze, removeWrittenStudies, writeStudy } from './analyze/phantom-support.ts';
import { DEID_SECRET_ENV } from './deid.ts';

afterAll(removeWrittenStudies);

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cxcr4pet-deid-'));
  process.env[DEID_SECRET_ENV] = 'a project secret';
});
afterEach(async () => {
  delete process.env[DEID_SECRET_ENV];
  await rm(root, { recursive: true, force: true });
});

/** The report fields that must not change (provenance, UIDs and dates do). */
function measures(report: AnalyzeReport) {
  return { lesions: report.lesions, totals: report.totals, suv: report.suv, dims: report.pet.dims };
}

describe('cxcr4pet deid', () => {
  it('exports a phantom study whose analysis is identical, with the participant as patient', async () => {
    const { folder } = await writeStudy({
      tracer: 'fdg',
      seed: 5,
      dims: [64, 64, 120],
      spacingMm: [8, 8, 8],
    });
    const out = join(root, 'export');
    const result = await cli('deid', folder, out, '--participant', 'CX-0042', '--date-shift-days=-30');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^de-identified 240 files to .* \(participant CX-0042, dates shifted -30 days\)\n/,
    );
    expect(result.stdout).toContain('skipped truth.json: not a DICOM file');
    const [before, after] = [
      await analyze(folder, '--segment', 'suv:4'),
      await analyze(out, '--segment', 'suv:4'),
    ];
    expect(before.lesions.length).toBeGreaterThan(0);
    expect(measures(after)).toEqual(measures(before));
    expect(after.pet.injectionDateTime.slice(0, 10)).toBe('2026-02-14'); // 2026-03-16 − 30 days
    expect(after.pet.seriesInstanceUid).not.toBe(before.pet.seriesInstanceUid);
  });

  it('gives identical SUVs on a real GE series (STS-001)', async () => {
    const input = join(TESTDATA, 'real-pet/sts-001-pet/image');
    const out = join(root, 'sts');
    expect((await cli('deid', input, out, '--participant', 'CX-7')).code).toBe(0);
    const [before, after] = [
      await analyze(input, '--segment', 'suv:2.5'),
      await analyze(out, '--segment', 'suv:2.5'),
    ];
    expect(measures(after)).toEqual(measures(before));
  });

  it('refuses to run without the secret, a pseudonym, or over a non-empty folder, writing nothing', async () => {
    const input = join(TESTDATA, 'real-pet/sts-001-pet/image');
    delete process.env[DEID_SECRET_ENV];
    const noSecret = await cli('deid', input, join(root, 'a'), '--participant', 'CX-1');
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/set CXCR4PET_DEID_SECRET/);
    process.env[DEID_SECRET_ENV] = 'a project secret';
    expect((await cli('deid', input, join(root, 'a'))).stderr).toMatch(
      /--participant <pseudonym> is required/,
    );
    expect((await cli('deid', input, join(root, 'a'), '--participant', 'Doe^Jane')).code).toBe(2);
    await writeFile(join(root, 'keep.txt'), 'x');
    const busy = await cli('deid', input, root, '--participant', 'CX-1');
    expect(busy.stderr).toMatch(/is not empty; use --force/);
    const notDicom = await cli('deid', root, join(root, 'out'), '--participant', 'CX-1');
    expect(notDicom.code).toBe(1);
    expect(notDicom.stderr).toMatch(/no DICOM file to de-identify/);
    expect((await readdir(root)).sort()).toEqual(['keep.txt']);
  });
});
