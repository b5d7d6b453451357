import { useEffect, useState } from 'react';
import { ApiFailure, api, messageOf } from './api.ts';

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

/**
 * A participant's stored PET series, each opening the PET/CT viewer from the server
 * (`/api/participants/<id>/viewer`). Shown to the roles that may see images; others get nothing (403).
 */
export function StoredImages({ participantId }: { participantId: string }) {
  const [series, setSeries] = useState<readonly StoredSeries[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api<{ series: StoredSeries[] }>('GET', `/participants/${encodeURIComponent(participantId)}/series`)
      .then((result) => setSeries(result.series.filter((s) => s.modality === 'PT')))
      .catch((failure: unknown) => {
        if (!(failure instanceof ApiFailure && (failure.status === 403 || failure.status === 404)))
          setError(messageOf(failure));
      });
  }, [participantId]);
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
      </ul>
    </section>
  );
}
