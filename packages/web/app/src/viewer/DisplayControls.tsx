import type { ReactNode } from 'react';
import { ColourBar } from './ColourBar.tsx';
import { CT_WINDOWS, type CtWindow, DEFAULT_PET_THRESHOLD_SUV, SUV_WINDOW_MAXIMA } from './presets.ts';

/** What the display toolbar sets (one viewer, or both of a side-by-side pair). */
export interface DisplayState {
  readonly ctWindow: CtWindow;
  readonly suvMax: number;
  readonly overlay: boolean;
  readonly mipAngle: number;
  readonly rotating: boolean;
}

export const INITIAL_DISPLAY: DisplayState = {
  ctWindow: CT_WINDOWS[0] as CtWindow,
  suvMax: SUV_WINDOW_MAXIMA[0] as number,
  overlay: true,
  mipAngle: 0,
  rotating: false,
};

interface Props {
  readonly display: DisplayState;
  readonly onChange: (change: Partial<DisplayState>) => void;
  /** Shown at the end of the toolbar (loading notice, errors). */
  readonly children?: ReactNode;
}

/** CT window presets, the SUV window with its colour bar, the lesion overlay switch and the MIP angle. */
export function DisplayControls({ display, onChange, children }: Props) {
  const { ctWindow, suvMax, overlay, mipAngle, rotating } = display;
  return (
    <div className="toolbar" role="toolbar" aria-label="Display">
      <span>CT</span>
      {CT_WINDOWS.map((w) => (
        <button
          type="button"
          key={w.name}
          aria-pressed={w === ctWindow}
          title={`W ${w.widthHu} / L ${w.centreHu} HU`}
          onClick={() => onChange({ ctWindow: w })}
        >
          {w.name}
        </button>
      ))}
      <span>SUV</span>
      {SUV_WINDOW_MAXIMA.map((max) => (
        <button
          type="button"
          key={max}
          aria-pressed={max === suvMax}
          onClick={() => onChange({ suvMax: max })}
        >
          0–{max}
        </button>
      ))}
      <label>
        max{' '}
        <input
          type="number"
          name="suv-max"
          min={0.5}
          step={0.5}
          value={suvMax}
          onChange={(event) => {
            const value = Number(event.target.value);
            if (Number.isFinite(value) && value > 0) onChange({ suvMax: value });
          }}
        />
      </label>
      <ColourBar suvMax={suvMax} thresholdSuv={DEFAULT_PET_THRESHOLD_SUV} />
      <label>
        <input
          type="checkbox"
          name="overlay"
          checked={overlay}
          onChange={(e) => onChange({ overlay: e.target.checked })}
        />{' '}
        lesion overlay
      </label>
      <label>
        MIP{' '}
        <input
          type="range"
          name="mip-angle"
          aria-label="MIP angle in degrees"
          min={0}
          max={350}
          step={10}
          value={mipAngle}
          onChange={(event) => onChange({ mipAngle: Number(event.target.value) })}
        />{' '}
        {mipAngle}°
      </label>
      <button type="button" aria-pressed={rotating} onClick={() => onChange({ rotating: !rotating })}>
        {rotating ? 'Stop' : 'Rotate'}
      </button>
      {children}
    </div>
  );
}
