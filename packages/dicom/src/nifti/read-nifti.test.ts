import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DicomError } from '../errors.ts';
import { readNifti } from './read-nifti.ts';

const testdata = (path: string): string =>
  fileURLToPath(new URL(`../../../../testdata/${path}`, import.meta.url));
const read = (path: string): Uint8Array => readFileSync(testdata(path));

const PHANTOM = 'ibsi/digital-phantom/nifti/image/phantom.nii.gz';
const PHANTOM_MASK = 'ibsi/digital-phantom/nifti/mask/mask.nii.gz';

function caught(run: () => unknown): DicomError {
  try {
    run();
  } catch (error) {
    if (error instanceof DicomError) return error;
    throw error;
  }
  throw new Error('expected a DicomError');
}

describe('readNifti on the IBSI digital phantom', () => {
  const image = readNifti(read(PHANTOM), 'phantom.nii.gz');
  const mask = readNifti(read(PHANTOM_MASK), 'mask.nii.gz');

  it('reads the 5 × 4 × 4 grid of 2 mm voxels', () => {
    expect(image.dims).toEqual([5, 4, 4]);
    expect(image.spacingMm).toEqual([2, 2, 2]);
    expect(mask.dims).toEqual([5, 4, 4]);
  });

  it('turns the RAS sform (−2, −2, +2 diagonal) into LPS axes along +x, +y, +z', () => {
    expect(Array.from(image.direction)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(image.originMm).toEqual([0, 0, 0]);
  });

  it('gives the IBSI reference statistics inside the mask: 74 voxels (592 mm³), mean 2.15, min 1, max 6', () => {
    // IBSI 1 reference values for the digital phantom: volume by voxel counting 592 mm³ (YEKZ),
    // mean 2.15 (Q4LE, given to 3 significant digits), minimum 1 (1GSF), maximum 6 (84IY).
    let count = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    image.data.forEach((value, n) => {
      if (mask.data[n] === 0) return;
      count++;
      sum += value;
      min = Math.min(min, value);
      max = Math.max(max, value);
    });
    expect(count * 8).toBe(592);
    expect(Math.abs(sum / count - 2.15)).toBeLessThan(0.005);
    expect([min, max]).toEqual([1, 6]);
  });

  it('places the single 9 just outside the mask at voxel (2, 2, 2)', () => {
    // The phantom's trap for intensity peaks: one voxel of 9, excluded from the ROI.
    const index = 2 + 5 * (2 + 4 * 2);
    expect(image.data[index]).toBe(9);
    expect(mask.data[index]).toBe(0);
    expect(Math.max(...image.data)).toBe(9);
  });

  it('reads the same volume from the uncompressed bytes', () => {
    const plain = readNifti(gunzipSync(read(PHANTOM)), 'phantom.nii');
    expect(Array.from(plain.data)).toEqual(Array.from(image.data));
  });
});

describe('readNifti on the real STS-001 PET', () => {
  const pet = readNifti(read('real-pet/sts-001-pet/PET_image.nii.gz'), 'PET_image.nii.gz');

  it('reads the 41 × 43 × 59 grid and spacing of the DICOM series', () => {
    // testdata/README.md: 59 slices, 4.6875 × 4.6875 × 3.27 mm.
    expect(pet.dims).toEqual([41, 43, 59]);
    expect(pet.spacingMm[0]).toBe(4.6875);
    expect(pet.spacingMm[1]).toBe(4.6875);
    expect(pet.spacingMm[2]).toBeCloseTo(3.27, 5); // stored as float32 in the header
  });

  it('turns the qform (180° about z) into LPS axes and origin', () => {
    // quatern (b, c, d) = (0, 0, 1): RAS axes −x, −y, +z, i.e. LPS +x, +y, +z; qoffset (21.09375,
    // 86.71875, −881.3) RAS is (−21.09375, −86.71875, −881.3) LPS.
    expect(Array.from(pet.direction)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(pet.originMm[0]).toBe(-21.09375);
    expect(pet.originMm[1]).toBe(-86.71875);
    expect(pet.originMm[2]).toBeCloseTo(-881.3, 3);
  });

  it('reads float32 SUVs whose maximum is the cross-check value 7.9107 within the volume', () => {
    // testdata/README.md gives SUVmax 7.9107 inside the mask; the cropped image has none higher.
    expect(Math.max(...pet.data)).toBeGreaterThanOrEqual(7.9107 - 5e-5);
  });
});

describe('readNifti refuses bad input with one line naming the file and field', () => {
  const phantom = gunzipSync(read(PHANTOM));

  it('a file shorter than the header', () => {
    const error = caught(() => readNifti(phantom.subarray(0, 100), 'short.nii'));
    expect(error.code).toBe('truncated');
    expect(error.message).toBe('short.nii: 100 bytes is shorter than a NIfTI-1 header (348 bytes).');
  });

  it('a file cut inside its image data', () => {
    const error = caught(() => readNifti(phantom.subarray(0, 400), 'cut.nii'));
    expect(error.code).toBe('truncated');
    expect(error.message).toMatch(/cut.nii: the NIfTI image data needs 512 bytes but the file has 400/);
  });

  it('a broken gzip stream', () => {
    const gz = gzipSync(phantom);
    const error = caught(() => readNifti(gz.subarray(0, 40), 'broken.nii.gz'));
    expect(error.code).toBe('truncated');
    expect(error.message).toMatch(/^broken.nii.gz: the gzip stream cannot be decompressed/);
  });

  it('a file that is not NIfTI', () => {
    const error = caught(() => readNifti(new Uint8Array(400), 'zeros.nii'));
    expect(error.attribute).toBe('sizeof_hdr');
    expect(error.message).toMatch(/zeros.nii: NIfTI sizeof_hdr is 0, not 348/);
  });

  it('an unsupported datatype', () => {
    const bytes = phantom.slice();
    new DataView(bytes.buffer).setInt16(70, 32, true); // complex64
    const error = caught(() => readNifti(bytes, 'complex.nii'));
    expect(error.attribute).toBe('datatype');
    expect(error.message).toBe('complex.nii: NIfTI datatype 32 is not a supported scalar type.');
  });

  it('a 4-D series with several time frames', () => {
    const bytes = phantom.slice();
    const view = new DataView(bytes.buffer);
    view.setInt16(40, 4, true);
    view.setInt16(48, 3, true); // dim[4] = 3 frames
    const error = caught(() => readNifti(bytes, 'frames.nii'));
    expect(error.message).toBe('frames.nii: NIfTI dim[4] is 3: only 3-D volumes are supported.');
  });
});

describe('readNifti conversions', () => {
  it('applies scl_slope and scl_inter, and reads big-endian headers', () => {
    // Build a 2 × 1 × 1 big-endian int16 file by hand: raw 10 and −4, slope 0.5, intercept 1 → 6 and −1.
    const bytes = new Uint8Array(352 + 4);
    const view = new DataView(bytes.buffer);
    view.setInt32(0, 348, false);
    for (const [n, v] of [3, 2, 1, 1].entries()) view.setInt16(40 + 2 * n, v, false);
    view.setInt16(70, 4, false);
    for (const [n, v] of [1, 3, 3, 3].entries()) view.setFloat32(76 + 4 * n, v, false);
    view.setFloat32(108, 352, false);
    view.setFloat32(112, 0.5, false);
    view.setFloat32(116, 1, false);
    bytes[123] = 2;
    bytes.set([0x6e, 0x2b, 0x31, 0], 344);
    view.setInt16(352, 10, false);
    view.setInt16(354, -4, false);
    const volume = readNifti(bytes, 'be.nii');
    expect(Array.from(volume.data)).toEqual([6, -1]);
    // No qform/sform: pixdim only (method 1), RAS axes → LPS −x, −y, +z.
    expect(volume.spacingMm).toEqual([3, 3, 3]);
    expect(Array.from(volume.direction)).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });
});
