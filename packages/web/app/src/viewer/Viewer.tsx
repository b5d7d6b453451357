import { useEffect, useRef, useState } from 'react';
import type { ViewerLesion, ViewerStudy } from '../../../src/viewer-study.ts';
import {
  type FusionViewer,
  openFusionViewer,
  type Sample,
  VIEWPORT_IDS,
  type ViewportId,
} from './fusion-viewer.ts';
import { LesionTable } from './LesionTable.tsx';
import { CT_WINDOWS, type CtWindow, SUV_WINDOW_MAXIMA } from './presets.ts';
import { exposeViewerHook } from './viewer-hook.ts';

const TITLES: Record<ViewportId, string> = {
  axial: 'Axial',
  coronal: 'Coronal',
  sagittal: 'Sagittal',
  mip: 'PET MIP',
};

interface Props {
  readonly study: ViewerStudy;
  readonly baseUrl: string;
}

type Status = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

function Readout({ sample }: { sample: (Sample & { viewportId: ViewportId }) | undefined }) {
  if (sample === undefined) return <output data-testid="readout">Move the cursor over an image</output>;
  const [x, y, z] = sample.lps;
  return (
    <output data-testid="readout" data-suv={sample.suv ?? ''} data-hu={sample.hu ?? ''}>
      <span className="suv">SUV {sample.suv === undefined ? '–' : sample.suv.toFixed(2)}</span>
      <span>HU {sample.hu === undefined ? '–' : Math.round(sample.hu)}</span>
      {sample.lesionLabel !== undefined && sample.lesionLabel > 0 && <span>lesion {sample.lesionLabel}</span>}
      <span>
        ({x.toFixed(1)}, {y.toFixed(1)}, {z.toFixed(1)}) mm LPS · {sample.viewportId}
      </span>
    </output>
  );
}

/** The PET/CT fusion viewer: four viewports, window controls, SUV readout and the lesion table. */
export function Viewer({ study, baseUrl }: Props) {
  const elements = useRef<Partial<Record<ViewportId, HTMLDivElement>>>({});
  const viewer = useRef<FusionViewer | undefined>(undefined);
  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  const [ctWindow, setCtWindow] = useState<CtWindow>(CT_WINDOWS[0] as CtWindow);
  const [suvMax, setSuvMax] = useState<number>(SUV_WINDOW_MAXIMA[0] as number);
  const [overlay, setOverlay] = useState(true);
  const [mipAngle, setMipAngle] = useState(0);
  const [rotating, setRotating] = useState(false);
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const [sample, setSample] = useState<(Sample & { viewportId: ViewportId }) | undefined>(undefined);
  const initial = useRef({ ctWindow, suvMax });

  useEffect(() => {
    let cancelled = false;
    let opened: FusionViewer | undefined;
    const els = elements.current;
    if (!VIEWPORT_IDS.every((id) => els[id] !== undefined)) return;
    openFusionViewer(els as Record<ViewportId, HTMLDivElement>, study, baseUrl, initial.current)
      .then((v) => {
        opened = v;
        if (cancelled) {
          v.destroy();
          return;
        }
        viewer.current = v;
        exposeViewerHook(v, study);
        setStatus({ kind: 'ready' });
      })
      .catch((error: unknown) => {
        if (!cancelled)
          setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      cancelled = true;
      viewer.current = undefined;
      opened?.destroy();
    };
  }, [study, baseUrl]);

  useEffect(() => viewer.current?.setCtWindow(ctWindow), [ctWindow]);
  useEffect(() => viewer.current?.setSuvMax(suvMax), [suvMax]);
  useEffect(() => {
    void viewer.current?.setOverlayVisible(overlay);
  }, [overlay]);
  useEffect(() => viewer.current?.setMipAngle(mipAngle), [mipAngle]);
  useEffect(() => {
    if (!rotating) return;
    const timer = setInterval(() => setMipAngle((a) => (a + 10) % 360), 100);
    return () => clearInterval(timer);
  }, [rotating]);

  const canvasPoint = (event: React.MouseEvent<HTMLDivElement>): [number, number] => {
    const rect = event.currentTarget.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };
  const selectLesion = (lesion: ViewerLesion) => {
    setSelected(lesion.label);
    viewer.current?.jumpTo(lesion.centroidMm);
  };

  return (
    <main className="viewer" data-status={status.kind}>
      <div className="toolbar" role="toolbar" aria-label="Display">
        <span>CT</span>
        {CT_WINDOWS.map((w) => (
          <button
            type="button"
            key={w.name}
            aria-pressed={w === ctWindow}
            title={`W ${w.widthHu} / L ${w.centreHu} HU`}
            onClick={() => setCtWindow(w)}
          >
            {w.name}
          </button>
        ))}
        <span>SUV</span>
        {SUV_WINDOW_MAXIMA.map((max) => (
          <button type="button" key={max} aria-pressed={max === suvMax} onClick={() => setSuvMax(max)}>
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
              if (Number.isFinite(value) && value > 0) setSuvMax(value);
            }}
          />
        </label>
        <label>
          <input
            type="checkbox"
            name="overlay"
            checked={overlay}
            onChange={(e) => setOverlay(e.target.checked)}
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
            onChange={(event) => setMipAngle(Number(event.target.value))}
          />{' '}
          {mipAngle}°
        </label>
        <button type="button" aria-pressed={rotating} onClick={() => setRotating((r) => !r)}>
          {rotating ? 'Stop' : 'Rotate'}
        </button>
        {status.kind === 'loading' && <span className="notice">loading volumes…</span>}
        {status.kind === 'error' && (
          <span className="notice error" role="alert">
            {status.message}
          </span>
        )}
      </div>
      <div className="viewports">
        {VIEWPORT_IDS.map((id) => (
          <figure key={id} className="viewport-frame">
            <figcaption>{TITLES[id]}</figcaption>
            <div
              className="viewport"
              role="application"
              aria-label={`${TITLES[id]} view: arrow keys change slice, click moves the other planes there`}
              // biome-ignore lint/a11y/noNoninteractiveTabindex: an image widget (role application) takes focus for its arrow keys.
              tabIndex={0}
              data-viewport={id}
              onKeyDown={(event) => {
                const delta = { ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10 }[event.key];
                if (delta === undefined) return;
                event.preventDefault();
                viewer.current?.scroll(id, delta);
              }}
              ref={(el) => {
                if (el !== null) elements.current[id] = el;
              }}
              onMouseMove={(event) => {
                const s = viewer.current?.sample(id, canvasPoint(event));
                if (s !== undefined) setSample({ ...s, viewportId: id });
              }}
              onClick={(event) => {
                const s = viewer.current?.sample(id, canvasPoint(event));
                if (s !== undefined) viewer.current?.jumpTo(s.lps);
              }}
              onContextMenu={(event) => event.preventDefault()}
            />
          </figure>
        ))}
      </div>
      <aside className="side">
        <Readout sample={sample} />
        <LesionTable
          lesions={study.lesions}
          segmentation={study.segmentation}
          selected={selected}
          onSelect={selectLesion}
        />
      </aside>
    </main>
  );
}
