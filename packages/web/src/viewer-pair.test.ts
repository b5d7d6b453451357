import { transformPointLps } from '@cxcr4pet/imaging';
import type { Vec3 } from '@cxcr4pet/volume';
import { describe, expect, it } from 'vitest';
import { pairRegistration } from './phantom-pair.ts';
import { mapAToB, mapBToA, parseViewerPair, VIEWER_PAIR_SCHEMA, type ViewerPair } from './viewer-pair.ts';

const transform = {
  translationMm: [12, -8, 20] as Vec3,
  rotationDeg: [2, -3, 7] as Vec3,
  centreMm: [5, 10, 400] as Vec3,
};
const registration = pairRegistration(
  {
    transform,
    ...transform,
    residualMm: 0.4,
    similarity: {
      measure: 'mean-squared-difference',
      windowHu: [-400, 1000],
      initialMsdHu2: 1,
      finalMsdHu2: 0,
    },
    levels: [],
  },
  'test',
);
const pair: ViewerPair = {
  schema: VIEWER_PAIR_SCHEMA,
  id: 'p',
  title: 't',
  a: { studyId: 'sa', label: 'FDG' },
  b: { studyId: 'sb', label: 'Pentixafor' },
  registration,
  matching: { maxDistanceMm: 15, pairs: [{ a: 1, b: 2, distanceMm: 0.5 }], onlyA: [3], onlyB: [] },
};

describe('viewer pair', () => {
  it('maps A to B as the imaging room transforms points, and B back to A', () => {
    for (const p of [
      [0, 0, 0],
      [-120, 60, 950],
      [33.3, -250, 12],
    ] as Vec3[]) {
      const q = mapAToB(registration, p);
      const truth = transformPointLps(transform, p);
      for (let a = 0; a < 3; a++) expect(q[a]).toBeCloseTo(truth[a] as number, 9);
      const back = mapBToA(registration, q);
      for (let a = 0; a < 3; a++) expect(back[a]).toBeCloseTo(p[a] as number, 9);
    }
  });

  it('reads back what it wrote, and names the field that is wrong', () => {
    expect(parseViewerPair(JSON.parse(JSON.stringify(pair)), 'x.json')).toEqual(pair);
    const bad = (change: (p: Record<string, unknown>) => void) => {
      const copy = JSON.parse(JSON.stringify(pair)) as Record<string, unknown>;
      change(copy);
      return () => parseViewerPair(copy, 'x.json');
    };
    expect(bad((p) => Object.assign(p, { schema: 'v0' }))).toThrow("x.json: field 'schema'");
    expect(bad((p) => Object.assign(p.b as object, { studyId: '../etc' }))).toThrow("field 'b.studyId'");
    // A mirror (x negated) is orthonormal but not a rotation; a scaled matrix is neither.
    const r: number[] = [...registration.rotation];
    expect(
      bad((p) => Object.assign(p.registration as object, { rotation: r.map((v, n) => (n < 3 ? -v : v)) })),
    ).toThrow('determinant +1');
    expect(bad((p) => Object.assign(p.registration as object, { rotation: r.map((v) => v * 1.01) }))).toThrow(
      'orthonormal',
    );
    expect(bad((p) => Object.assign(p.matching as object, { onlyB: ['x'] }))).toThrow(
      "field 'matching.onlyB'",
    );
    expect(bad((p) => Object.assign(p.matching as object, { pairs: [{ a: 1 }] }))).toThrow(
      "field 'matching.pairs[0].b'",
    );
  });
});
