import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, messageOf } from '../study/api.ts';
import { Alert, Field } from '../study/form-kit.tsx';
import { PacsNodes } from './PacsNodes.tsx';

const ROLES = ['admin', 'investigator', 'coordinator', 'reader', 'statistician', 'monitor'] as const;

interface Site {
  readonly siteId: string;
  readonly name: string;
}
interface AdminUser {
  readonly userId: string;
  readonly displayName: string;
  readonly role: string;
  readonly siteIds: readonly string[];
  readonly active: boolean;
  readonly version: number;
}

/** Checkboxes for the sites a user belongs to. */
function SitePicker({
  sites,
  chosen,
  onChange,
  label,
}: {
  sites: readonly Site[];
  chosen: readonly string[];
  onChange: (siteIds: string[]) => void;
  label: string;
}) {
  return (
    <fieldset className="multi" aria-label={label}>
      <legend>{label}</legend>
      {sites.map((s) => (
        <label key={s.siteId}>
          <input
            type="checkbox"
            checked={chosen.includes(s.siteId)}
            onChange={(e) =>
              onChange(e.target.checked ? [...chosen, s.siteId] : chosen.filter((id) => id !== s.siteId))
            }
          />
          {s.siteId}
        </label>
      ))}
    </fieldset>
  );
}

/** One user's row being edited: role, sites, active, a new password or lifting a lockout, with a reason. */
function UserEditor({
  user,
  sites,
  onDone,
}: {
  user: AdminUser;
  sites: readonly Site[];
  onDone: (saved: boolean) => void;
}) {
  const [role, setRole] = useState(user.role);
  const [siteIds, setSiteIds] = useState<string[]>([...user.siteIds]);
  const [active, setActive] = useState(user.active);
  const [password, setPassword] = useState('');
  const [unlock, setUnlock] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setError('a reason is required to change a user');
      return;
    }
    try {
      await api('PATCH', `/users/${encodeURIComponent(user.userId)}`, {
        version: user.version,
        reason,
        ...(role === user.role ? {} : { role }),
        ...(JSON.stringify(siteIds) === JSON.stringify(user.siteIds) ? {} : { siteIds }),
        ...(active === user.active ? {} : { active }),
        ...(password === '' ? {} : { password }),
        ...(unlock ? { unlock: true } : {}),
      });
      onDone(true);
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return (
    <form className="case-form admin-form" aria-label={`Edit user ${user.userId}`} onSubmit={save}>
      <h3>Edit {user.userId}</h3>
      <Field label="Role">
        <select value={role} onChange={(e) => setRole(e.target.value)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </Field>
      <SitePicker sites={sites} chosen={siteIds} onChange={setSiteIds} label="Sites" />
      <label>
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> active
      </label>
      <Field label="New password (optional)">
        <input
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <label>
        <input type="checkbox" checked={unlock} onChange={(e) => setUnlock(e.target.checked)} /> lift a
        sign-in lockout
      </label>
      <Field
        label="Reason for change"
        error={error !== undefined && reason.trim() === '' ? error : undefined}
      >
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <Alert message={error !== undefined && reason.trim() !== '' ? error : undefined} />
      <div className="buttons">
        <button type="submit">Save user</button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function NewUser({ sites, onDone }: { sites: readonly Site[]; onDone: () => void }) {
  const [values, setValues] = useState({ userId: '', displayName: '', role: 'coordinator', password: '' });
  const [siteIds, setSiteIds] = useState<string[]>([]);
  const [error, setError] = useState<{ message: string; field?: string } | undefined>();
  const set = (key: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues({ ...values, [key]: event.target.value });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api('POST', '/users', { ...values, siteIds });
      setValues({ userId: '', displayName: '', role: 'coordinator', password: '' });
      setSiteIds([]);
      setError(undefined);
      onDone();
    } catch (failure) {
      setError({ message: messageOf(failure), ...fieldOf(failure) });
    }
  };
  const at = (field: string) => (error?.field?.includes(field) ? error.message : undefined);
  return (
    <form className="case-form admin-form" aria-label="Add a user" onSubmit={save}>
      <h3>Add a user</h3>
      <Field label="User name" error={at('userId')}>
        <input value={values.userId} onChange={set('userId')} autoComplete="off" />
      </Field>
      <Field label="Display name" error={at('displayName')}>
        <input value={values.displayName} onChange={set('displayName')} />
      </Field>
      <Field label="Role">
        <select value={values.role} onChange={set('role')}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </Field>
      <SitePicker sites={sites} chosen={siteIds} onChange={setSiteIds} label="Sites of the new user" />
      <Field label="Initial password" error={at('password')}>
        <input
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={set('password')}
        />
      </Field>
      <Alert message={error !== undefined && error.field === undefined ? error.message : undefined} />
      <button type="submit">Add user</button>
    </form>
  );
}

/** The server's `field` of a refused request (`body.password`), for placing its message. */
export function fieldOf(failure: unknown): { field?: string } {
  const field = (failure as { field?: unknown }).field;
  if (typeof field === 'string') return { field };
  // zod messages name the field: "body field 'password': …"
  const named = /field '([^']+)'/.exec(messageOf(failure));
  return named?.[1] === undefined ? {} : { field: named[1] };
}

