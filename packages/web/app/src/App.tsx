import { lazy, Suspense, useEffect, useState } from 'react';
import { parseViewerStudy, type ViewerStudy } from '../../src/viewer-study.ts';
import { fetchJsonOnce } from './viewer/early-fetch.ts';
import { prefetchVolumes } from './viewer/volume-fetch.ts';

// Each screen is its own chunk, loaded when opened: the viewer's Cornerstone and vtk.js (and the
// dashboards' Vega) are megabytes of code that the shell does not wait for. The viewer's volumes start
// downloading as soon as its viewer.json is read, while that code is still loading.
const StudyApp = lazy(() => import('./study/StudyApp.tsx').then((m) => ({ default: m.StudyApp })));
const PairViewerApp = lazy(() =>
  import('./viewer/PairViewer.tsx').then((m) => ({ default: m.PairViewerApp })),
);
const Viewer = lazy(() => import('./viewer/Viewer.tsx').then((m) => ({ default: m.Viewer })));

/** Where the data lives: the page's own origin (the server, or `serveStatic` in tests and demos). */
const BASE_URL = window.location.origin;

/**
 * Where a study's viewer.json and volumes are: with `?participant=<id>` the server's viewer routes for a
 * stored PET series of that participant (`/api/participants/<id>/viewer`), else the page's origin.
 */
function viewerBaseUrl(participantId: string | null): string {
  return participantId === null
    ? BASE_URL
    : `${BASE_URL}/api/participants/${encodeURIComponent(participantId)}/viewer`;
}

type Loading =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; study: ViewerStudy };

/**
 * The app shell: the viewer of the study named by `?study=<id>` (a stored PET series served by the
 * server with `&participant=<id>`), the side-by-side viewer of the pair named by `?pair=<id>` (a stored
 * comparison with `&participant=<id>`), else the study app (sign-in, worklist, forms).
 */
export function App() {
  const params = new URLSearchParams(window.location.search);
  const pairId = params.get('pair');
  const studyId = params.get('study');
  return (
    <Suspense fallback={<p className="notice">Loading…</p>}>
      {pairId !== null ? (
        <PairViewerApp pairId={pairId} baseUrl={viewerBaseUrl(params.get('participant'))} />
      ) : studyId === null ? (
        <StudyApp />
      ) : (
        <ViewerApp studyId={studyId} baseUrl={viewerBaseUrl(params.get('participant'))} />
      )}
    </Suspense>
  );
}

function ViewerApp({ studyId, baseUrl }: { studyId: string; baseUrl: string }) {
  const [state, setState] = useState<Loading>({ kind: 'loading' });
  useEffect(() => {
    const url = `${baseUrl}/studies/${encodeURIComponent(studyId)}/viewer.json`;
    fetchJsonOnce(url)
      .then((json) => {
        const study = parseViewerStudy(json, url);
        performance.measure('cxcr4pet page open → viewer.json read', { start: 0, end: performance.now() });
        prefetchVolumes(baseUrl, [
          study.ctVolumeId,
          study.petVolumeId,
          ...(study.lesionVolumeId === null ? [] : [study.lesionVolumeId]),
        ]);
        setState({ kind: 'ready', study });
      })
      .catch((error: unknown) =>
        setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
      );
  }, [studyId, baseUrl]);

  return (
    <div className="app">
      <header className="app-header">
        <strong>cxcr4pet</strong>
        <span>{state.kind === 'ready' ? state.study.title : 'PET/CT viewer'}</span>
      </header>
      {state.kind === 'loading' && <p className="notice">Loading study {studyId}…</p>}
      {state.kind === 'error' && (
        <p className="notice error" role="alert">
          Could not open study {studyId}: {state.message}
        </p>
      )}
      {state.kind === 'ready' && <Viewer study={state.study} baseUrl={baseUrl} />}
    </div>
  );
}
