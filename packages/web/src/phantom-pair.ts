import {
  DEFAULT_MATCH_DISTANCE_MM,
  matchLesions,
  pointTransformLps,
  type RigidRegistration,
  registerRigid,
  rotationMatrixDeg,
} from '@cxcr4pet/imaging';
import { PATIENT_CENTRE_MM, type PhantomPose } from '@cxcr4pet/phantom';
import type { Vec3 } from '@cxcr4pet/volume';
import { type PhantomViewerOptions, type PhantomViewerStudy, phantomViewerStudy } from './phantom-study.ts';
import { VIEWER_PAIR_SCHEMA, type ViewerPair, type ViewerPairRegistration } from './viewer-pair.ts';
import type { ViewerLesion } from './viewer-study.ts';

/** What `compare` says of its registration method (the pair records how B was placed on A). */
export const PAIR_REGISTRATION_METHOD =
  'rigid 6-DOF CT-CT registration (cxcr4pet imaging registerRigid: mean squared difference of clamped HU, ' +
  'image pyramid, Levenberg–Marquardt)';

/** The pair's registration record from `registerRigid`'s result: the matrix and offset worked out once. */
export function pairRegistration(registration: RigidRegistration, method: string): ViewerPairRegistration {
  const { translationMm, rotationDeg, centreMm } = registration.transform;
  const rotation = rotationMatrixDeg(rotationDeg);
  // q = R (p − c) + c + t = R p + (c + t − R c): the offset is where the LPS origin goes.
  const offsetMm = pointTransformLps(registration.transform)([0, 0, 0]);
  return {
    rotation,
    offsetMm,
    translationMm,
    rotationDeg,
    centreMm,
    residualMm: registration.residualMm,
    method,
  };
}

/**
 * The viewer pair of two analysed studies: B's CT registered to A's, lesions matched one-to-one through
 * that registration (the imaging room's `registerRigid` and `matchLesions`, as `cxcr4pet compare` does).
 */
export function viewerPairOf(
  id: string,
  title: string,
  a: { readonly study: PhantomViewerStudy; readonly label: string },
  b: { readonly study: PhantomViewerStudy; readonly label: string },
  maxDistanceMm: number = DEFAULT_MATCH_DISTANCE_MM,
): { pair: ViewerPair; registration: RigidRegistration } {
  const registration = registerRigid(a.study.input.ctHu, b.study.input.ctHu);
  const matching = matchLesions<ViewerLesion, ViewerLesion>(a.study.input.lesions, b.study.input.lesions, {
    transform: registration.transform,
    maxDistanceMm,
  });
  return {
    registration,
    pair: {
      schema: VIEWER_PAIR_SCHEMA,
      id,
      title,
      a: { studyId: a.study.input.id, label: a.label },
      b: { studyId: b.study.input.id, label: b.label },
      registration: pairRegistration(registration, PAIR_REGISTRATION_METHOD),
      matching: {
        maxDistanceMm,
        pairs: matching.pairs.map((p) => ({ a: p.a.label, b: p.b.label, distanceMm: p.distanceMm })),
        onlyA: matching.onlyA.map((l) => l.label),
        onlyB: matching.onlyB.map((l) => l.label),
      },
    },
  };
}

/** A phantom participant's FDG (A) and Pentixafor (B) studies, B's patient re-positioned on the table. */
export interface PhantomViewerPair {
  readonly pair: ViewerPair;
  readonly a: PhantomViewerStudy;
  readonly b: PhantomViewerStudy;
  readonly registration: RigidRegistration;
  /** The true A → B map of patient positions (B's pose; A lies as the phantom's own frame). */
  readonly truthAToB: (p: Vec3) => Vec3;
}

/**
 * One phantom patient scanned twice: FDG as it lies, Pentixafor with `poseB` (default 12 mm to the
 * patient's left, 8 mm posterior, 20 mm to the head, turned 3° about the head–foot axis), each on the
 * viewer's grids and analysed (`phantomViewerStudy`), then registered and matched (`viewerPairOf`).
 */
export function phantomViewerPair(
  options: { readonly id: string; readonly poseB?: PhantomPose } & Pick<
    PhantomViewerOptions,
    'petDims' | 'petSpacingMm' | 'ctDims' | 'ctSpacingMm' | 'thresholdSuv'
  >,
): PhantomViewerPair {
  const poseB: PhantomPose = options.poseB ?? { translationMm: [12, 8, 20], rotationDeg: [0, 0, 3] };
  const { id, poseB: _, ...grids } = options;
  const a = phantomViewerStudy({ ...grids, id: `${id}-fdg`, tracer: 'fdg' });
  const b = phantomViewerStudy({ ...grids, id: `${id}-pentixafor`, tracer: 'pentixafor', pose: poseB });
  const { pair, registration } = viewerPairOf(
    id,
    'Phantom participant: FDG and Pentixafor PET/CT',
    { study: a, label: 'FDG' },
    { study: b, label: 'Pentixafor' },
  );
  const truthAToB = pointTransformLps({
    translationMm: poseB.translationMm ?? [0, 0, 0],
    rotationDeg: poseB.rotationDeg ?? [0, 0, 0],
    centreMm: poseB.centreMm ?? PATIENT_CENTRE_MM,
  });
  return { pair, a, b, registration, truthAToB };
}
