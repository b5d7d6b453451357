import { useEffect, useState } from 'react';
import { type DisplayState, INITIAL_DISPLAY } from './DisplayControls.tsx';
import type { FusionViewer } from './fusion-viewer.ts';

/**
 * The display state and its effects on the open viewers (one, or both of a pair): CT window, SUV window,
 * lesion overlay, MIP angle, and the MIP turning 10° every 50 ms while `rotating` (20 frames/s: the
 * precomputed cine's frames; the exact angle is ray-cast when it stops). A viewer opens with
 * the state of the moment (`openFusionViewer`'s `initial`); the effects apply the changes after that.
 */
export function useDisplay(viewers: () => readonly FusionViewer[]) {
  const [display, setDisplay] = useState<DisplayState>(INITIAL_DISPLAY);
  const change = (update: Partial<DisplayState>) => setDisplay((d) => ({ ...d, ...update }));
  const { ctWindow, suvMax, overlay, mipAngle, rotating } = display;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `viewers` reads refs; only the value's change matters.
  useEffect(() => {
    for (const v of viewers()) v.setCtWindow(ctWindow);
  }, [ctWindow]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above.
  useEffect(() => {
    for (const v of viewers()) v.setSuvMax(suvMax);
  }, [suvMax]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above.
  useEffect(() => {
    for (const v of viewers()) void v.setOverlayVisible(overlay);
  }, [overlay]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above.
  useEffect(() => {
    for (const v of viewers()) v.setMipAngle(mipAngle);
  }, [mipAngle]);
  useEffect(() => {
    if (!rotating) return;
    const timer = setInterval(() => setDisplay((d) => ({ ...d, mipAngle: (d.mipAngle + 10) % 360 })), 50);
    return () => clearInterval(timer);
  }, [rotating]);
  return { display, change };
}
