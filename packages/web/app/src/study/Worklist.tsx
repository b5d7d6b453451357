import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import {
  type ProtocolState,
  protocolState,
  type RecordLike,
  STAGE_LABELS,
  STAGES,
} from '../../../src/protocol-state.ts';
import { api, messageOf } from './api.ts';
import { Alert } from './form-kit.tsx';

/** A row of `GET /api/participants` (identity only for site staff). */
export interface ParticipantRow {
  readonly participantId: string;
  readonly pseudonym: string;
  readonly siteId: string;
  readonly sex?: string;
  readonly enrolledDate?: string;
  readonly eligibility?: 'eligible' | 'ineligible' | 'incomplete';
  readonly identity?: { fullName: string; birthDate: string; hospitalId: string };
}

interface Row extends ParticipantRow {
  readonly state: ProtocolState;
}

let lastSearch = '';
/** The worklist's address with the filters last used (`/?status=enrolled`), for going back to it. */
export function worklistPath(): string {
  return `/${lastSearch}`;
}

/** Today's date in the browser's time zone (the site's), YYYY-MM-DD. */
export function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The worklist: participants of the user's sites with their protocol stage and what is overdue.
 * Search and the server-side filters (status, eligibility) go to `GET /api/participants`; the stage
 * and overdue filters apply to the page, computed from the page's records, fetched for all its
 * participants in one `GET /api/participant-records` (two requests a page: the list endpoint does not
 * carry scans and reads). Arrow keys move between rows, Enter opens one.
 */
