import type { Vec3 } from '@cxcr4pet/volume';
import { useEffect, useRef, useState } from 'react';
import { mapAToB, mapBToA, parseViewerPair, type ViewerPair } from '../../../src/viewer-pair.ts';
import { parseViewerStudy, type ViewerStudy } from '../../../src/viewer-study.ts';
import { DisplayControls } from './DisplayControls.tsx';
import { fetchJsonOnce } from './early-fetch.ts';
import {
  FUSED_VIEWPORT_IDS,
  type FusionViewer,
  openFusionViewer,
  VIEWPORT_IDS,
  type ViewportId,
} from './fusion-viewer.ts';
import { type LinkedViewers, linkViewers } from './link-viewers.ts';
import { MatchedLesionTable, type MatchRow, matchRows } from './MatchedLesionTable.tsx';
import { useDisplay } from './use-display.ts';
import { errorText, Readout, type SampleAt, type Status, StatusNotice } from './Viewer.tsx';
import { type Elements, ViewportGrid } from './ViewportGrid.tsx';
import { prefetchVolumes } from './volume-fetch.ts';

type Side = 'a' | 'b';

/** The automation hook of the pair (as `window.cxcr4petViewer` is of one viewer): both viewers, the pair. */
export interface PairHook {
  readonly pair: ViewerPair;
  readonly a: FusionViewer;
  readonly b: FusionViewer;
}

declare global {
  interface Window {
    cxcr4petPair?: PairHook;
  }
}

interface Props {
  readonly pair: ViewerPair;
  readonly studyA: ViewerStudy;
  readonly studyB: ViewerStudy;
  readonly baseUrl: string;
}

/** Where the cursor is: on which side's view, at which point of that study. */
interface Cursor {
  readonly side: Side;
  readonly lps: Vec3;
  readonly viewportId: ViewportId;
}

/**
 * FDG and Pentixafor of one participant side by side, linked through the registration of their CTs:
 * scroll, pan, zoom and clicks in one move the other to the same anatomy; the cursor in one is marked in
 * the other (cyan cross) and both studies' values under it are read out; the matched-lesion table
 * moves both to a lesion. The display controls (CT window, SUV window, overlay, MIP) act on both.
 */
