import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, messageOf } from '../study/api.ts';
import { Alert, Field } from '../study/form-kit.tsx';

/** A node as `GET /api/pacs-nodes` lists it: settings, whether a secret is set, never the secret. */
interface PacsNode {
  readonly nodeId: string;
  readonly name: string;
  readonly dicomWebUrl?: string;
  readonly auth: { readonly kind: 'none' | 'basic' | 'bearer'; readonly username?: string };
  readonly secretSet: boolean;
  readonly secretChangedAt?: string;
  readonly dimse?: {
    readonly host: string;
    readonly port: number;
    readonly calledAe: string;
    readonly callingAe: string;
  };
  readonly active: boolean;
  readonly version: number;
}
interface Check {
  readonly kind: 'dicomweb' | 'dimse';
  readonly ok: boolean;
  readonly message: string;
  readonly elapsedMs: number;
}

interface Values {
  nodeId: string;
  name: string;
  dicomWebUrl: string;
  authKind: 'none' | 'basic' | 'bearer';
  username: string;
  secret: string;
  clearSecret: boolean;
  host: string;
  port: string;
  calledAe: string;
  callingAe: string;
  active: boolean;
  reason: string;
}

function valuesOf(node: PacsNode | undefined): Values {
  return {
    nodeId: node?.nodeId ?? '',
    name: node?.name ?? '',
    dicomWebUrl: node?.dicomWebUrl ?? '',
    authKind: node?.auth.kind ?? 'none',
    username: node?.auth.username ?? '',
    secret: '',
    clearSecret: false,
    host: node?.dimse?.host ?? '',
    port: node?.dimse === undefined ? '' : String(node.dimse.port),
    calledAe: node?.dimse?.calledAe ?? '',
    callingAe: node?.dimse?.callingAe ?? 'CXCR4PET',
    active: node?.active ?? true,
    reason: '',
  };
}

/** The request body of the form (the secret only when typed, or `null` to clear it). */
function bodyOf(v: Values, existing: PacsNode | undefined) {
  const dimseGiven = v.host.trim() !== '' || v.port.trim() !== '' || v.calledAe.trim() !== '';
  return {
    ...(existing === undefined
      ? { nodeId: v.nodeId.trim() }
      : { version: existing.version, reason: v.reason }),
    name: v.name,
    ...(v.dicomWebUrl.trim() === '' ? {} : { dicomWebUrl: v.dicomWebUrl.trim() }),
    auth: v.authKind === 'basic' ? { kind: 'basic', username: v.username } : { kind: v.authKind },
    ...(dimseGiven
      ? {
          dimse: {
            host: v.host.trim(),
            port: v.port.trim() === '' ? Number.NaN : Number(v.port),
            calledAe: v.calledAe,
            callingAe: v.callingAe,
          },
        }
      : {}),
    active: v.active,
    ...(v.clearSecret ? { secret: null } : v.secret === '' ? {} : { secret: v.secret }),
  };
}

