import type { Vec3, Volume } from '@cxcr4pet/volume';
import { type MipFrameGeometry, mipFrameGeometry } from '../../../src/mip-projection.ts';
import type { MipCineFrame, MipCineRequest } from './mip-worker.ts';

/** The cine's angular step: 36 frames a turn. */
export const MIP_CINE_STEP_DEG = 10;

/** The event a viewport element receives when the cine has drawn a frame (as Cornerstone's IMAGE_RENDERED). */
export const CINE_FRAME_EVENT = 'cxcr4pet-cine-frame';

/** Where the MIP viewport's camera is: what maps the cine's frames onto its canvas. */
export interface MipCamera {
  /** The point at the canvas centre (LPS mm). */
  readonly focalPoint: Vec3;
  /** Half the canvas height in mm (Cornerstone's parallelScale). */
  readonly parallelScale: number;
}

export interface MipCine {
  /** Resolves when every frame has been projected. */
  readonly ready: Promise<void>;
  /** Frames projected so far. */
  framesDone(): number;
  /**
   * Draws the frame of the step nearest `angleDeg` over the viewport (the PET window 0–`suvMax`,
   * inverted grey as the live MIP); false when that frame is not projected yet (nothing drawn).
   */
  show(angleDeg: number, camera: MipCamera, suvMax: number): boolean;
  /** Hides the cine (the live MIP below shows again). */
  hide(): void;
  destroy(): void;
}

/**
 * Starts projecting the rotating MIP of `pet` (SUV) in a web worker — the frames of every
 * `MIP_CINE_STEP_DEG` about the head–foot axis through `centreMm`, screen right at 0° along `rightAt0` —
 * and returns the cine that draws them on a canvas laid over `element`, the MIP viewport.
 */
export function startMipCine(element: HTMLDivElement, pet: Volume, centreMm: Vec3, rightAt0: Vec3): MipCine {
  const geometry: MipFrameGeometry = mipFrameGeometry(pet, centreMm, rightAt0);
  const frames = new Map<number, Float32Array>();
  const anglesDeg = Array.from({ length: 360 / MIP_CINE_STEP_DEG }, (_, n) => n * MIP_CINE_STEP_DEG);
  const worker = new Worker(new URL('./mip-worker.ts', import.meta.url), { type: 'module' });
  const started = performance.now();
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<MipCineFrame>) => {
      frames.set(event.data.angleDeg, event.data.frame);
      if (frames.size === anglesDeg.length) {
        performance.measure('cxcr4pet MIP cine projected', { start: started, end: performance.now() });
        resolve();
      }
    };
    worker.onerror = (event) => reject(new Error(`MIP cine worker: ${event.message}`));
  });
  ready.catch(() => undefined); // the live MIP stays in use
  // The worker gets its own copy of the voxels (the page keeps sampling and reviewing on these).
  const data = pet.data.slice();
  const request: MipCineRequest = {
    volume: {
      dims: pet.dims,
      spacingMm: pet.spacingMm,
      originMm: pet.originMm,
      direction: pet.direction,
      data,
    },
    geometry,
    rightAt0,
    anglesDeg,
  };
  worker.postMessage(request, [data.buffer]);

  const canvas = document.createElement('canvas');
  canvas.className = 'mip-cine';
  canvas.setAttribute('aria-hidden', 'true');
  Object.assign(canvas.style, {
    position: 'absolute',
    inset: '0',
    width: '100%',
    height: '100%',
    pointerEvents: 'none',
    display: 'none',
  });
  element.append(canvas);
  const image = document.createElement('canvas');
  image.width = geometry.width;
  image.height = geometry.height;
  const imageContext = image.getContext('2d');
  const pixels = imageContext?.createImageData(geometry.width, geometry.height);
  let shown: { frame: Float32Array; suvMax: number } | undefined;

  /** The frame as grey: 255 at SUV 0 to 0 at `suvMax` (inverted, as the live MIP); outside the volume clear. */
  const paint = (frame: Float32Array, suvMax: number) => {
    if (pixels === undefined || imageContext === null) return;
    const rgba = pixels.data;
    for (let n = 0; n < frame.length; n++) {
      const v = frame[n] as number;
      const o = n * 4;
      if (Number.isNaN(v)) {
        rgba[o + 3] = 0;
        continue;
      }
      const grey = 255 - Math.round(255 * Math.min(1, Math.max(0, v / suvMax)));
      rgba[o] = grey;
      rgba[o + 1] = grey;
      rgba[o + 2] = grey;
      rgba[o + 3] = 255;
    }
    imageContext.putImageData(pixels, 0, 0);
  };

  return {
    ready,
    framesDone: () => frames.size,
    show(angleDeg, camera, suvMax) {
      const step = Math.round((((angleDeg % 360) + 360) % 360) / MIP_CINE_STEP_DEG) % anglesDeg.length;
      const stepDeg = step * MIP_CINE_STEP_DEG;
      const frame = frames.get(stepDeg);
      const context = canvas.getContext('2d');
      if (frame === undefined || context === null) return false;
      if (shown?.frame !== frame || shown.suvMax !== suvMax) {
        paint(frame, suvMax);
        shown = { frame, suvMax };
      }
      const [w, h] = [element.clientWidth, element.clientHeight];
      const ratio = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
        canvas.width = Math.round(w * ratio);
        canvas.height = Math.round(h * ratio);
      }
      const mmPerPx = (2 * camera.parallelScale) / h;
      // The frame's bins relative to the canvas centre: the focal point's own offset along r(θ) and z.
      const a = (stepDeg * Math.PI) / 180;
      const r: Vec3 = [
        rightAt0[0] * Math.cos(a) - rightAt0[1] * Math.sin(a),
        rightAt0[0] * Math.sin(a) + rightAt0[1] * Math.cos(a),
        0,
      ];
      const f = camera.focalPoint;
      const focalU = (f[0] - centreMm[0]) * r[0] + (f[1] - centreMm[1]) * r[1];
      const [binAcross, binDown] = geometry.binMm;
      const left = w / 2 + (geometry.uFirstMm - binAcross / 2 - focalU) / mmPerPx;
      const top = h / 2 - (geometry.zFirstMm + binDown / 2 - f[2]) / mmPerPx;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.fillStyle = '#000';
      context.fillRect(0, 0, w, h);
      context.imageSmoothingEnabled = true;
      context.drawImage(
        image,
        left,
        top,
        (geometry.width * binAcross) / mmPerPx,
        (geometry.height * binDown) / mmPerPx,
      );
      canvas.style.display = 'block';
      canvas.dataset.angle = String(stepDeg);
      element.dispatchEvent(new CustomEvent(CINE_FRAME_EVENT, { detail: { angleDeg: stepDeg } }));
      return true;
    },
    hide() {
      canvas.style.display = 'none';
      delete canvas.dataset.angle;
    },
    destroy() {
      worker.terminate();
      canvas.remove();
    },
  };
}