export function PairViewer({ pair, studyA, studyB, baseUrl }: Props) {
  const elements = { a: useRef<Elements>({}), b: useRef<Elements>({}) };
  const viewers = {
    a: useRef<FusionViewer | undefined>(undefined),
    b: useRef<FusionViewer | undefined>(undefined),
  };
  const link = useRef<LinkedViewers | undefined>(undefined);
  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  const { display, change } = useDisplay(() =>
    [viewers.a.current, viewers.b.current].filter((v): v is FusionViewer => v !== undefined),
  );
  const initial = useRef(display);
  const [cursor, setCursor] = useState<Cursor | undefined>(undefined);
  const [, setCameraTick] = useState(0);
  const [selected, setSelected] = useState<MatchRow | undefined>(undefined);
  const elementsA = elements.a;
  const elementsB = elements.b;
  const viewerA = viewers.a;
  const viewerB = viewers.b;

  useEffect(() => {
    let cancelled = false;
    const opened: FusionViewer[] = [];
    const open = (els: Elements, study: ViewerStudy, idPrefix: string) => {
      if (!VIEWPORT_IDS.every((id) => els[id] !== undefined)) throw new Error('viewports are not mounted');
      return openFusionViewer(els as Record<ViewportId, HTMLDivElement>, study, baseUrl, initial.current, {
        idPrefix,
      }).then((v) => {
        opened.push(v);
        return v;
      });
    };
    Promise.all([open(elementsA.current, studyA, 'a-'), open(elementsB.current, studyB, 'b-')])
      .then(async ([a, b]) => {
        await Promise.all([a.firstDrawn, b.firstDrawn]);
        if (cancelled) return;
        viewerA.current = a;
        viewerB.current = b;
        link.current = linkViewers(a, b, pair.registration);
        const tick = () => setCameraTick((n) => n + 1);
        a.onCameraChange(tick);
        b.onCameraChange(tick);
        window.cxcr4petPair = { pair, a, b };
        setStatus({ kind: 'ready' });
      })
      .catch((error: unknown) => {
        if (!cancelled) setStatus({ kind: 'error', message: errorText(error) });
      });
    return () => {
      cancelled = true;
      link.current?.unlink();
      link.current = undefined;
      viewerA.current = undefined;
      viewerB.current = undefined;
      for (const v of opened) v.destroy();
    };
  }, [pair, studyA, studyB, baseUrl, elementsA, elementsB, viewerA, viewerB]);

  const map = (from: Side, lps: Vec3): Vec3 =>
    from === 'a' ? mapAToB(pair.registration, lps) : mapBToA(pair.registration, lps);
  /** The cursor in each study's own coordinates. */
  const cursorIn = (side: Side): Vec3 | undefined =>
    cursor === undefined ? undefined : cursor.side === side ? cursor.lps : map(cursor.side, cursor.lps);
  /** The other side's cursor marked in this side's planes (canvas pixels). */
  const marks = (side: Side) => {
    const viewer = viewers[side].current;
    const lps = cursorIn(side);
    if (viewer === undefined || lps === undefined || cursor?.side === side) return undefined;
    return Object.fromEntries(FUSED_VIEWPORT_IDS.map((id) => [id, viewer.worldToCanvas(id, lps)]));
  };
  const readout = (side: Side): SampleAt | undefined => {
    const viewer = viewers[side].current;
    const lps = cursorIn(side);
    if (viewer === undefined || lps === undefined || cursor === undefined) return undefined;
    return { ...viewer.valuesAt(lps), viewportId: cursor.viewportId };
  };
  const selectRow = (row: MatchRow) => {
    setSelected(row);
    const lpsA = row.a?.centroidMm ?? (row.b === undefined ? undefined : map('b', row.b.centroidMm));
    const lpsB = row.b?.centroidMm ?? (row.a === undefined ? undefined : map('a', row.a.centroidMm));
    if (lpsA !== undefined && lpsB !== undefined) link.current?.jumpBoth(lpsA, lpsB);
  };
  const r = pair.registration;
  const side = (s: Side, study: ViewerStudy) => (
    <section className="pair-side" data-side={s} aria-label={pair[s].label}>
      <h2>
        {pair[s].label} <small>{study.title}</small>
      </h2>
      <ViewportGrid
        viewer={viewers[s]}
        elements={elements[s]}
        label={pair[s].label}
        marks={marks(s)}
        onSample={(sample, viewportId) => setCursor({ side: s, lps: sample.lps, viewportId })}
      />
    </section>
  );

  return (
    <main className="pair-viewer" data-status={status.kind}>
      <DisplayControls display={display} onChange={change}>
        <StatusNotice status={status} />
      </DisplayControls>
      {side('a', studyA)}
      {side('b', studyB)}
      <aside className="side">
        <div className="readouts" data-testid="pair-readouts">
          <div data-side="a">
            <Readout sample={readout('a')} label={pair.a.label} />
          </div>
          <div data-side="b">
            <Readout sample={readout('b')} label={pair.b.label} />
          </div>
        </div>
        <p className="registration" title={r.method}>
          {pair.b.label} placed on {pair.a.label} by rigid CT registration: shift (
          {r.translationMm.map((v) => v.toFixed(1)).join(', ')}) mm, rotation (
          {r.rotationDeg.map((v) => v.toFixed(1)).join(', ')})°, residual {r.residualMm.toFixed(1)} mm
        </p>
        <MatchedLesionTable
          pair={pair}
          rows={matchRows(pair, studyA.lesions, studyB.lesions)}
          selected={selected}
          onSelect={selectRow}
        />
      </aside>
    </main>
  );
}

type Loading =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; pair: ViewerPair; a: ViewerStudy; b: ViewerStudy };

async function fetchJson<T>(url: string, parse: (json: unknown, source: string) => T): Promise<T> {
  return parse(await fetchJsonOnce(url), url);
}

/** `?pair=<id>`: loads `/pairs/<id>/viewer-pair.json` and its two studies, then the side-by-side viewer. */
export function PairViewerApp({ pairId, baseUrl }: { pairId: string; baseUrl: string }) {
  const [state, setState] = useState<Loading>({ kind: 'loading' });
  useEffect(() => {
    const study = (id: string) =>
      fetchJson(`${baseUrl}/studies/${encodeURIComponent(id)}/viewer.json`, parseViewerStudy);
    fetchJson(`${baseUrl}/pairs/${encodeURIComponent(pairId)}/viewer-pair.json`, parseViewerPair)
      .then(async (pair) => {
        const [a, b] = await Promise.all([study(pair.a.studyId), study(pair.b.studyId)]);
        for (const s of [a, b])
          prefetchVolumes(baseUrl, [
            s.ctVolumeId,
            s.petVolumeId,
            ...(s.lesionVolumeId === null ? [] : [s.lesionVolumeId]),
          ]);
        setState({ kind: 'ready', pair, a, b });
      })
      .catch((error: unknown) => setState({ kind: 'error', message: errorText(error) }));
  }, [pairId, baseUrl]);
  return (
    <div className="app">
      <header className="app-header">
        <strong>cxcr4pet</strong>
        <span>{state.kind === 'ready' ? state.pair.title : 'PET/CT side by side'}</span>
      </header>
      {state.kind === 'loading' && <p className="notice">Loading pair {pairId}…</p>}
      {state.kind === 'error' && (
        <p className="notice error" role="alert">
          Could not open pair {pairId}: {state.message}
        </p>
      )}
      {state.kind === 'ready' && (
        <PairViewer pair={state.pair} studyA={state.a} studyB={state.b} baseUrl={baseUrl} />
      )}
    </div>
  );
}
