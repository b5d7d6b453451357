import { type FormEvent, useEffect, useState } from 'react';
import { api, messageOf } from '../study/api.ts';
import { Alert, Field } from '../study/form-kit.tsx';
import type { CsvTable } from './downloads.ts';
import { Figure, type FigureSource } from './Figure.tsx';

/** `GET /api/dashboards` as the browser reads it (the server's `Dashboards`). */
interface Fact {
  readonly key: string;
  readonly label: string;
  readonly value: number | string;
}
type Panel =
  | {
      readonly id: string;
      readonly title: string;
      readonly status: 'ok';
      readonly figure: FigureSource;
      readonly table: CsvTable;
      readonly facts: readonly Fact[];
      readonly notes: readonly string[];
    }
  | { readonly id: string; readonly title: string; readonly status: 'unavailable'; readonly reason: string };
interface DashboardsResponse {
  readonly parameters: { readonly cxcr4HighCutoffSuv: number; readonly rocOutcomeMonths: number };
  readonly screened: number;
  readonly enrolled: number;
  readonly analysed: number;
  readonly excluded: readonly { readonly participantId: string; readonly reason: string }[];
  readonly panels: readonly Panel[];
}

/** A number as a reader wants it: integers as they are, p-values small as "< 0.001", others to 3 significant digits. */
export function formatFact(fact: Fact): string {
  const { key, value } = fact;
  if (typeof value === 'string') return value === 'NA' ? 'not reached' : value;
  if (Number.isInteger(value)) return String(value);
  if (key.endsWith('.p') && value < 0.001) return '< 0.001';
  return value.toPrecision(3);
}

/**
 * The study dashboards: participant flow, enrolment, Kaplan–Meier PFS by CXCR4 group with numbers at
 * risk and the log-rank p, ROC of Pentixafor SUVmax with the Youden point, the Cox forest plot. Every
 * number is computed on the server from the database (stats room); the figures are drawn here and
 * each can be downloaded as SVG, PNG and CSV. The CXCR4 cut-off and the ROC horizon can be changed.
 */
export function Dashboards() {
  const [cutoff, setCutoff] = useState('');
  const [months, setMonths] = useState('');
  const [query, setQuery] = useState('');
  const [data, setData] = useState<DashboardsResponse | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    setBusy(true);
    api<DashboardsResponse>('GET', `/dashboards${query}`)
      .then((result) => {
        if (!current) return;
        setData(result);
        setError(undefined);
        setCutoff((c) => (c === '' ? String(result.parameters.cxcr4HighCutoffSuv) : c));
        setMonths((m) => (m === '' ? String(result.parameters.rocOutcomeMonths) : m));
      })
      .catch((failure: unknown) => current && setError(messageOf(failure)))
      .finally(() => current && setBusy(false));
    return () => {
      current = false;
    };
  }, [query]);

  const cutoffError = Number(cutoff) > 0 || cutoff === '' ? undefined : 'a positive SUV, e.g. 11.5';
  const monthsError =
    months === '' || (Number.isInteger(Number(months)) && Number(months) >= 1 && Number(months) <= 240)
      ? undefined
      : 'whole months, 1–240';
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (cutoffError !== undefined || monthsError !== undefined) return;
    const params = new URLSearchParams();
    if (cutoff !== '') params.set('cutoffSuv', cutoff);
    if (months !== '') params.set('rocMonths', months);
    setQuery(`?${params}`);
  };

  return (
    <section className="dashboards" aria-label="Dashboards">
      <h1>Study dashboards</h1>
      <form className="dashboard-controls" onSubmit={apply} aria-label="Analysis settings">
        <Field label="CXCR4-high: Pentixafor SUVmax ≥" error={cutoffError}>
          <input inputMode="decimal" value={cutoff} onChange={(e) => setCutoff(e.target.value)} />
        </Field>
        <Field label="ROC outcome: progression within (months)" error={monthsError}>
          <input inputMode="numeric" value={months} onChange={(e) => setMonths(e.target.value)} />
        </Field>
        <button type="submit" disabled={busy}>
          Recompute
        </button>
      </form>
      <Alert message={error} />
      {data === undefined && error === undefined && <p className="notice">Computing the dashboards…</p>}
      {data !== undefined && (
        <>
          <p className="dashboard-counts" aria-live="polite">
            {data.screened} screened · {data.enrolled} enrolled · {data.analysed} analysed
            {busy ? ' · recomputing…' : ''}
          </p>
          {data.excluded.length > 0 && (
            <details className="excluded">
              <summary>
                {data.excluded.length} enrolled participants left out of the survival analyses
              </summary>
              <ul>
                {data.excluded.map((e) => (
                  <li key={e.participantId}>
                    {e.participantId}: {e.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <div className="panels">
            {data.panels.map((panel) => (
              <section
                key={panel.id}
                className="panel"
                aria-labelledby={`panel-${panel.id}`}
                data-panel={panel.id}
              >
                <h2 id={`panel-${panel.id}`}>{panel.title}</h2>
                {panel.status === 'unavailable' ? (
                  <p className="notice" role="status">
                    Not available: {panel.reason}
                  </p>
                ) : (
                  <>
                    <Figure source={panel.figure} table={panel.table} name={panel.id} title={panel.title} />
                    <dl className="facts">
                      {panel.facts.map((f) => (
                        <div key={f.key} data-fact={f.key} data-value={String(f.value)}>
                          <dt>{f.label}</dt>
                          <dd>{formatFact(f)}</dd>
                        </div>
                      ))}
                    </dl>
                    {panel.notes.map((n) => (
                      <p key={n} className="note">
                        {n}
                      </p>
                    ))}
                  </>
                )}
              </section>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
