import type { Vec3 } from '@cxcr4pet/volume';
import { mapAToB, mapBToA, type ViewerPairRegistration } from '../../../src/viewer-pair.ts';
import { FUSED_VIEWPORT_IDS, type FusionViewer, type ViewportId } from './fusion-viewer.ts';

/** Closer than this (mm), a plane already shows the linked point: no move (this also ends the echo). */
const SAME_POINT_MM = 0.01;

export interface LinkedViewers {
  /**
   * Moves A's planes to `lpsA` and B's to `lpsB` without the link pulling either to the other (a
   * matched lesion pair: each study's own centroid, which differ by the pair's distance).
   */
  jumpBoth(lpsA: Vec3, lpsB: Vec3): void;
  unlink(): void;
}

/**
 * Links two fusion viewers through the registration of B's CT to A's: whenever a plane of one moves
 * (scroll, pan, zoom, click, keys), the same plane of the other is centred on the mapped point at the same
 * zoom (mm per pixel). Each plane keeps its own orientation: a few degrees of patient rotation between the
 * scans are not re-sliced, the centre point is exact. B follows A at the start. The MIPs are not linked.
 */
export function linkViewers(
  a: FusionViewer,
  b: FusionViewer,
  registration: ViewerPairRegistration,
): LinkedViewers {
  let paused = false;
  const follow = (from: FusionViewer, to: FusionViewer, map: (p: Vec3) => Vec3) => (id: ViewportId) => {
    if (paused || id === 'mip') return;
    const view = from.view(id);
    const focalPoint = map(view.focalPoint);
    const now = to.view(id);
    const d = Math.hypot(
      now.focalPoint[0] - focalPoint[0],
      now.focalPoint[1] - focalPoint[1],
      now.focalPoint[2] - focalPoint[2],
    );
    if (d < SAME_POINT_MM && Math.abs(now.parallelScale - view.parallelScale) < 1e-6) return;
    if (from.hurried(id)) to.hurry(id); // the follower scrolls as fast as the plane it follows
    to.setView(id, { focalPoint, parallelScale: view.parallelScale });
  };
  const bFollowsA = follow(a, b, (p) => mapAToB(registration, p));
  const aFollowsB = follow(b, a, (q) => mapBToA(registration, q));
  const offA = a.onCameraChange(bFollowsA);
  const offB = b.onCameraChange(aFollowsB);
  for (const id of FUSED_VIEWPORT_IDS) bFollowsA(id);
  return {
    jumpBoth(lpsA, lpsB) {
      paused = true;
      try {
        a.jumpTo(lpsA);
        b.jumpTo(lpsB);
      } finally {
        paused = false;
      }
    },
    unlink() {
      offA();
      offB();
    },
  };
}