export function Worklist({ onOpen, onNew }: { onOpen: (participantId: string) => void; onNew: () => void }) {
  // Filters live in the address (`/?q=…&status=…`), so that a reload or Back keeps them.
  const initial = useMemo(() => new URLSearchParams(window.location.search), []);
  const [q, setQ] = useState(initial.get('q') ?? '');
  const [status, setStatus] = useState(initial.get('status') ?? '');
  const [eligibility, setEligibility] = useState(initial.get('eligibility') ?? '');
  const [sex, setSex] = useState(initial.get('sex') ?? '');
  const [stage, setStage] = useState(initial.get('stage') ?? '');
  const [overdueOnly, setOverdueOnly] = useState(initial.get('overdue') === '1');
  useEffect(() => {
    const shown = new URLSearchParams();
    for (const [key, value] of [
      ['q', q.trim()],
      ['status', status],
      ['eligibility', eligibility],
      ['sex', sex],
      ['stage', stage],
      ['overdue', overdueOnly ? '1' : ''],
    ] as const) {
      if (value !== '') shown.set(key, value);
    }
    const search = shown.size === 0 ? '' : `?${shown}`;
    lastSearch = search;
    if (window.location.pathname === '/' && window.location.search !== search) {
      window.history.replaceState(null, '', `/${search}`);
    }
  }, [q, status, eligibility, sex, stage, overdueOnly]);
  const [rows, setRows] = useState<readonly Row[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [focused, setFocused] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);

  useEffect(() => {
    let current = true;
    const query = new URLSearchParams({ limit: '200' });
    if (q.trim() !== '') query.set('q', q.trim());
    if (status !== '') query.set('status', status);
    if (eligibility !== '') query.set('eligibility', eligibility);
    if (sex !== '') query.set('sex', sex);
    const timer = setTimeout(async () => {
      try {
        const list = await api<{ items: ParticipantRow[] }>('GET', `/participants?${query}`);
        const today = localToday();
        const recordsOf = new Map<string, readonly RecordLike[]>();
        if (list.items.length > 0) {
          const ids = new URLSearchParams({ ids: list.items.map((item) => item.participantId).join(',') });
          const batch = await api<{ participants: { participantId: string; records: RecordLike[] }[] }>(
            'GET',
            `/participant-records?${ids}`,
          );
          for (const p of batch.participants) recordsOf.set(p.participantId, p.records);
        }
        const withState = list.items.map((item) => ({
          ...item,
          state: protocolState(recordsOf.get(item.participantId) ?? [], today),
        }));
        if (current) {
          setRows(withState);
          setError(undefined);
        }
      } catch (failure) {
        if (current) setError(messageOf(failure));
      }
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [q, status, eligibility, sex]);

  const shown = useMemo(
    () =>
      (rows ?? []).filter(
        (r) =>
          (stage === '' || r.state.stage === stage) &&
          (!overdueOnly || r.state.overdue.length > 0 || r.state.deviations.length > 0),
      ),
    [rows, stage, overdueOnly],
  );

  const onKeyDown = (event: KeyboardEvent) => {
    const move = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (move !== 0 && shown.length > 0) {
      event.preventDefault();
      const next = Math.min(shown.length - 1, Math.max(0, focused + move));
      setFocused(next);
      (body.current?.children[next] as HTMLElement | undefined)?.focus();
    } else if (event.key === 'Enter') {
      const row = shown[focused];
      if (row !== undefined) onOpen(row.participantId);
    }
  };

  return (
    <section className="worklist" aria-label="Worklist">
      <div className="filters">
        <input
          type="search"
          aria-label="Search"
          placeholder="Search code, pseudonym, name, hospital id"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">any status</option>
          <option value="screening">screening</option>
          <option value="enrolled">enrolled</option>
          <option value="withdrawn">withdrawn</option>
        </select>
        <select aria-label="Eligibility" value={eligibility} onChange={(e) => setEligibility(e.target.value)}>
          <option value="">any verdict</option>
          <option value="eligible">eligible</option>
          <option value="ineligible">ineligible</option>
          <option value="incomplete">incomplete</option>
        </select>
        <select aria-label="Sex" value={sex} onChange={(e) => setSex(e.target.value)}>
          <option value="">any sex</option>
          <option value="female">female</option>
          <option value="male">male</option>
        </select>
        <select aria-label="Stage" value={stage} onChange={(e) => setStage(e.target.value)}>
          <option value="">any stage</option>
          {[...STAGES, 'withdrawn' as const].map((s) => (
            <option key={s} value={s}>
              {STAGE_LABELS[s]}
            </option>
          ))}
        </select>
        <label>
          <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />
          overdue or deviation only
        </label>
        {(q !== '' || status !== '' || eligibility !== '' || sex !== '' || stage !== '' || overdueOnly) && (
          <button
            type="button"
            onClick={() => {
              setQ('');
              setStatus('');
              setEligibility('');
              setSex('');
              setStage('');
              setOverdueOnly(false);
            }}
          >
            Clear filters
          </button>
        )}
        <button type="button" onClick={onNew}>
          New participant
        </button>
      </div>
      <Alert message={error} />
      {rows === undefined && error === undefined && <p className="notice">Loading participants…</p>}
      {rows !== undefined && (
        <table className="worklist-table">
          <thead>
            <tr>
              <th>Participant</th>
              <th>Name</th>
              <th>Site</th>
              <th>Sex</th>
              <th>Verdict</th>
              <th>Stage</th>
              <th>Overdue / deviations</th>
            </tr>
          </thead>
          <tbody ref={body} onKeyDown={onKeyDown}>
            {shown.map((row, index) => (
              <tr
                key={row.participantId}
                data-participant={row.participantId}
                tabIndex={index === focused ? 0 : -1}
                onFocus={() => setFocused(index)}
                onClick={() => onOpen(row.participantId)}
              >
                <td>{row.participantId}</td>
                <td>{row.identity?.fullName ?? ''}</td>
                <td>{row.siteId}</td>
                <td>{row.sex ?? ''}</td>
                <td className={`verdict-${row.eligibility ?? 'none'}`}>{row.eligibility ?? '—'}</td>
                <td className="stage">{STAGE_LABELS[row.state.stage]}</td>
                <td className="overdue">
                  {row.state.overdue.join('; ')}
                  {row.state.deviations.map((d) => (
                    <span key={d} className="protocol-deviation">
                      Protocol deviation: {d}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows !== undefined && shown.length === 0 && <p className="notice">No participants match.</p>}
    </section>
  );
}
