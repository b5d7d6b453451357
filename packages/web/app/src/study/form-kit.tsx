import { cloneElement, type ReactElement, useId, useState } from 'react';
import type { z } from 'zod';
import { messageOf } from './api.ts';

/**
 * A labelled form control with its error beside it (described-by, not part of the label, so the
 * control's name stays the label: tests and screen readers find it by that).
 */
export function Field({
  label,
  error,
  children,
}: {
  label: string;
  error?: string | undefined;
  children: ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>;
}) {
  const id = useId();
  return (
    <div className={error === undefined ? 'field' : 'field invalid'}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        ...(error === undefined ? {} : { 'aria-describedby': `${id}-error`, 'aria-invalid': true }),
      })}
      {error !== undefined && (
        <small id={`${id}-error`} className="error">
          {error}
        </small>
      )}
    </div>
  );
}

/** Field errors of a failed zod parse, keyed by the dotted path (`syringeBefore.activityMBq`). */
export function issuesOf(error: z.ZodError, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = `${prefix}${issue.path.join('.')}`;
    out[key] ??= issue.message;
  }
  return out;
}

/** The "unsaved changes" badge and, for a record entered before, the reason every change needs. */
export function ChangeBar({
  dirty,
  needsReason,
  reason,
  onReason,
}: {
  dirty: boolean;
  needsReason: boolean;
  reason: string;
  onReason: (reason: string) => void;
}) {
  if (!dirty) return <p className="saved">All changes saved</p>;
  return (
    <div className="change-bar">
      <p className="unsaved" role="status">
        Unsaved changes
      </p>
      {needsReason && (
        <Field
          label="Reason for change"
          error={reason.trim() === '' ? 'a reason is required to change a record' : undefined}
        >
          <input value={reason} onChange={(e) => onReason(e.target.value)} />
        </Field>
      )}
    </div>
  );
}

/**
 * The save cycle every case form shares: field errors show once a save was tried; a save refuses an
 * invalid form and, for a record entered before, a change without a reason; the server's refusal
 * (409 when someone changed the record meanwhile, 400 with the field) is shown as it comes.
 */
export function useSave() {
  const [reason, setReason] = useState('');
  const [saveError, setSaveError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const submit = async (valid: boolean, reasonNeeded: string | undefined, action: () => Promise<void>) => {
    setTried(true);
    if (!valid) {
      setSaveError('the form has errors: see the fields marked in red');
      return;
    }
    if (reasonNeeded !== undefined && reason.trim() === '') {
      setSaveError(reasonNeeded);
      return;
    }
    setBusy(true);
    setSaveError(undefined);
    try {
      await action();
      setReason('');
      setTried(false);
    } catch (failure) {
      setSaveError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return { reason, setReason, saveError, busy, tried, submit };
}

/** "Draft restored" with its time and a button to discard it, or nothing when no draft was restored. */
export function DraftNotice({
  draft,
  onDiscard,
}: {
  draft: { readonly savedAt: string } | undefined;
  onDiscard: () => void;
}) {
  if (draft === undefined) return null;
  return (
    <p className="draft-notice" role="status">
      Draft restored (unsaved, from {new Date(draft.savedAt).toLocaleString()}).{' '}
      <button type="button" onClick={onDiscard}>
        Discard draft
      </button>
    </p>
  );
}

/** An error line read out by screen readers (`role=alert`), or nothing. */
export function Alert({ message }: { message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
