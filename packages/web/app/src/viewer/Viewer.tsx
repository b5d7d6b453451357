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
import {
  addLesionAt,
  deleteLesion,
  displayLabels,
  placeReference,
  type Review,
  referenceLabel,
  rerunSegmentation,
  restoreReview,
  startReview,
} from './lesion-review.ts';
import { type ClickTool, REFERENCE_COLOUR, REFERENCE_ORGANS, ReviewPanel } from './ReviewPanel.tsx';
import { SaveSign } from './SaveSign.tsx';
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
  const [review, setReview] = useState<Review | undefined>(undefined);
  const [tool, setTool] = useState<ClickTool>({ kind: 'navigate' });
  const [message, setMessage] = useState<string | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    let opened: FusionViewer | undefined;
    const els = elements.current;
    if (!VIEWPORT_IDS.every((id) => els[id] !== undefined)) return;
    openFusionViewer(els as Record<ViewportId, HTMLDivElement>, study, baseUrl, initial.current)
      .then(async (v) => {
        await v.firstDrawn;
        opened = v;
        if (cancelled) {
          v.destroy();
          return;
        }
        viewer.current = v;
        const labels = v.servedLabels();
        if (labels !== undefined)
          setReview(startReview(labels, study.lesions, study.thresholdSuv ?? 2.5, study.minVolumeMl ?? 0));
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

  // The overlay shows the review's lesions and reference spheres (after the first edit; the served
  // labels until then are the same voxels).
  useEffect(() => {
    const v = viewer.current;
    if (v === undefined || review === undefined || review.edits.length === 0) return;
    v.setLabels(
      displayLabels(review, v.pet),
      new Map(REFERENCE_ORGANS.map(({ organ }) => [referenceLabel(organ), REFERENCE_COLOUR])),
    );
  }, [review]);

  /** Applies a review edit; a failure is shown to the reader and changes nothing. */
  const edit = (change: (r: Review, v: FusionViewer) => Review) => {
    const v = viewer.current;
    if (v === undefined || review === undefined) return;
    try {
      setReview(change(review, v));
      setMessage(undefined);
    } catch (error) {
      setMessage(errorText(error));
    }
  };
  const pick = (s: Sample) => {
    if (tool.kind === 'navigate') viewer.current?.jumpTo(s.lps);
    else if (tool.kind === 'add-lesion') edit((r, v) => addLesionAt(r, v.pet, s.lps));
    else {
      const organ = tool.organ;
      edit((r, v) => placeReference(r, v.pet, organ, s.lps));
    }
    setTool({ kind: 'navigate' });
  };

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
        onPick={pick}
      />
      <aside className="side">
        <Readout sample={sample} />
        {review !== undefined && (
          <ReviewPanel
            review={review}
            tool={tool}
            onTool={setTool}
            message={message}
            onRerun={(thresholdSuv) => edit((r, v) => rerunSegmentation(r, v.pet, thresholdSuv))}
          >
            <SaveSign
              participantId={study.participantId}
              studyId={study.id}
              review={review}
              onLoaded={(saved) => edit((r, v) => restoreReview(r, v.pet, saved.data))}
            />
          </ReviewPanel>
        )}
        <LesionTable
          lesions={review?.lesions ?? study.lesions}
          segmentation={
            review === undefined || review.edits.length === 0
              ? study.segmentation
              : `suv:${review.thresholdSuv}, reviewed`
          }
          selected={selected}
          onSelect={selectLesion}
          {...(review === undefined
            ? {}
            : { onDelete: (l: ViewerLesion) => edit((r) => deleteLesion(r, l.label)) })}
        />
      </aside>
    </main>
  );
}

export { errorText };
