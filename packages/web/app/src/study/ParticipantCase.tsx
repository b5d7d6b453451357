import type { DoseRecord, EligibilityVerdict, Participant } from '@cxcr4pet/study';
import { useCallback, useEffect, useState } from 'react';
import { protocolState, STAGE_LABELS } from '../../../src/protocol-state.ts';
import { api, messageOf, type User } from './api.ts';
import { CaseRecords } from './CaseRecords.tsx';
import { DoseForm } from './DoseForm.tsx';
import { Alert } from './form-kit.tsx';
import { latestOf, loadRecords, type Stored, stampOf } from './records.ts';
import { ScreeningForm } from './ScreeningForm.tsx';
import { StoredImages } from './StoredImages.tsx';
import { localToday } from './Worklist.tsx';

/** `GET /api/lock`: whether the study data are locked, and the last lock or unlock. */
interface LockState {
  readonly locked: boolean;
  readonly changedAt?: string;
  readonly changedBy?: string;
  readonly reason?: string;
}

/**
 * One participant's case: the screening/eligibility form, enrolment once the stored verdict is
 * eligible, and the dose forms. `participantId` undefined: a new participant (the form registers them).
 */
export function ParticipantCase({
  user,
  participantId,
  onRegistered,
  onBack,
}: {
  user: User;
  participantId: string | undefined;
  onRegistered: (participantId: string) => void;
  onBack: () => void;
}) {
  const [records, setRecords] = useState<readonly Stored[] | undefined>(
    participantId === undefined ? [] : undefined,
  );
  const [error, setError] = useState<string | undefined>();
  const reload = useCallback(async () => {
    if (participantId === undefined) return;
    try {
      setRecords(await loadRecords(participantId));
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, [participantId]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const [lock, setLock] = useState<LockState | undefined>();
  useEffect(() => {
    api<LockState>('GET', '/lock')
      .then(setLock)
      .catch((failure: unknown) => setError(messageOf(failure)));
  }, []);
  const locked = lock?.locked === true;
  /** Site staff enter the clinical records (the server's RECORD_WRITERS); other roles read them. */
  const entersRecords = user.role === 'investigator' || user.role === 'coordinator';

  const participant = records === undefined ? undefined : latestOf<Participant>(records, 'participant');
  const verdict =
    records === undefined ? undefined : latestOf<EligibilityVerdict>(records, 'eligibility-verdict');
  const enrol = async () => {
    if (participant === undefined || participantId === undefined) return;
    try {
      await api(
        'PUT',
        `/participants/${encodeURIComponent(participantId)}/records/participant/${participant.recordId}`,
        {
          version: participant.version,
          reason: `enrolment after an eligible verdict of ${verdict?.data.assessedOn ?? 'unknown date'}`,
          data: { ...participant.data, enrolledDate: localToday() },
        },
      );
      await reload();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  return (
    <section className="case" aria-label="Participant case">
      <div className="case-header">
        <button type="button" onClick={onBack}>
          ← Worklist
        </button>
        <h1>{participantId ?? 'New participant'}</h1>
        {records !== undefined && participantId !== undefined && (
          <span className="stage">{STAGE_LABELS[protocolState(records, localToday()).stage]}</span>
        )}
        {participant !== undefined &&
          participant.data.enrolledDate === undefined &&
          verdict?.data.kind === 'eligible' && (
            <button type="button" onClick={enrol}>
              Enrol
            </button>
          )}
      </div>
      <Alert message={error} />
      {locked && (
        <p className="lock-banner" role="status">
          The study data are locked
          {lock?.changedAt === undefined ? '' : ` since ${new Date(lock.changedAt).toLocaleString()}`}
          {lock?.changedBy === undefined ? '' : ` by ${lock.changedBy}`}
          {lock?.reason === undefined ? '' : ` (${lock.reason})`}: records can be read, not changed.
        </p>
      )}
      {!entersRecords && !locked && (
        <p className="lock-banner" role="status">
          Read-only: as {user.role} you can read these records; site staff enter them.
        </p>
      )}
      {records === undefined && error === undefined && <p className="notice">Loading…</p>}
      {records !== undefined && (
        <div className="forms">
          <ScreeningForm
            key={stampOf(records.filter((r) => r.type !== 'dose'))}
            user={user}
            records={records}
            locked={locked || !entersRecords}
            onSaved={(id) => (participantId === undefined ? onRegistered(id) : void reload())}
          />
          {participantId !== undefined &&
            (['pentixafor', 'fdg'] as const).map((tracer) => {
              const dose = records
                .filter((r) => r.type === 'dose' && (r.data as DoseRecord).tracer === tracer)
                .at(-1) as Stored<DoseRecord> | undefined;
              return (
                <DoseForm
                  key={`${tracer}-${dose?.version ?? 0}`}
                  userId={user.userId}
                  participantId={participantId}
                  tracer={tracer}
                  existing={dose}
                  locked={locked || !entersRecords}
                  onSaved={() => void reload()}
                />
              );
            })}
          {participantId !== undefined && <StoredImages participantId={participantId} />}
        </div>
      )}
      {records !== undefined && participantId !== undefined && participant !== undefined && (
        <CaseRecords
          userId={user.userId}
          participantId={participantId}
          records={records}
          locked={locked || !entersRecords}
          onSaved={() => void reload()}
        />
      )}
    </section>
  );
}
