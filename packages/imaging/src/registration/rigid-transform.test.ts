import { describe, expect, it } from 'vitest';
import {
  eulerDegFromMatrix,
  inverseTransformPointLps,
  recentreTransform,
  rotationMatrixDeg,
  transformPointLps,
} from './rigid-transform.ts';

const close = (actual: readonly number[], expected: readonly number[], digits = 12): void => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, n) => {
    expect(v, `component ${n} of [${actual.join(', ')}] vs [${expected.join(', ')}]`).toBeCloseTo(
      expected[n] as number,
      digits,
    );
  });
};

describe('rigid transforms of LPS space', () => {
  it('turns right-handed about each axis (worked by hand: 90° takes x → y about z, y → z about x, z → x about y)', () => {
    close(
      transformPointLps(
        { translationMm: [0, 0, 0], rotationDeg: [0, 0, 90], centreMm: [0, 0, 0] },
        [1, 0, 0],
      ),
      [0, 1, 0],
    );
    close(
      transformPointLps(
        { translationMm: [0, 0, 0], rotationDeg: [90, 0, 0], centreMm: [0, 0, 0] },
        [0, 1, 0],
      ),
      [0, 0, 1],
    );
    close(
      transformPointLps(
        { translationMm: [0, 0, 0], rotationDeg: [0, 90, 0], centreMm: [0, 0, 0] },
        [0, 0, 1],
      ),
      [1, 0, 0],
    );
  });

  it('applies x first, then y, then z (R = Rz·Ry·Rx), about the centre, then translates', () => {
    // x-axis 90° takes (0, 1, 0) to (0, 0, 1); y-axis 90° takes that to (1, 0, 0); z-axis 90° to (0, 1, 0).
    const t = { translationMm: [5, 6, 7], rotationDeg: [90, 90, 90], centreMm: [10, 10, 10] } as const;
    close(transformPointLps(t, [10, 11, 10]), [15, 17, 17]);
  });

  it('inverts itself, recovers its angles from its matrix, and keeps every point when re-centred', () => {
    const t = { translationMm: [3.5, -7, 12], rotationDeg: [4, -2.5, 7], centreMm: [1, 2, 480] } as const;
    const p = [40, -30, 250] as const;
    close(inverseTransformPointLps(t, transformPointLps(t, p)), p);
    close(eulerDegFromMatrix(rotationMatrixDeg(t.rotationDeg)), t.rotationDeg);
    const moved = recentreTransform(t, [0, 0, 0]);
    close(transformPointLps(moved, p), transformPointLps(t, p));
    close(moved.rotationDeg, t.rotationDeg);
  });
});