function NodeForm({
  existing,
  onDone,
}: {
  existing: PacsNode | undefined;
  onDone: (saved: boolean) => void;
}) {
  const [values, setValues] = useState<Values>(() => valuesOf(existing));
  const [error, setError] = useState<{ message: string; field: string | undefined } | undefined>();
  const set = (key: keyof Values) => (event: { target: { value: string } }) =>
    setValues({ ...values, [key]: event.target.value });
  const at = (...fields: string[]) =>
    error?.field !== undefined && fields.some((f) => error.field?.includes(f)) ? error.message : undefined;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const port = values.port.trim();
    if (port !== '' && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
      setError({ message: 'a port number, 1–65535', field: 'dimse.port' });
      return;
    }
    if (existing !== undefined && values.reason.trim() === '') {
      setError({ message: 'a reason is required to change a PACS node', field: 'reason' });
      return;
    }
    try {
      if (existing === undefined) await api('POST', '/pacs-nodes', bodyOf(values, undefined));
      else await api('PUT', `/pacs-nodes/${encodeURIComponent(existing.nodeId)}`, bodyOf(values, existing));
      onDone(true);
    } catch (failure) {
      const message = messageOf(failure);
      const field = (failure as { field?: string }).field ?? /field '([^']+)'/.exec(message)?.[1];
      setError({ message, field });
    }
  };
  const secretLabel =
    values.authKind === 'bearer'
      ? 'Bearer token'
      : existing?.secretSet === true
        ? 'New password'
        : 'Password';
  return (
    <form
      className="case-form admin-form"
      aria-label={existing === undefined ? 'Add a PACS node' : `Edit PACS node ${existing.nodeId}`}
      onSubmit={save}
    >
      <h3>{existing === undefined ? 'Add a PACS node' : `Edit ${existing.nodeId}`}</h3>
      {existing === undefined && (
        <Field label="Node id" error={at('nodeId')}>
          <input value={values.nodeId} onChange={set('nodeId')} />
        </Field>
      )}
      <Field label="Name" error={at('name')}>
        <input value={values.name} onChange={set('name')} />
      </Field>
      <fieldset>
        <legend>DICOMweb</legend>
        <Field label="DICOMweb URL" error={at('dicomWebUrl')}>
          <input
            placeholder="https://pacs.example/dicom-web"
            value={values.dicomWebUrl}
            onChange={set('dicomWebUrl')}
          />
        </Field>
        <Field label="Authentication">
          <select value={values.authKind} onChange={set('authKind')}>
            <option value="none">none</option>
            <option value="basic">user name and password (HTTP basic)</option>
            <option value="bearer">bearer token</option>
          </select>
        </Field>
        {values.authKind === 'basic' && (
          <Field label="User name" error={at('auth')}>
            <input value={values.username} onChange={set('username')} autoComplete="off" />
          </Field>
        )}
        {values.authKind !== 'none' && (
          <>
            <Field label={secretLabel} error={at('secret')}>
              <input
                type="password"
                autoComplete="new-password"
                placeholder={existing?.secretSet === true ? 'unchanged (stored, never shown)' : ''}
                value={values.secret}
                onChange={set('secret')}
                disabled={values.clearSecret}
              />
            </Field>
            {existing?.secretSet === true && (
              <label>
                <input
                  type="checkbox"
                  checked={values.clearSecret}
                  onChange={(e) => setValues({ ...values, clearSecret: e.target.checked })}
                />{' '}
                remove the stored secret
              </label>
            )}
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>DIMSE (C-ECHO, C-FIND, C-MOVE, C-STORE)</legend>
        <Field label="Host" error={at('dimse.host')}>
          <input value={values.host} onChange={set('host')} />
        </Field>
        <Field label="Port" error={at('dimse.port')}>
          <input inputMode="numeric" value={values.port} onChange={set('port')} />
        </Field>
        <Field label="Called AE title" error={at('dimse.calledAe')}>
          <input value={values.calledAe} onChange={set('calledAe')} />
        </Field>
        <Field label="Calling AE title (ours)" error={at('dimse.callingAe')}>
          <input value={values.callingAe} onChange={set('callingAe')} />
        </Field>
      </fieldset>
      <label>
        <input
          type="checkbox"
          checked={values.active}
          onChange={(e) => setValues({ ...values, active: e.target.checked })}
        />{' '}
        active
      </label>
      {existing !== undefined && (
        <Field label="Reason for change" error={at('reason')}>
          <input value={values.reason} onChange={set('reason')} />
        </Field>
      )}
      <Alert
        message={
          error !== undefined &&
          at('nodeId', 'name', 'dicomWebUrl', 'auth', 'secret', 'dimse', 'reason') === undefined
            ? error.message
            : undefined
        }
      />
      <div className="buttons">
        <button type="submit">{existing === undefined ? 'Add node' : 'Save node'}</button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * PACS nodes: each with its DICOMweb root and/or DIMSE peer, whether a secret is stored (the secret
 * itself never comes back from the server), and "Test connection", which has the server really
 * query the node (QIDO-RS, C-ECHO) and shows each result.
 */
export function PacsNodes() {
  const [nodes, setNodes] = useState<readonly PacsNode[] | undefined>();
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const [results, setResults] = useState<Readonly<Record<string, readonly Check[] | 'testing'>>>({});
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(async () => {
    try {
      setNodes((await api<{ nodes: PacsNode[] }>('GET', '/pacs-nodes')).nodes);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const test = async (nodeId: string) => {
    setResults((r) => ({ ...r, [nodeId]: 'testing' }));
    try {
      const result = await api<{ checks: Check[] }>('POST', `/pacs-nodes/${encodeURIComponent(nodeId)}/test`);
      setResults((r) => ({ ...r, [nodeId]: result.checks }));
    } catch (failure) {
      setError(messageOf(failure));
      setResults((r) => ({ ...r, [nodeId]: [] }));
    }
  };
  return (
    <section aria-label="PACS nodes">
      <h2>PACS nodes</h2>
      <Alert message={error} />
      {nodes !== undefined && nodes.length === 0 && <p className="notice">No PACS node configured.</p>}
      <ul className="pacs-nodes">
        {(nodes ?? []).map((n) => {
          const result = results[n.nodeId];
          return (
            <li key={n.nodeId} data-node={n.nodeId}>
              <strong>{n.name}</strong> ({n.nodeId}){n.active ? '' : ', inactive'}
              <div className="note">
                {n.dicomWebUrl === undefined ? 'no DICOMweb' : `DICOMweb ${n.dicomWebUrl}`}
                {n.auth.kind === 'basic'
                  ? `, user ${n.auth.username}`
                  : n.auth.kind === 'bearer'
                    ? ', bearer token'
                    : ''}
                {n.auth.kind === 'none' ? '' : n.secretSet ? ', secret stored' : ', no secret stored'}
                {n.dimse === undefined
                  ? '; no DIMSE'
                  : `; DIMSE ${n.dimse.calledAe}@${n.dimse.host}:${n.dimse.port} as ${n.dimse.callingAe}`}
              </div>
              <button type="button" onClick={() => test(n.nodeId)} disabled={result === 'testing'}>
                {result === 'testing' ? 'Testing…' : 'Test connection'}
              </button>{' '}
              <button
                type="button"
                aria-label={`Edit PACS node ${n.nodeId}`}
                onClick={() => setEditing(n.nodeId)}
              >
                Edit
              </button>
              {Array.isArray(result) && (
                <ul className="checks" role="status" aria-label={`Connection test of ${n.nodeId}`}>
                  {result.map((c) => (
                    <li key={c.kind} className={c.ok ? 'check-ok' : 'check-failed'} data-check={c.kind}>
                      {c.kind === 'dicomweb' ? 'DICOMweb' : 'DIMSE'}: {c.ok ? 'OK' : 'failed'} — {c.message} (
                      {c.elapsedMs} ms)
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
      {editing === undefined && (
        <button type="button" onClick={() => setEditing('new')}>
          Add a PACS node
        </button>
      )}
      {editing !== undefined && (
        <NodeForm
          key={editing}
          existing={nodes?.find((n) => n.nodeId === editing)}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved) void load();
          }}
        />
      )}
    </section>
  );
}
