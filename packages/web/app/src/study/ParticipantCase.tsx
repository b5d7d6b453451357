import type { DoseRecord, EligibilityVerdict, Participant } from '@cxcr4pet/study';
import { useCallback, useEffect, useState } from 'react';
import { protocolState, STAGE_LABELS } from '../../../src/protocol-state.ts';
import { api, messageOf, type User } from './api.ts';
import { DoseForm } from './DoseForm.tsx';
import { Alert } from './form-kit.tsx';
import { latestOf, loadRecords, type Stored } from './records.ts';
import { ScreeningForm } from './ScreeningForm.tsx';
import { localToday } from './Worklist.tsx';

/** Version stamp of a record list: forms reset to the stored values when it changes (after a save). */
const stampOf = (records: readonly Stored[]) => records.map((r) => `${r.recordId}@${r.version}`).join(',');

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
      {records === undefined && error === undefined && <p className="notice">Loading…</p>}
      {records !== undefined && (
        <div className="forms">
          <ScreeningForm
            key={stampOf(records.filter((r) => r.type !== 'dose'))}
            user={user}
            records={records}
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
                  participantId={participantId}
                  tracer={tracer}
                  existing={dose}
                  onSaved={() => void reload()}
                />
              );
            })}
        </div>
      )}
    </section>
  );
}
