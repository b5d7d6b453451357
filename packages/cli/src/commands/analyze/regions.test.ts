// Phantom → analyze --regions: lesions counted per anatomical region of a label map given as NIfTI.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PhantomTruth } from '@cxcr4pet/phantom';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../test-support.ts';
import { analyze, removeWrittenStudies, writeStudy } from './phantom-support.ts';

afterAll(removeWrittenStudies);

/** Axial slabs by patient z (mm, towards the head): the region of a point at that height. */
const SLABS = [
  { label: 1, name: 'pelvis', below: 250 },
  { label: 2, name: 'abdomen', below: 480 },
  { label: 3, name: 'thorax', below: 720 },
  { label: 4, name: 'head-neck', below: Number.POSITIVE_INFINITY },
];
const slabOf = (zMm: number) => SLABS.find((s) => zMm < s.below) ?? SLABS[3];

/**
 * A NIfTI-1 label map (int16) of the slabs on the phantom's grid. NIfTI is RAS: the sform negates LPS x
 * and y (PS3.3 LPS ↔ NIfTI RAS), so the reader's LPS grid must equal the PET's.
 */
function slabNifti(truth: PhantomTruth): Uint8Array {
  const [nx, ny, nz] = truth.grid.dims;
  const [sx, sy, sz] = truth.grid.spacingMm;
  const [ox, oy, oz] = truth.grid.originMm;
  const bytes = new Uint8Array(352 + 2 * nx * ny * nz);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 348, true);
  for (const [n, d] of [3, nx, ny, nz, 1, 1, 1, 1].entries()) view.setInt16(40 + 2 * n, d, true);
  view.setInt16(70, 4, true); // datatype int16
  view.setInt16(72, 16, true); // bitpix
  for (const [n, p] of [1, sx, sy, sz].entries()) view.setFloat32(76 + 4 * n, p, true);
  view.setFloat32(108, 352, true); // vox_offset
  view.setFloat32(112, 1, true); // scl_slope
  view.setInt16(254, 1, true); // sform_code
  const sform = [-sx, 0, 0, -ox, 0, -sy, 0, -oy, 0, 0, sz, oz];
  for (const [n, v] of sform.entries()) view.setFloat32(280 + 4 * n, v, true);
  bytes.set(new TextEncoder().encode('n+1\0'), 344);
  for (let k = 0; k < nz; k++) {
    const label = slabOf(oz + k * sz)?.label ?? 0;
    for (let n = 0; n < nx * ny; n++) view.setInt16(352 + 2 * (n + nx * ny * k), label, true);
  }
  return bytes;
}

describe('phantom → analyze --regions', () => {
  it('counts every lesion in the region of its true centre', async () => {
    const { folder, truth } = await writeStudy({ tracer: 'fdg', seed: 7, noise: false, fwhmMm: 0 });
    const regions = join(folder, 'regions.nii');
    const names = join(folder, 'names.json');
    await writeFile(regions, slabNifti(truth));
    await writeFile(names, JSON.stringify(Object.fromEntries(SLABS.map((s) => [s.label, s.name]))));
    // FDG organs above SUV 4.5 removed: brain, myocardium (with the blood pool) and bladder.
    const report = await analyze(
      folder,
      '--segment',
      'suv:4.5',
      '--exclude',
      'brain=0,5,870,85',
      '--exclude',
      'heart=20,-40,500,55',
      '--exclude',
      'bladder=0,-30,80,50',
      '--regions',
      regions,
      '--region-names',
      names,
    );
    const visible = truth.lesions.filter((l) => l.suv >= 4.5);
    expect(report.lesions.length).toBe(visible.length);
    const expected = SLABS.map((s) => ({
      name: s.name,
      lesionCount: visible.filter((l) => slabOf(l.centreMm[2])?.label === s.label).length,
    }));
    expect(report.regions?.counts.map((c) => ({ name: c.name, lesionCount: c.lesionCount }))).toEqual(
      expected,
    );
    expect(report.regions?.unassignedLesionCount).toBe(0);
    const totalVolume = report.regions?.counts.reduce((v, c) => v + c.totalVolumeMl, 0) ?? 0;
    expect(totalVolume).toBeCloseTo(report.totals.totalVolumeMl, 9);
    expect(report.lesions.every((l) => l.region !== null && l.region !== undefined)).toBe(true);
  });

  it('names a bad --region-names file in one line', async () => {
    const { folder } = await writeStudy({ tracer: 'fdg', seed: 7, noise: false, fwhmMm: 0 });
    const names = join(folder, 'bad-names.json');
    await writeFile(names, '["thorax"]');
    const result = await cli(
      'analyze',
      folder,
      '--regions',
      join(folder, 'regions.nii'),
      '--region-names',
      names,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--region-names .*bad-names\.json: expected an object from label to name/);
  });
});
