import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readNifti, readRtStruct } from '@cxcr4pet/dicom';
import {
  CONTOUR_RASTERISATION_RULE,
  maskFromVolume,
  rasteriseContours,
  resampleMaskNearest,
} from '@cxcr4pet/imaging';
import type { Grid, Mask } from '@cxcr4pet/volume';
import { UsageError } from '../command.ts';

/** A VOI read from another tool's file, as a mask on the PET grid. */
export interface VoiMask {
  readonly name: string;
  /** The file it came from, as given. */
  readonly source: string;
  readonly kind: 'rtstruct' | 'nifti';
  /** How it was turned into voxels of the PET grid. */
  readonly rule: string;
  readonly mask: Mask;
  readonly warnings: readonly string[];
}

/** How a NIfTI mask is carried onto the PET grid. */
export const NIFTI_MASK_RULE =
  'voxels with a non-zero, non-NaN value; carried onto the PET grid by nearest neighbour (each PET voxel takes ' +
  'the mask voxel nearest its centre; the identity when the grids coincide)';

export function isNiftiPath(path: string): boolean {
  return /\.nii(\.gz)?$/i.test(path);
}

/** Reads a file, turning a file-system failure into one line that names the option and the file. */
export async function readOptionFile(path: string, option: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    throw new UsageError(
      `--${option} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : 'cannot be read'}`,
    );
  }
}

/**
 * The VOIs of one `--voi` file on the PET grid: a NIfTI mask (`.nii`, `.nii.gz`; one VOI named after the
 * file) or a DICOM RT Structure Set (one VOI per ROI with closed planar contours, named by ROIName,
 * rasterised by `CONTOUR_RASTERISATION_RULE`). An RTSTRUCT of another frame of reference is a warning.
 */
export async function loadVoiFile(
  path: string,
  grid: Grid,
  frameOfReferenceUid?: string,
): Promise<VoiMask[]> {
  const bytes = await readOptionFile(path, 'voi');
  const file = basename(path);
  if (isNiftiPath(path)) {
    const image = readNifti(bytes, file);
    return [
      {
        name: file.replace(/\.nii(\.gz)?$/i, ''),
        source: path,
        kind: 'nifti',
        rule: NIFTI_MASK_RULE,
        mask: resampleMaskNearest(image, maskFromVolume(image), grid),
        warnings: [],
      },
    ];
  }
  const structureSet = readRtStruct(bytes, file);
  const warnings: string[] = [];
  if (
    frameOfReferenceUid !== undefined &&
    structureSet.frameOfReferenceUid !== undefined &&
    structureSet.frameOfReferenceUid !== frameOfReferenceUid
  )
    warnings.push(
      `${file}: the RTSTRUCT's frame of reference differs from the PET's; contours used as they are`,
    );
  const vois: VoiMask[] = [];
  for (const roi of structureSet.rois) {
    const closed = roi.contours.filter((c) => c.geometricType === 'CLOSED_PLANAR');
    if (closed.length < roi.contours.length)
      warnings.push(
        `${file}: ROI '${roi.name}': ${roi.contours.length - closed.length} contours that are not CLOSED_PLANAR ignored`,
      );
    if (closed.length === 0) continue;
    const { mask, planesOutside } = rasteriseContours(grid, closed, `voi ${roi.name}`);
    if (planesOutside > 0)
      warnings.push(`${file}: ROI '${roi.name}': ${planesOutside} contour planes outside the PET volume`);
    vois.push({
      name: roi.name,
      source: path,
      kind: 'rtstruct',
      rule: CONTOUR_RASTERISATION_RULE,
      mask,
      warnings: [],
    });
  }
  if (vois.length === 0)
    throw new UsageError(`--voi ${path}: the RTSTRUCT has no ROI with closed planar contours`);
  return vois.map((v, n) => (n === 0 ? { ...v, warnings } : v));
}
