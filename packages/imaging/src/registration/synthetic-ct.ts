// A synthetic whole-body CT for registration tests and the benchmark: analytic solids in HU, and the
// same body re-positioned by a known rigid transform. Test support: not exported from the package.
import { AXIAL_DIRECTION, type Vec3, type Volume } from '@cxcr4pet/volume';
import { inversePointTransformLps, type RigidTransform } from './rigid-transform.ts';

const inEllipsoid = (x: number, y: number, z: number, c: Vec3, r: Vec3): boolean =>
  ((x - c[0]) / r[0]) ** 2 + ((y - c[1]) / r[1]) ** 2 + ((z - c[2]) / r[2]) ** 2 <= 1;

/**
 * HU at a point of the body's own frame (LPS mm, z up from the thighs): trunk with a 15 mm fat layer,
 * neck, head with a 7 mm skull, lungs, heart, liver, a spine of 25 mm vertebral bodies and 5 mm discs,
 * a pelvis with cortical shells, femurs. Sharp edges (no partial volume).
 */
export function syntheticBodyHu(x: number, y: number, z: number): number {
  if (inEllipsoid(x, y, z, [0, 0, 840], [75, 95, 85]))
    return inEllipsoid(x, y, z, [0, 0, 840], [68, 88, 78]) ? 35 : 800;
  if (z >= 700 && z <= 770 && (x / 55) ** 2 + (y / 50) ** 2 <= 1) return 30;
  if (z < 0 || z > 700) return -1000;
  const outline = (x / 160) ** 2 + (y / 105) ** 2;
  if (outline > 1) return -1000;
  // Femurs below the pelvis, the pelvis, the spine.
  if (z <= 110 && ((x - 90) ** 2 + y ** 2 <= 196 || (x + 90) ** 2 + y ** 2 <= 196)) return 700;
  for (const side of [-100, 100]) {
    if (inEllipsoid(x, y, z, [side, 30, 150], [40, 25, 50]))
      return inEllipsoid(x, y, z, [side, 30, 150], [35, 20, 45]) ? 250 : 700;
  }
  if (z >= 120 && x * x + (y - 75) ** 2 <= 225) return z % 30 < 25 ? 300 : 80;
  if (
    inEllipsoid(x, y, z, [-95, 10, 560], [55, 70, 110]) ||
    inEllipsoid(x, y, z, [95, 10, 560], [55, 70, 110])
  )
    return -800;
  if (inEllipsoid(x, y, z, [20, -40, 480], [50, 45, 50])) return 45;
  if (inEllipsoid(x, y, z, [-75, 0, 400], [80, 75, 60])) return 60;
  return (x / 145) ** 2 + (y / 90) ** 2 <= 1 ? 20 : -90;
}

/**
 * The synthetic CT on an axial grid centred on x = y = 0 starting at z = −21 mm; with `pose`, the body
 * lies re-positioned: the voxel centre q shows the body at pose⁻¹(q).
 */
export function syntheticCt(dims: Vec3, spacingMm: Vec3, pose?: RigidTransform): Volume {
  const [nx, ny, nz] = dims;
  // z starts at −21 mm so that the flat faces at z = 0 and 700 fall between voxel-centre planes for
  // 2 and 4 mm slices (on a plane, a centre on the surface counts as inside and the face is voxelised
  // half a voxel thick, which biases z against a turned copy).
  const originMm: Vec3 = [(-(nx - 1) / 2) * spacingMm[0], (-(ny - 1) / 2) * spacingMm[1], -21];
  const toBody = pose === undefined ? (q: Vec3) => q : inversePointTransformLps(pose);
  const data = new Float32Array(nx * ny * nz);
  let index = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const p = toBody([
          originMm[0] + i * spacingMm[0],
          originMm[1] + j * spacingMm[1],
          originMm[2] + k * spacingMm[2],
        ]);
        data[index++] = syntheticBodyHu(p[0], p[1], p[2]);
      }
  return { dims, spacingMm, originMm, direction: AXIAL_DIRECTION, data };
}
