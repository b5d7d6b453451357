import { useCallback, useEffect, useState } from 'react';
import { ApiFailure, api, messageOf } from './api.ts';
import { PacsImport } from './PacsImport.tsx';

interface StoredSeries {
  readonly seriesInstanceUid: string;
  readonly modality: string;
  readonly seriesDescription: string | null;
  readonly instances: number;
  readonly lastImportedAt: string;
}

/** The viewer's address for a stored PET series of a participant (served by the server's viewer routes). */
export function viewerHref(participantId: string, seriesUid: string): string {
  return `/?participant=${encodeURIComponent(participantId)}&study=${encodeURIComponent(seriesUid)}`;
}

interface StoredPair {
  readonly pairId: string;
  readonly createdAt: string;
  readonly a: { readonly seriesInstanceUid: string; readonly label: string };
  readonly b: { readonly seriesInstanceUid: string; readonly label: string };
  readonly lesionsA: number;
  readonly lesionsB: number;
  readonly paired: number;
}

/** The side-by-side viewer's address for a stored comparison of a participant's two PET series. */
export function pairViewerHref(participantId: string, pairId: string): string {
  return `/?participant=${encodeURIComponent(participantId)}&pair=${encodeURIComponent(pairId)}`;
}

/**
 * A participant's stored PET series, each opening the PET/CT viewer from the server
 * (`/api/participants/<id>/viewer`), and the newest comparison of two of them (FDG and Pentixafor)
 * opening the side-by-side viewer. Shown to the roles that may see images; others get nothing (403).
 */
export function StoredImages({ participantId }: { participantId: string }) {
  const [series, setSeries] = useState<readonly StoredSeries[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [pair, setPair] = useState<StoredPair | undefined>();
  // Read again after an import from a PACS.
  const [reads, setReads] = useState(0);
  const reload = useCallback(() => setReads((n) => n + 1), []);
  useEffect(() => {
    void reads;
    api<{ pairs: StoredPair[] }>('GET', `/participants/${encodeURIComponent(participantId)}/viewer/pairs`)
      .then((result) => setPair(result.pairs[0]))
      .catch(() => setPair(undefined)); // no viewer routes for this role: no pair link

    api<{ series: StoredSeries[] }>('GET', `/participants/${encodeURIComponent(participantId)}/series`)
      .then((result) => setSeries(result.series.filter((s) => s.modality === 'PT')))
      .catch((failure: unknown) => {
        if (!(failure instanceof ApiFailure && (failure.status === 403 || failure.status === 404)))
          setError(messageOf(failure));
      });
  }, [participantId, reads]);
  if (series === undefined && error === undefined) return null;
  return (
    <section className="form" aria-label="Stored images">
      <h2>PET/CT studies</h2>
      {error !== undefined && <p role="alert">{error}</p>}
      {series?.length === 0 && <p className="notice">No PET series stored.</p>}
      <ul>
        {series?.map((s) => (
          <li key={s.seriesInstanceUid}>
            <a href={viewerHref(participantId, s.seriesInstanceUid)}>
              Open {s.seriesDescription ?? 'PET'} ({s.instances} slices, imported{' '}
              {s.lastImportedAt.slice(0, 10)})
            </a>
          </li>
        ))}
        {pair !== undefined && (
          <li>
            <a href={pairViewerHref(participantId, pair.pairId)}>
              Open {pair.a.label} and {pair.b.label} side by side ({pair.lesionsA} and {pair.lesionsB}{' '}
              lesions, {pair.paired} matched; compared {pair.createdAt.slice(0, 10)})
            </a>
          </li>
        )}
      </ul>
      <PacsImport participantId={participantId} onImported={reload} />
    </section>
  );
}
