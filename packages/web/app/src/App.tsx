import { useEffect, useState } from 'react';
import { parseViewerStudy, type ViewerStudy } from '../../src/viewer-study.ts';
import { StudyApp } from './study/StudyApp.tsx';
import { PairViewerApp } from './viewer/PairViewer.tsx';
import { Viewer } from './viewer/Viewer.tsx';

/** Where the data lives: the page's own origin (the server, or `serveStatic` in tests and demos). */
const BASE_URL = window.location.origin;

type Loading =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; study: ViewerStudy };

/**
 * The app shell: the viewer of the study named by `?study=<id>`, the side-by-side viewer of the pair
 * named by `?pair=<id>`, else the study app (sign-in, worklist, forms).
 */
export function App() {
  const params = new URLSearchParams(window.location.search);
  const pairId = params.get('pair');
  if (pairId !== null) return <PairViewerApp pairId={pairId} baseUrl={BASE_URL} />;
  const studyId = params.get('study');
  return studyId === null ? <StudyApp /> : <ViewerApp studyId={studyId} />;
}

function ViewerApp({ studyId }: { studyId: string }) {
  const [state, setState] = useState<Loading>({ kind: 'loading' });
  useEffect(() => {
    const url = `${BASE_URL}/studies/${encodeURIComponent(studyId)}/viewer.json`;
    fetch(url)
      .then(async (response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        setState({ kind: 'ready', study: parseViewerStudy(await response.json(), url) });
      })
      .catch((error: unknown) =>
        setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
      );
  }, [studyId]);

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
      {state.kind === 'ready' && <Viewer study={state.study} baseUrl={BASE_URL} />}
    </div>
  );
}
