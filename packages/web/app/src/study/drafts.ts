import { useEffect, useState } from 'react';

/**
 * Drafts: a form's unsaved values kept in this browser (localStorage), keyed by the signed-in user, the
 * participant and the record, so that a shared workstation never shows one user's unsaved values to
 * another; the app clears a user's drafts when they sign out (`clearDraftsOf`).
 */
const PREFIX = 'cxcr4pet-draft:';

/** The key of one form's draft: user, participant (`new` while registering), record type, record id. */
export function draftKey(userId: string, participantId: string, type: string, recordId: string | undefined) {
  return `${PREFIX}${userId}:${participantId}:${type}:${recordId ?? 'new'}`;
}

export interface Draft<V> {
  readonly savedAt: string;
  readonly values: V;
}

function readDraft<V>(key: string): Draft<V> | undefined {
  try {
    const text = window.localStorage.getItem(key);
    return text === null ? undefined : (JSON.parse(text) as Draft<V>);
  } catch {
    return undefined;
  }
}

/** The keys of a user's drafts in this browser. */
export function draftKeysOf(userId: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < window.localStorage.length; i++) {
    const key = window.localStorage.key(i);
    if (key?.startsWith(`${PREFIX}${userId}:`) === true) keys.push(key);
  }
  return keys;
}

/** Removes every draft of `userId` from this browser (at sign-out); returns how many there were. */
export function clearDraftsOf(userId: string): number {
  const keys = draftKeysOf(userId);
  for (const key of keys) window.localStorage.removeItem(key);
  return keys.length;
}

/**
 * A form's values with their draft: starts from the stored draft when it differs from `loaded` (the
 * record as saved), keeps the values as the draft while they differ from `loaded` and removes it when
 * they do not. `restored` is the draft found on opening (for the "Draft restored" notice); `discard`
 * goes back to `loaded`; `forget` removes the draft after a save.
 */
export function useDraft<V>(key: string, loaded: V) {
  const [restored] = useState(() => {
    const found = readDraft<V>(key);
    return found !== undefined && JSON.stringify(found.values) !== JSON.stringify(loaded) ? found : undefined;
  });
  const [values, setValues] = useState<V>(restored?.values ?? loaded);
  const [showRestored, setShowRestored] = useState(restored !== undefined);
  const dirty = JSON.stringify(values) !== JSON.stringify(loaded);
  useEffect(() => {
    if (dirty)
      window.localStorage.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), values }));
    else window.localStorage.removeItem(key);
  }, [dirty, key, values]);
  return {
    values,
    setValues,
    dirty,
    restored: showRestored ? restored : undefined,
    discard: () => {
      window.localStorage.removeItem(key);
      setValues(loaded);
      setShowRestored(false);
    },
    forget: () => window.localStorage.removeItem(key),
  };
}
