import type { Grid, Vec3 } from '@cxcr4pet/volume';
import { type MipFrameGeometry, projectMip } from '../../../src/mip-projection.ts';

/** What the viewer asks of the worker: the PET (its own copy, transferred) and the frames to project. */
export interface MipCineRequest {
  readonly volume: Grid & { readonly data: Float32Array };
  readonly geometry: MipFrameGeometry;
  readonly rightAt0: Vec3;
  readonly anglesDeg: readonly number[];
}

/** One projected frame, sent as soon as it is done (its buffer transferred). */
export interface MipCineFrame {
  readonly angleDeg: number;
  readonly frame: Float32Array;
}

// A module worker (Vite bundles it as its own chunk): projects the MIP cine off the page's thread.
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<MipCineRequest>) => void) | null;
  postMessage(message: MipCineFrame, transfer: Transferable[]): void;
};
scope.onmessage = (event) => {
  const { volume, geometry, rightAt0, anglesDeg } = event.data;
  for (const angleDeg of anglesDeg) {
    const frame = projectMip(volume, geometry, rightAt0, angleDeg);
    scope.postMessage({ angleDeg, frame }, [frame.buffer]);
  }
};
