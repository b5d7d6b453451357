import { makePhantom } from '@cxcr4pet/phantom';
import type { Vec3, Volume } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { type MipFrameGeometry, mipFrameGeometry, projectMip, turnAboutZ } from './mip-projection.ts';

// A sharp digital patient (no PSF, no noise): every organ and lesion is uniform at its true SUV, so a
// lesion's projection is its true SUV wherever nothing hotter lies on the same ray.
const phantom = makePhantom({
  tracer: 'pentixafor',
  dims: [64, 48, 120],
  spacingMm: [8, 8, 8],
  fwhmMm: 0,
  noise: false,
});
const scale = phantom.truth.acquisition.suvBwPerBqMl;
const suv: Volume = { ...phantom.petBqMl, data: phantom.petBqMl.data.map((v) => v * scale) };
const [nx, ny, nz] = suv.dims;
const centre: Vec3 = lpsOf([(nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2]);
/** Screen right at 0° as the viewer's coronal MIP has it (seen from the front: the patient's left, +x). */
const RIGHT: Vec3 = [1, 0, 0];

function lpsOf([i, j, k]: Vec3): Vec3 {
  const [sx, sy, sz] = suv.spacingMm;
  const o = suv.originMm;
  return [o[0] + i * sx, o[1] + j * sy, o[2] + k * sz];
}

/**
 * The reference, by the definition and the other way round (a gather, where the code scatters): the
 * largest value among the voxels of the row's slice whose centres lie within half a bin of the bin's
 * centre along the screen-right axis.
 */
function stripMax(geometry: MipFrameGeometry, angleDeg: number, column: number, row: number): number {
  const r = turnAboutZ(RIGHT, angleDeg);
  const u = geometry.uFirstMm + column * geometry.binMm[0];
  const k = nz - 1 - row; // one row per slice, the head's first
  let max = Number.NaN;
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const p = lpsOf([i, j, k]);
      const offset = (p[0] - centre[0]) * r[0] + (p[1] - centre[1]) * r[1] - u;
      if (offset < -geometry.binMm[0] / 2 || offset >= geometry.binMm[0] / 2) continue;
      const v = suv.data[i + nx * (j + ny * k)] as number;
      if (!(v <= max)) max = v;
    }
  return max;
}

describe('the MIP cine’s projections', () => {
  const geometry = mipFrameGeometry(suv, centre, RIGHT);

  it('covers the volume at every angle: one row per axial slice, columns reaching the farthest corner', () => {
    expect(geometry.height).toBe(nz);
    expect(geometry.binMm).toEqual([8, 8]);
    // The corners lie hypot(63, 47) / 2 voxels from the axis: the columns reach past them on both sides.
    const reach = (Math.hypot(63, 47) / 2) * 8;
    expect(geometry.uFirstMm).toBeLessThanOrEqual(-reach);
    expect(geometry.uFirstMm + (geometry.width - 1) * 8).toBeGreaterThanOrEqual(reach);
    expect(geometry.width).toBeLessThanOrEqual(Math.ceil((2 * reach) / 8) + 3);
    // At 0° the first voxel's centre is a bin's centre (u = −31.5 voxels from the axis).
    expect((-31.5 * 8 - geometry.uFirstMm) / 8).toBeCloseTo(
      Math.round((-31.5 * 8 - geometry.uFirstMm) / 8),
      9,
    );
    expect(geometry.zFirstMm).toBeCloseTo(lpsOf([0, 0, nz - 1])[2], 9);
  });

  for (const angleDeg of [0, 35, 90, 200])
    it(`shows each lesion at its true place and SUV, and the maximum of each bin's strip of voxels (${angleDeg}°)`, () => {
      const frame = projectMip(suv, geometry, RIGHT, angleDeg);
      const r = turnAboutZ(RIGHT, angleDeg);
      // Lesions: the bin of the true centre holds the true SUV (to float rounding of the SUV scale)
      // when no organ or lesion on that ray is hotter; it is never below it.
      let seen = 0;
      for (const lesion of phantom.truth.lesions) {
        const p = lesion.centreMm;
        const column = Math.round(
          ((p[0] - centre[0]) * r[0] + (p[1] - centre[1]) * r[1] - geometry.uFirstMm) / 8,
        );
        const row = Math.round((geometry.zFirstMm - p[2]) / 8);
        const value = frame[row * geometry.width + column] as number;
        expect(value, lesion.name).toBeGreaterThanOrEqual(lesion.suv * (1 - 1e-6));
        if (stripMax(geometry, angleDeg, column, row) <= lesion.suv * (1 + 1e-6)) {
          expect(value, lesion.name).toBeCloseTo(lesion.suv, 4);
          seen++;
        }
      }
      expect(seen, 'lesions with nothing hotter in front or behind').toBeGreaterThanOrEqual(4);
      // Every ninth bin against the reference: equal, but for voxels whose centre falls on a bin's edge
      // to rounding (each may go to either bin): at most 1 % of the bins.
      let differ = 0;
      let compared = 0;
      for (let row = 0; row < geometry.height; row += 3)
        for (let column = 0; column < geometry.width; column += 3) {
          const a = frame[row * geometry.width + column] as number;
          const b = stripMax(geometry, angleDeg, column, row);
          if (Number.isNaN(a) && Number.isNaN(b)) continue;
          compared++;
          if (!(Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b)))) differ++;
        }
      expect(differ / compared, `${differ} of ${compared} bins differ`).toBeLessThanOrEqual(0.01);
    });
});
