import { useEffect, useState } from 'react';
import { ApiFailure, api, messageOf } from './api.ts';

interface PacsNodeChoice {
  readonly nodeId: string;
  readonly name: string;
  readonly protocol: 'dicomweb' | 'dimse';
}

interface FoundStudy {
  readonly studyInstanceUid: string;
  readonly patientId: string;
  readonly studyDate: string;
  readonly modalities: readonly string[];
  readonly description: string;
}

interface FoundSeries {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly modality: string;
  readonly description: string;
  readonly instanceCount: number | null;
  readonly storedInstances: number;
}

/** A job's state as its server-sent events tell it. */
interface JobEvent {
  readonly jobId: string;
  readonly state: string;
  readonly phase: string | null;
  readonly done: number;
  readonly total: number | null;
  readonly result?: { readonly instancesAdded: number; readonly instancesAlreadyStored: number };
  readonly error?: string | null;
}

/** `20260316` → `2026-03-16`. */
const isoOf = (dicomDate: string): string =>
  /^\d{8}$/.test(dicomDate)
    ? `${dicomDate.slice(0, 4)}-${dicomDate.slice(4, 6)}-${dicomDate.slice(6)}`
    : dicomDate;

const encode = encodeURIComponent;

/**
 * "Import from PACS" on a participant's case screen: choose a configured node, search it by patient
 * ID, date range and modality (the server asks the node: QIDO-RS or C-FIND), open a study's series,
 * tick the ones to import and follow the import job's progress (server-sent events) to its result.
 * Shown only to who may import (the node list answers 403 to others) and when a node is configured.
 */
