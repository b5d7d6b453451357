import { useEffect, useState } from 'react';
import { currentUser, logout, messageOf, type User } from './api.ts';
import { Login } from './Login.tsx';

type Session = { kind: 'checking' } | { kind: 'signed-out' } | { kind: 'signed-in'; user: User };

/** The study team's app: sign in, then the worklist and case forms; sign out ends the server session. */
export function StudyApp() {
  const [session, setSession] = useState<Session>({ kind: 'checking' });
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    currentUser()
      .then((user) => setSession(user === undefined ? { kind: 'signed-out' } : { kind: 'signed-in', user }))
      .catch((failure: unknown) => {
        setError(messageOf(failure));
        setSession({ kind: 'signed-out' });
      });
  }, []);
  const signOut = async () => {
    try {
      await logout();
    } catch (failure) {
      setError(messageOf(failure));
    }
    setSession({ kind: 'signed-out' });
  };
  return (
    <div className="app">
      <header className="app-header">
        <strong>cxcr4pet</strong>
        {session.kind === 'signed-in' && (
          <>
            <span className="who">
              {session.user.displayName} · {session.user.role} · {session.user.siteIds.join(', ')}
            </span>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </>
        )}
      </header>
      {error !== undefined && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {session.kind === 'checking' && <p className="notice">Loading…</p>}
      {session.kind === 'signed-out' && (
        <Login
          onSignedIn={(user) => {
            setError(undefined);
            setSession({ kind: 'signed-in', user });
          }}
        />
      )}
      {session.kind === 'signed-in' && (
        <main className="study">
          <h1>Worklist</h1>
        </main>
      )}
    </div>
  );
}