function NewSite({ onDone }: { onDone: () => void }) {
  const [siteId, setSiteId] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api('POST', '/sites', { siteId, name });
      setSiteId('');
      setName('');
      setError(undefined);
      onDone();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return (
    <form className="case-form admin-form" aria-label="Add a site" onSubmit={save}>
      <h3>Add a site</h3>
      <Field label="Site code">
        <input value={siteId} onChange={(e) => setSiteId(e.target.value)} />
      </Field>
      <Field label="Site name">
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Alert message={error} />
      <button type="submit">Add site</button>
    </form>
  );
}

/** The admin's area: users (roles, sites, active, passwords, lockouts), sites, and PACS nodes. */
export function Admin() {
  const [users, setUsers] = useState<readonly AdminUser[] | undefined>();
  const [sites, setSites] = useState<readonly Site[]>([]);
  const [editing, setEditing] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const load = useCallback(async () => {
    try {
      const [u, s] = await Promise.all([
        api<{ users: AdminUser[] }>('GET', '/users'),
        api<{ sites: Site[] }>('GET', '/sites'),
      ]);
      setUsers(u.users);
      setSites(s.sites);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="admin" aria-label="Administration">
      <h1>Administration</h1>
      <Alert message={error} />
      {notice !== undefined && (
        <p className="saved" role="status">
          {notice}
        </p>
      )}
      <section aria-label="Users">
        <h2>Users</h2>
        <table className="worklist-table">
          <thead>
            <tr>
              <th>User</th>
              <th>Name</th>
              <th>Role</th>
              <th>Sites</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(users ?? []).map((u) => (
              <tr key={u.userId} data-user={u.userId}>
                <td>{u.userId}</td>
                <td>{u.displayName}</td>
                <td>{u.role}</td>
                <td>{u.siteIds.join(', ')}</td>
                <td>{u.active ? 'active' : 'deactivated'}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`Edit user ${u.userId}`}
                    onClick={() => setEditing(u.userId)}
                  >
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="forms">
          {editing !== undefined && users?.find((u) => u.userId === editing) !== undefined && (
            <UserEditor
              key={editing}
              user={users.find((u) => u.userId === editing) as AdminUser}
              sites={sites}
              onDone={(saved) => {
                if (saved)
                  setNotice(`User ${editing} saved; their sessions were ended where the change requires it.`);
                setEditing(undefined);
                void load();
              }}
            />
          )}
          <NewUser
            sites={sites}
            onDone={() => {
              setNotice('User added.');
              void load();
            }}
          />
        </div>
      </section>
      <section aria-label="Sites">
        <h2>Sites</h2>
        <ul>
          {sites.map((s) => (
            <li key={s.siteId}>
              {s.siteId}: {s.name}
            </li>
          ))}
        </ul>
        <NewSite
          onDone={() => {
            setNotice('Site added.');
            void load();
          }}
        />
      </section>
      <PacsNodes />
    </section>
  );
}
