import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, messageOf } from '../study/api.ts';
import { Alert, Field } from '../study/form-kit.tsx';

/** An audit entry as `GET /api/audit` returns it. */
interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: 'create' | 'update' | 'delete';
  readonly entity: string;
  readonly entityId: string;
  readonly version?: number;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly reason?: string;
  readonly hash: string;
}
type Verdict =
  | { readonly kind: 'intact'; readonly entries: number; readonly checkedAt: string }
  | { readonly kind: 'broken'; readonly seq: number; readonly reason: string; readonly checkedAt: string };

const ENTITIES = [
  'study_record',
  'participant',
  'site',
  'app_user',
  'user_site',
  'data_query',
  'data_lock',
  'pacs_node',
  'dicom_instance',
  'analysis',
] as const;
const PAGE = 50;

/** The fields that differ between two rows (a record's `data` compared field by field), as text lines. */
export function changesOf(before: unknown, after: unknown): string[] {
  const obj = (x: unknown) => (typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : {});
  const b = obj(before);
  const a = obj(after);
  if ('data' in a && 'data' in b) {
    const { data: dataBefore, ...restBefore } = b;
    const { data: dataAfter, ...restAfter } = a;
    const lines = changesOf(dataBefore, dataAfter).map((line) => `data.${line}`);
    return [...lines, ...changesOf(restBefore, restAfter)];
  }
  const show = (x: unknown) => (x === undefined ? '—' : JSON.stringify(x));
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => `${k}: ${show(b[k])} → ${show(a[k])}`);
}

/** `datetime-local` text (the browser's zone) as an ISO instant, or undefined when empty. */
function instantOf(local: string): string | undefined {
  if (local === '') return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The audit trail (admins: all of it; monitors: their sites' participants), newest first, filtered by
 * user, participant, table, action and time; each entry opens to the fields it changed and the reason.
 * "Verify the chain" asks the server to recompute every hash link (`GET /api/audit/verify`).
 */
export function AuditLog() {
  const [filters, setFilters] = useState({
    actor: '',
    participantId: '',
    entity: '',
    action: '',
    from: '',
    to: '',
  });
  const [applied, setApplied] = useState(filters);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ total: number; entries: readonly AuditEntry[] } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const [verifying, setVerifying] = useState(false);

  const load = useCallback(async () => {
    const query = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    for (const key of ['actor', 'participantId', 'entity', 'action'] as const) {
      if (applied[key].trim() !== '') query.set(key, applied[key].trim());
    }
    const from = instantOf(applied.from);
    const to = instantOf(applied.to);
    if (from !== undefined) query.set('from', from);
    if (to !== undefined) query.set('to', to);
    try {
      setPage(await api<{ total: number; entries: AuditEntry[] }>('GET', `/audit?${query}`));
      setError(undefined);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, [applied, offset]);
  useEffect(() => {
    void load();
  }, [load]);

  const set = (key: keyof typeof filters) => (event: { target: { value: string } }) =>
    setFilters({ ...filters, [key]: event.target.value });
  const search = (event: FormEvent) => {
    event.preventDefault();
    setOffset(0);
    setApplied(filters);
  };
  const verify = async () => {
    setVerifying(true);
    try {
      setVerdict(await api<Verdict>('GET', '/audit/verify'));
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setVerifying(false);
    }
  };
  const rangeError =
    filters.from !== '' && filters.to !== '' && filters.from > filters.to
      ? 'the start is after the end'
      : undefined;

  return (
    <section className="audit" aria-label="Audit trail">
      <h1>Audit trail</h1>
      <div className="verify">
        <button type="button" onClick={verify} disabled={verifying}>
          {verifying ? 'Verifying…' : 'Verify the hash chain'}
        </button>
        {verdict?.kind === 'intact' && (
          <p className="chain-intact" role="status">
            Intact: all {verdict.entries} entries chained and their hashes recomputed (
            {new Date(verdict.checkedAt).toLocaleString()}).
          </p>
        )}
        {verdict?.kind === 'broken' && (
          <p className="chain-broken" role="alert">
            Broken at entry #{verdict.seq}: {verdict.reason}.
          </p>
        )}
      </div>
      <form className="filters audit-filters" onSubmit={search} aria-label="Audit filters">
        <Field label="User">
          <input value={filters.actor} onChange={set('actor')} />
        </Field>
        <Field label="Participant">
          <input value={filters.participantId} onChange={set('participantId')} />
        </Field>
        <Field label="Table">
          <select value={filters.entity} onChange={set('entity')}>
            <option value="">any</option>
            {ENTITIES.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Action">
          <select value={filters.action} onChange={set('action')}>
            <option value="">any</option>
            <option value="create">create</option>
            <option value="update">update</option>
            <option value="delete">delete</option>
          </select>
        </Field>
        <Field label="From">
          <input type="datetime-local" value={filters.from} onChange={set('from')} />
        </Field>
        <Field label="To" error={rangeError}>
          <input type="datetime-local" value={filters.to} onChange={set('to')} />
        </Field>
        <button type="submit" disabled={rangeError !== undefined}>
          Search
        </button>
      </form>
      <Alert message={error} />
      {page !== undefined && (
        <>
          <p className="notice" aria-live="polite">
            {page.total === 0
              ? 'No entries match.'
              : `Entries ${offset + 1}–${offset + page.entries.length} of ${page.total}, newest first.`}
          </p>
          <table className="worklist-table audit-table">
            <thead>
              <tr>
                <th>#</th>
                <th>When</th>
                <th>User</th>
                <th>Action</th>
                <th>Table</th>
                <th>Row</th>
                <th>Reason and changes</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => {
                const changes = changesOf(e.before, e.after);
                return (
                  <tr key={e.seq} data-seq={e.seq}>
                    <td>{e.seq}</td>
                    <td>{new Date(e.at).toLocaleString()}</td>
                    <td className="audit-actor">{e.actor}</td>
                    <td>{e.action}</td>
                    <td>{e.entity}</td>
                    <td>
                      {e.entityId}
                      {e.version === undefined ? '' : ` v${e.version}`}
                    </td>
                    <td>
                      {e.reason !== undefined && e.reason !== '' && (
                        <div className="audit-reason">{e.reason}</div>
                      )}
                      <details>
                        <summary>
                          {changes.length} field{changes.length === 1 ? '' : 's'}
                        </summary>
                        <ul>
                          {changes.map((c) => (
                            <li key={c}>{c}</li>
                          ))}
                        </ul>
                      </details>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="pager">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Newer
            </button>
            <button
              type="button"
              disabled={offset + PAGE >= page.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Older
            </button>
          </div>
        </>
      )}
    </section>
  );
}
