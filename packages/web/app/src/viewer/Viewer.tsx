import { useEffect, useRef, useState } from 'react';
import type { ViewerLesion, ViewerStudy } from '../../../src/viewer-study.ts';
import { DisplayControls } from './DisplayControls.tsx';
import {
  type FusionViewer,
  openFusionViewer,
  type Sample,
  VIEWPORT_IDS,
  type ViewportId,
} from './fusion-viewer.ts';
import { LesionTable } from './LesionTable.tsx';
import { useDisplay } from './use-display.ts';
import { type Elements, ViewportGrid } from './ViewportGrid.tsx';
import { exposeViewerHook } from './viewer-hook.ts';

interface Props {
  readonly study: ViewerStudy;
  readonly baseUrl: string;
}

export type Status = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

export type SampleAt = Sample & { readonly viewportId: ViewportId };

export function Readout({ sample, label }: { sample: SampleAt | undefined; label?: string }) {
  if (sample === undefined)
    return (
      <output data-testid="readout">
        {label === undefined ? '' : `${label}: `}Move the cursor over an image
      </output>
    );
  const [x, y, z] = sample.lps;
  return (
    <output
      data-testid="readout"
      data-suv={sample.suv ?? ''}
      data-hu={sample.hu ?? ''}
      data-lps={JSON.stringify(sample.lps)}
    >
      {label !== undefined && <strong>{label}</strong>}
      <span className="suv">SUV {sample.suv === undefined ? '–' : sample.suv.toFixed(2)}</span>
      <span>HU {sample.hu === undefined ? '–' : Math.round(sample.hu)}</span>
      {sample.lesionLabel !== undefined && sample.lesionLabel > 0 && <span>lesion {sample.lesionLabel}</span>}
      <span>
        ({x.toFixed(1)}, {y.toFixed(1)}, {z.toFixed(1)}) mm LPS · {sample.viewportId}
      </span>
    </output>
  );
}

export function StatusNotice({ status }: { status: Status }) {
  if (status.kind === 'loading') return <span className="notice">loading volumes…</span>;
  if (status.kind === 'error')
    return (
      <span className="notice error" role="alert">
        {status.message}
      </span>
    );
  return null;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The PET/CT fusion viewer: four viewports, window controls, SUV readout and the lesion table. */
export function Viewer({ study, baseUrl }: Props) {
  const elements = useRef<Elements>({});
  const viewer = useRef<FusionViewer | undefined>(undefined);
  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  const { display, change } = useDisplay(() => (viewer.current === undefined ? [] : [viewer.current]));
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const [sample, setSample] = useState<SampleAt | undefined>(undefined);
  const initial = useRef(display);

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
        if (!cancelled) setStatus({ kind: 'error', message: errorText(error) });
      });
    return () => {
      cancelled = true;
      viewer.current = undefined;
      opened?.destroy();
    };
  }, [study, baseUrl]);

  const selectLesion = (lesion: ViewerLesion) => {
    setSelected(lesion.label);
    viewer.current?.jumpTo(lesion.centroidMm);
  };

  return (
    <main className="viewer" data-status={status.kind}>
      <DisplayControls display={display} onChange={change}>
        <StatusNotice status={status} />
      </DisplayControls>
      <ViewportGrid
        viewer={viewer}
        elements={elements}
        onSample={(s, id) => setSample({ ...s, viewportId: id })}
      />
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

export { errorText };
