import { useEffect, useState } from 'react';
import { currentUser, messageOf, type User } from '../study/api.ts';
import type { Review } from './lesion-review.ts';
import {
  LESION_REVIEW_SIGNATURE_MEANING,
  loadSavedReview,
  type SavedReview,
  saveReview,
  signReview,
} from './review-api.ts';

interface Props {
  readonly participantId: string | undefined;
  readonly studyId: string;
  readonly review: Review;
  /** A review saved earlier was found: the viewer redraws it (`restoreReview`). */
  readonly onLoaded: (saved: SavedReview) => void;
}

type Server =
  | { kind: 'loading' }
  | { kind: 'ready'; user: User | undefined }
  | { kind: 'error'; message: string };

/**
 * Saving the review to the study server and signing it: the first save creates the record, a later one
 * needs a reason (it changes the saved version; a signed version stays in the audit trail and the new
 * one is unsigned). Signing asks for the password again and shows what the signature means.
 */
export function SaveSign({ participantId, studyId, review, onLoaded }: Props) {
  const [server, setServer] = useState<Server>({ kind: 'loading' });
  const [saved, setSaved] = useState<SavedReview | undefined>(undefined);
  const [savedEdits, setSavedEdits] = useState<number | undefined>(undefined);
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  /** The version found saved when the viewer opened (redrawn by the viewer). */
  const [loaded, setLoaded] = useState<number | undefined>(undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: once per study; onLoaded is the viewer's, called once.
  useEffect(() => {
    if (participantId === undefined) return;
    currentUser()
      .then(async (user) => {
        if (user !== undefined) {
          const found = await loadSavedReview(participantId, studyId);
          setSaved(found);
          // A review saved in an earlier session, redrawn: nothing is unsaved yet.
          if (found !== undefined) {
            onLoaded(found);
            setLoaded(found.version);
            setSavedEdits(found.data.edits.length);
          }
        }
        setServer({ kind: 'ready', user });
      })
      .catch((error: unknown) => setServer({ kind: 'error', message: messageOf(error) }));
  }, [participantId, studyId]);

  if (participantId === undefined)
    return <p className="notice">This study is not linked to a participant: its review cannot be saved.</p>;
  if (server.kind === 'loading') return <p className="notice">Checking the study server…</p>;
  if (server.kind === 'error') return <p className="notice error">Study server: {server.message}</p>;
  if (server.user === undefined)
    return <p className="notice">Sign in to the study app to save and sign this review.</p>;

  const unsaved = savedEdits === undefined ? review.edits.length : review.edits.length - savedEdits;
  const dirty = saved === undefined || savedEdits === undefined || unsaved > 0;
  const signature = saved?.data.signature;
  const run = async (action: () => Promise<SavedReview>, after: () => void) => {
    setBusy(true);
    setFailure(undefined);
    try {
      setSaved(await action());
      after();
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(
      () => saveReview(participantId, studyId, review, saved, reason),
      () => {
        setSavedEdits(review.edits.length);
        setReason('');
      },
    );
  const sign = () =>
    run(
      () => signReview(participantId, saved as SavedReview, password),
      () => setPassword(''),
    );

  return (
    <section className="save-sign" aria-label="Save and sign">
      <p
        data-testid="review-status"
        data-version={saved?.version ?? ''}
        data-signed={signature !== undefined}
      >
        {saved === undefined
          ? 'Not saved yet.'
          : `Saved: version ${saved.version} by ${saved.updatedBy} at ${saved.updatedAt}. `}
        {signature !== undefined && `Signed by ${signature.signedBy} at ${signature.signedAt}.`}
        {saved !== undefined && signature === undefined && 'Not signed.'}
        {dirty && saved !== undefined && ` Unsaved: ${unsaved > 0 ? `${unsaved} edits` : 'this session'}.`}
      </p>
      {saved !== undefined && loaded === saved.version && (
        <p className="notice">
          Opened version {saved.version}, saved earlier: {saved.data.lesions.length} lesions at SUV ≥{' '}
          {saved.data.segmentation.thresholdSuv}, {saved.data.references.length} references,{' '}
          {saved.data.edits.length} edits, redrawn from the engine's analysis.
        </p>
      )}
      {dirty && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          {saved !== undefined && (
            <label>
              Reason for the change{' '}
              <input name="reason" value={reason} onChange={(event) => setReason(event.target.value)} />
            </label>
          )}{' '}
          <button type="submit" disabled={busy || (saved !== undefined && reason.trim() === '')}>
            Save review
          </button>
        </form>
      )}
      {!dirty && saved !== undefined && signature === undefined && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void sign();
          }}
        >
          <p className="meaning">
            By signing version {saved.version} as {server.user.displayName}: “
            {LESION_REVIEW_SIGNATURE_MEANING}”
          </p>
          <label>
            Password{' '}
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>{' '}
          <button type="submit" disabled={busy || password === ''}>
            Sign review
          </button>
        </form>
      )}
      {failure !== undefined && (
        <p className="notice error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
