import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  lesionMeasurements,
  readMeasurementReport,
  readSegmentation,
  SEGMENT_CODES,
  segmentLabelMap,
} from '@cxcr4pet/dicom';
import { dciodvfyErrors, hasDciodvfy } from '@cxcr4pet/dicom/testing';
import { ijkToIndex, lpsToIjk } from '@cxcr4pet/volume';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPetStudy } from '../../io/index.ts';
import { provenance } from '../../provenance.ts';
import { cli } from '../../test-support.ts';
import { parseAnalyzeOptions } from './analyze-options.ts';
import { analyzeStudyWithLabels } from './analyze-study.ts';
import { analyze, removeWrittenStudies, writeStudy } from './phantom-support.ts';

afterAll(removeWrittenStudies);

const LIVER = '-100,0,432';

describe('analyze --seg --sr on a phantom study', async () => {
  const { folder, truth } = await writeStudy({ tracer: 'pentixafor', seed: 7, noise: false, fwhmMm: 0 });
  const segPath = join(folder, 'lesions-seg.dcm');
  const srPath = join(folder, 'lesions-sr.dcm');
  const report = await analyze(
    folder,
    '--segment',
    'suv:3',
    '--ref',
    `liver=${LIVER}`,
    '--seg',
    segPath,
    '--sr',
    srPath,
  );
  const argv = [folder, '--segment', 'suv:3', '--ref', `liver=${LIVER}`];
  const options = parseAnalyzeOptions(argv);
  const study = await loadPetStudy(folder, { ...options.study, values: options.suvKind });
  const grid = study.pet.volume;

  it('writes a SEG whose lesion segments are the lesions found, voxel for voxel', async () => {
    const segments = readSegmentation(new Uint8Array(await readFile(segPath)), grid, segPath);
    const lesions = segments.filter((s) => s.type.codeValue === SEGMENT_CODES.lesion.codeValue);
    expect(lesions.map((s) => s.number)).toEqual(report.lesions.map((l) => l.label));
    const labels = segmentLabelMap(lesions, grid.data.length);
    // The label map the analysis segmented, recomputed in-process, equals the SEG's voxel for voxel.
    const analysed = analyzeStudyWithLabels(study, options, provenance()).labels;
    expect(Buffer.from(labels.buffer).equals(Buffer.from(analysed.buffer))).toBe(true);
    expect(analysed.some((v) => v > 0)).toBe(true);
    // Each segment holds exactly the lesion's voxel count, and the centre voxel of every true lesion the
    // analysis found lies in the segment of that lesion (the phantom's truth, independent of the analysis).
    for (const lesion of report.lesions)
      expect(labels.filter((v) => v === lesion.label).length, `lesion ${lesion.label}`).toBe(
        lesion.voxelCount,
      );
    for (const found of report.lesions) {
      const [i, j, k] = lpsToIjk(grid, found.suvMaxMm).map(Math.round) as [number, number, number];
      expect(labels[ijkToIndex(grid, i, j, k)]).toBe(found.label);
    }
    const trueCentres = truth.lesions.map(
      (l) => lpsToIjk(grid, l.centreMm).map(Math.round) as [number, number, number],
    );
    const hit = trueCentres.filter(([i, j, k]) => (labels[ijkToIndex(grid, i, j, k)] ?? 0) > 0).length;
    expect(hit).toBeGreaterThan(0);
    const liver = segments.find((s) => s.label === 'liver reference');
    expect(liver?.type.codeMeaning).toBe('Liver');
    expect(liver?.mask.reduce((sum, v) => sum + v, 0)).toBe(report.references[0]?.voxelCount);
  });

  it('writes an SR with every lesion measurement exactly as the report gives it', async () => {
    const sr = readMeasurementReport(new Uint8Array(await readFile(srPath)), srPath);
    expect(sr.suvKind).toBe('bw');
    expect(sr.lesions.map(lesionMeasurements)).toEqual(
      report.lesions.map((l) => lesionMeasurements({ ...l, segmentNumber: l.label })),
    );
    expect(new Set(sr.lesions.map((l) => l.sourceSeriesInstanceUid))).toEqual(
      new Set([report.pet.seriesInstanceUid]),
    );
    // Each organ reference with the report's values, pointing at its segment in the SEG.
    expect(
      sr.references.map((r) => [
        r.name,
        r.segmentNumber,
        r.suvMean,
        r.suvSd,
        r.suvMax,
        r.suvPeak,
        r.volumeMl,
      ]),
    ).toEqual(
      report.references.map((r, n) => [
        r.organ,
        report.lesions.length + n + 1,
        r.meanSuv,
        r.sdSuv,
        r.maxSuv,
        r.peakSuv,
        r.volumeMl,
      ]),
    );
    const segments = readSegmentation(new Uint8Array(await readFile(segPath)), grid, segPath);
    expect(sr.references[0]?.segmentNumber).toBe(segments.find((s) => s.label === 'liver reference')?.number);
    expect(sr.references[0]?.site.codeMeaning).toBe('Liver');
  });

  it.skipIf(!hasDciodvfy)('both pass dciodvfy without errors', async () => {
    const files = await Promise.all(
      [segPath, srPath].map(async (path, n) => ({
        name: `${n}.dcm`,
        bytes: new Uint8Array(await readFile(path)),
      })),
    );
    expect(dciodvfyErrors(files)).toEqual([]);
  });

  it('refuses --sr without --seg, and writes neither file when one cannot be written', async () => {
    const usage = await cli('analyze', folder, '--sr', srPath);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--sr needs --seg/);
    const fresh = join(folder, 'fresh-seg.dcm');
    const failed = await cli(
      'analyze',
      folder,
      '--segment',
      'suv:3',
      '--seg',
      fresh,
      '--sr',
      join(folder, 'missing', 'sr.dcm'),
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    await expect(stat(fresh)).rejects.toThrow(/ENOENT/);
  });
});
