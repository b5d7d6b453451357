import { AXIAL_DIRECTION, type Grid, type Vec3 } from '@cxcr4pet/volume';

/** Default grid: 128 × 128 × 240 voxels of 4 mm (51.2 × 51.2 × 96 cm), thighs to vertex. */
export const DEFAULT_DIMS: Vec3 = [128, 128, 240];
export const DEFAULT_SPACING_MM: Vec3 = [4, 4, 4];

/** z of the middle of the patient (mm): the grid is centred here along z. */
const PATIENT_MID_Z_MM = 480;

/** The middle of the patient (LPS mm): the default centre of rotation of a re-positioned phantom. */
export const PATIENT_CENTRE_MM: Vec3 = [0, 0, PATIENT_MID_Z_MM];

/**
 * An axial grid centred on the patient: voxel (⌊nx/2⌋, ⌊ny/2⌋, ⌊nz/2⌋) sits at (0, 0, 480) mm, so
 * with even spacings dividing 4 mm the lesion centres (multiples of 4 mm) are voxel centres.
 */
export function phantomGrid(dims: Vec3 = DEFAULT_DIMS, spacingMm: Vec3 = DEFAULT_SPACING_MM): Grid {
  return {
    dims,
    spacingMm,
    originMm: [
      -Math.floor(dims[0] / 2) * spacingMm[0],
      -Math.floor(dims[1] / 2) * spacingMm[1],
      PATIENT_MID_Z_MM - Math.floor(dims[2] / 2) * spacingMm[2],
    ],
    direction: AXIAL_DIRECTION,
  };
}
