import { useEffect, useState } from 'react';
import { currentUser, logout, messageOf, type User } from './api.ts';
import { clearDraftsOf, draftKeysOf } from './drafts.ts';
import { Alert } from './form-kit.tsx';
import { Login } from './Login.tsx';
import { ParticipantCase } from './ParticipantCase.tsx';
import { SECTIONS } from './sections.tsx';
import { Worklist, worklistPath } from './Worklist.tsx';

/**
 * Screens by path (the server answers index.html for each): `/`, `/participants/new`,
 * `/participants/<id>`, and the sections of `SECTIONS` (`/dashboards`…).
 */
type Screen =
  | { kind: 'worklist' }
  | { kind: 'participant'; participantId: string | undefined }
  | { kind: 'section'; path: string };

function screenOf(path: string): Screen {
  if (SECTIONS.some((s) => s.path === path)) return { kind: 'section', path };
  const match = /^\/participants\/([^/]+)$/.exec(path);
  if (match === null) return { kind: 'worklist' };
  const id = decodeURIComponent(match[1] as string);
  return { kind: 'participant', participantId: id === 'new' ? undefined : id };
}

function pathOf(screen: Screen): string {
  if (screen.kind === 'worklist') return worklistPath();
  if (screen.kind === 'section') return screen.path;
  return `/participants/${screen.participantId === undefined ? 'new' : encodeURIComponent(screen.participantId)}`;
}

type Session = { kind: 'checking' } | { kind: 'signed-out' } | { kind: 'signed-in'; user: User };

/** The study team's app: sign in, then the worklist and case forms; sign out ends the server session. */
export function StudyApp() {
  const [session, setSession] = useState<Session>({ kind: 'checking' });
  const [error, setError] = useState<string | undefined>();
  const [screen, setScreen] = useState<Screen>(() => screenOf(window.location.pathname));
  useEffect(() => {
    const onPop = () => setScreen(screenOf(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = (next: Screen, replace = false) => {
    if (replace) window.history.replaceState(null, '', pathOf(next));
    else window.history.pushState(null, '', pathOf(next));
    setScreen(next);
  };
  useEffect(() => {
    currentUser()
      .then((user) => setSession(user === undefined ? { kind: 'signed-out' } : { kind: 'signed-in', user }))
      .catch((failure: unknown) => {
        setError(messageOf(failure));
        setSession({ kind: 'signed-out' });
      });
  }, []);
  /**
   * Sign-out ends the server session and removes this user's drafts from the browser, so that the next
   * person at a shared workstation never sees them (asked first when there are any).
   */
  const signOut = async () => {
    if (session.kind === 'signed-in') {
      const drafts = draftKeysOf(session.user.userId).length;
      if (
        drafts > 0 &&
        !window.confirm(
          `Sign out? ${drafts === 1 ? 'One unsaved draft' : `${drafts} unsaved drafts`} kept in this browser will be discarded.`,
        )
      )
        return;
      clearDraftsOf(session.user.userId);
    }
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
            <nav className="app-nav" aria-label="Sections">
              <a
                href="/"
                aria-current={screen.kind !== 'section' ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go({ kind: 'worklist' });
                }}
              >
                Worklist
              </a>
              {SECTIONS.filter((s) => s.roles.includes(session.user.role)).map((s) => (
                <a
                  key={s.path}
                  href={s.path}
                  aria-current={screen.kind === 'section' && screen.path === s.path ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    go({ kind: 'section', path: s.path });
                  }}
                >
                  {s.label}
                </a>
              ))}
            </nav>
            <span className="who">
              {session.user.displayName} · {session.user.role} · {session.user.siteIds.join(', ')}
            </span>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </>
        )}
      </header>
      <Alert message={error} />
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
          {screen.kind === 'section' ? (
            (SECTIONS.find((s) => s.path === screen.path)?.render() ?? null)
          ) : screen.kind === 'worklist' ? (
            <Worklist
              onOpen={(participantId) => go({ kind: 'participant', participantId })}
              onNew={() => go({ kind: 'participant', participantId: undefined })}
            />
          ) : (
            <ParticipantCase
              key={screen.participantId ?? 'new'}
              user={session.user}
              participantId={screen.participantId}
              onRegistered={(participantId) => go({ kind: 'participant', participantId }, true)}
              onBack={() => {
                if (
                  document.querySelector('.unsaved') !== null &&
                  !window.confirm('Leave without saving your changes?')
                )
                  return;
                go({ kind: 'worklist' });
              }}
            />
          )}
        </main>
      )}
    </div>
  );
}