export function PacsImport({ participantId, onImported }: { participantId: string; onImported: () => void }) {
  const [nodes, setNodes] = useState<readonly PacsNodeChoice[]>([]);
  const [open, setOpen] = useState(false);
  const [nodeId, setNodeId] = useState('');
  const [patientId, setPatientId] = useState('');
  const [dateFrom, setDateFrom] = useState('');
  const [dateTo, setDateTo] = useState('');
  const [modality, setModality] = useState('');
  const [studies, setStudies] = useState<readonly FoundStudy[] | undefined>();
  const [series, setSeries] = useState<Readonly<Record<string, readonly FoundSeries[]>>>({});
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [job, setJob] = useState<JobEvent | undefined>();

  useEffect(() => {
    api<{ nodes: PacsNodeChoice[] }>('GET', '/pacs/nodes')
      .then((result) => {
        setNodes(result.nodes);
        setNodeId(result.nodes[0]?.nodeId ?? '');
      })
      .catch((failure: unknown) => {
        if (!(failure instanceof ApiFailure && (failure.status === 403 || failure.status === 404)))
          setError(messageOf(failure));
      });
  }, []);

  // Follow the queued job until it ends (one event stream per job); then the stored series are read again.
  const [followId, setFollowId] = useState<string | undefined>();
  useEffect(() => {
    if (followId === undefined) return;
    const source = new EventSource(`/api/jobs/${encode(followId)}/events`);
    const update = (event: MessageEvent<string>) => {
      const next = JSON.parse(event.data) as JobEvent;
      setJob(next);
      if (event.type === 'end') {
        source.close();
        if (next.state === 'succeeded') onImported();
      }
    };
    source.addEventListener('progress', update);
    source.addEventListener('end', update);
    source.onerror = () => source.close();
    return () => source.close();
  }, [followId, onImported]);

  if (nodes.length === 0 && error === undefined) return null;

  const base = `/participants/${encode(participantId)}/pacs/${encode(nodeId)}`;
  const search = async () => {
    setBusy(true);
    setError(undefined);
    setStudies(undefined);
    setSeries({});
    setChosen(new Set());
    const query = new URLSearchParams();
    if (patientId.trim() !== '') query.set('patientId', patientId.trim());
    if (dateFrom !== '') query.set('dateFrom', dateFrom);
    if (dateTo !== '') query.set('dateTo', dateTo);
    if (modality !== '') query.set('modality', modality);
    try {
      setStudies((await api<{ studies: FoundStudy[] }>('GET', `${base}/studies?${query}`)).studies);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const showSeries = async (study: FoundStudy) => {
    setError(undefined);
    try {
      const result = await api<{ series: FoundSeries[] }>(
        'GET',
        `${base}/studies/${encode(study.studyInstanceUid)}/series`,
      );
      setSeries((previous) => ({ ...previous, [study.studyInstanceUid]: result.series }));
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  const toggle = (uid: string) =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (next.has(uid)) next.delete(uid);
      else next.add(uid);
      return next;
    });
  const startImport = async () => {
    setError(undefined);
    const refs = Object.values(series)
      .flat()
      .filter((s) => chosen.has(s.seriesInstanceUid))
      .map((s) => ({ studyInstanceUid: s.studyInstanceUid, seriesInstanceUid: s.seriesInstanceUid }));
    try {
      const queued = await api<
        JobEvent & { progress: { phase: string | null; done: number; total: number | null } }
      >('POST', `/participants/${encode(participantId)}/pacs-imports`, { nodeId, series: refs });
      setJob({
        ...queued,
        phase: queued.progress.phase,
        done: queued.progress.done,
        total: queued.progress.total,
      });
      setFollowId(queued.jobId);
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  const running = job !== undefined && (job.state === 'queued' || job.state === 'running');

  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Import from PACS
      </button>
    );
  return (
    <div role="dialog" aria-label="Import from PACS" className="pacs-import">
      <h3>Import from PACS</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
      >
        <label>
          PACS node
          <select value={nodeId} onChange={(event) => setNodeId(event.target.value)}>
            {nodes.map((node) => (
              <option key={node.nodeId} value={node.nodeId}>
                {node.name} ({node.protocol === 'dicomweb' ? 'DICOMweb' : 'DIMSE'})
              </option>
            ))}
          </select>
        </label>
        <label>
          Patient ID
          <input value={patientId} onChange={(event) => setPatientId(event.target.value)} />
        </label>
        <label>
          From
          <input type="date" value={dateFrom} onChange={(event) => setDateFrom(event.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={dateTo} onChange={(event) => setDateTo(event.target.value)} />
        </label>
        <label>
          Modality
          <select value={modality} onChange={(event) => setModality(event.target.value)}>
            <option value="">any</option>
            <option value="PT">PT</option>
            <option value="CT">CT</option>
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Search
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </form>
      {error !== undefined && <p role="alert">{error}</p>}
      {studies?.length === 0 && <p className="notice">No studies found.</p>}
      {studies !== undefined && studies.length > 0 && (
        <ul aria-label="Studies found">
          {studies.map((study) => (
            <li key={study.studyInstanceUid}>
              {isoOf(study.studyDate)} · {study.description || 'study'} · {study.modalities.join(', ')} ·
              patient {study.patientId}{' '}
              {series[study.studyInstanceUid] === undefined ? (
                <button type="button" onClick={() => void showSeries(study)}>
                  Show series
                </button>
              ) : (
                <ul aria-label={`Series of ${study.studyInstanceUid}`}>
                  {series[study.studyInstanceUid]?.map((s) => (
                    <li key={s.seriesInstanceUid}>
                      <label>
                        <input
                          type="checkbox"
                          checked={chosen.has(s.seriesInstanceUid)}
                          onChange={() => toggle(s.seriesInstanceUid)}
                        />
                        {s.modality} {s.description || 'series'} ({s.instanceCount ?? '?'} instances
                        {s.storedInstances > 0 ? `, ${s.storedInstances} already stored` : ''})
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {chosen.size > 0 && (
        <button type="button" disabled={running} onClick={() => void startImport()}>
          Import {chosen.size} series
        </button>
      )}
      {job !== undefined && (
        <p role="status" aria-label="Import progress">
          {running &&
            `Importing: ${job.phase ?? 'queued'} ${job.done}${job.total === null ? '' : `/${job.total}`}`}
          {job.state === 'succeeded' &&
            `Imported ${job.result?.instancesAdded ?? 0} new instances (${job.result?.instancesAlreadyStored ?? 0} already stored).`}
          {job.state === 'failed' && `Import failed: ${job.error ?? 'unknown error'}`}
          {job.state === 'cancelled' && 'Import cancelled.'}
        </p>
      )}
    </div>
  );
}
