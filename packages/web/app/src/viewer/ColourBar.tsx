import { utilities } from '@cornerstonejs/core';
import { useEffect, useRef } from 'react';
import { PET_COLORMAP } from './presets.ts';

/** Width of the bar in CSS pixels: one pixel column per 1/160 of the SUV window. */
export const COLOUR_BAR_WIDTH_PX = 160;

/** The colour of a vtk RGB colour map (`RGBPoints`: x, r, g, b, …, x in 0–1) at x, linear in RGB between points. */
export function colourAt(rgbPoints: readonly number[], x: number): [number, number, number] {
  const n = rgbPoints.length / 4;
  const point = (i: number) => rgbPoints.slice(i * 4, i * 4 + 4) as [number, number, number, number];
  if (x <= point(0)[0]) return point(0).slice(1) as [number, number, number];
  for (let i = 1; i < n; i++) {
    const [x1, ...c1] = point(i);
    if (x <= x1) {
      const [x0, ...c0] = point(i - 1);
      const t = x1 === x0 ? 1 : (x - x0) / (x1 - x0);
      return c0.map((c, k) => c + t * ((c1[k] as number) - c)) as [number, number, number];
    }
  }
  return point(n - 1).slice(1) as [number, number, number];
}

/**
 * The PET colour scale as drawn over the CT: SUV 0 at the left to `suvMax` at the right, drawn from the
 * very colour map the viewports use (Cornerstone resolves the vtk.js preset by name), with the SUV at
 * each end and the middle. Values below the display threshold are not coloured over the CT.
 */
export function ColourBar({ suvMax, thresholdSuv }: { suvMax: number; thresholdSuv: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    const points = (utilities.colormap.resolveColormap(PET_COLORMAP) as { RGBPoints?: number[] } | undefined)
      ?.RGBPoints;
    if (context === undefined || context === null || points === undefined) return;
    for (let x = 0; x < COLOUR_BAR_WIDTH_PX; x++) {
      const [r, g, b] = colourAt(points, (x + 0.5) / COLOUR_BAR_WIDTH_PX);
      context.fillStyle = `rgb(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)})`;
      context.fillRect(x, 0, 1, 1);
    }
  }, []);
  const label = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  return (
    <figure
      className="colour-bar"
      data-suv-max={suvMax}
      title={`PET colour scale: SUV 0 to ${suvMax}; below SUV ${thresholdSuv} the CT shows alone`}
    >
      <canvas
        ref={canvas}
        width={COLOUR_BAR_WIDTH_PX}
        height={1}
        aria-label={`SUV colour scale 0 to ${suvMax}`}
      />
      <figcaption>
        <span>0</span>
        <span>{label(suvMax / 2)}</span>
        <span>SUV {label(suvMax)}</span>
      </figcaption>
    </figure>
  );
}
