// The same tumour of a real PET (TCIA STS_001, testdata/real-pet/sts-001-pet) outlined twice: as an
// RTSTRUCT (31 planes of closed contours) and as a NIfTI mask from the IBSI validation set. Both must give
// the same voxels of the PET grid.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPetStudy } from './load-pet-study.ts';
import { loadVoiFile } from './load-vois.ts';

const sts = join(import.meta.dirname, '../../../../testdata/real-pet/sts-001-pet');

describe('VOIs from other tools on the STS-001 PET', () => {
  it('rasterises the RTSTRUCT to the NIfTI mask of the same tumour: no boundary voxel differs', async () => {
    const study = await loadPetStudy(join(sts, 'image'));
    const grid = study.pet.volume;
    const [fromRt] = await loadVoiFile(join(sts, 'mask/RS.dcm'), grid, study.pet.frameOfReferenceUid);
    const [fromNifti] = await loadVoiFile(join(sts, 'PET_mask.nii.gz'), grid);
    if (fromRt === undefined || fromNifti === undefined) throw new Error('no VOI read');
    expect(fromRt.name).toBe('GTV_Mass_PET');
    expect(fromRt.warnings).toEqual([]);
    // 5095 voxels: the count numpy finds in the NIfTI mask (testdata/README.md).
    const count = (mask: Uint8Array) => mask.reduce((n, v) => n + v, 0);
    expect(count(fromNifti.mask)).toBe(5095);
    // Tolerance: 0 of the mask's boundary voxels. Stated because rasterisers differ at the edge (centre
    // inside vs any overlap); the NIfTI mask was made with the centre-inside, even-odd rule used here (an
    // independent numpy/pydicom rasterisation of RS.dcm by that rule also differs from it in 0 voxels),
    // so any difference is an error here, not a convention.
    let differing = 0;
    for (let n = 0; n < fromRt.mask.length; n++) if (fromRt.mask[n] !== fromNifti.mask[n]) differing++;
    expect(differing).toBe(0);
  });

  it('names the file in a one-line error when the VOI file is missing or not an RTSTRUCT', async () => {
    const study = await loadPetStudy(join(sts, 'image'));
    await expect(loadVoiFile(join(sts, 'nope.dcm'), study.pet.volume)).rejects.toThrow(
      /--voi .*nope\.dcm: no such file/,
    );
    await expect(loadVoiFile(join(sts, 'image/000000.dcm'), study.pet.volume)).rejects.toThrow(
      /000000\.dcm is not an RT Structure Set/,
    );
  });
});
