import {
  applicableScores,
  type BaselineClinical,
  type Cytogenetics,
  completedYears,
  type Diagnosis,
  diagnosisSchema,
  type Labs,
  type Participant,
  type ParticipantIdentity,
  type RecordType,
  type Scan,
  type ScoreResult,
  type Screening,
  type Treatment,
  treatmentDeviations,
} from '@cxcr4pet/study';
import { type ReactNode, useCallback, useState } from 'react';
import { messageOf } from './api.ts';
import { RecordForm, type RecordFormSpec } from './record-form.tsx';
import {
  adverseEventSpec,
  baselineClinicalSpec,
  contactSpec,
  cytogeneticsSpec,
  deathSpec,
  diagnosisSpec,
  labsSpec,
  progressionSpec,
  responseSpec,
  treatmentSpec,
} from './record-specs.ts';
import { latestOf, type Stored, stampOf } from './records.ts';

interface CaseProps {
  readonly userId: string;
  readonly participantId: string;
  readonly records: readonly Stored[];
  readonly locked: boolean;
  readonly onSaved: () => void;
}

/** The risk scores of the diagnosis as the forms stand (typed values where valid, else the stored ones). */
export function RiskScores({
  records,
  live,
}: {
  records: readonly Stored[];
  live: Readonly<Partial<Record<RecordType, unknown>>>;
}) {
  const of = <T,>(type: RecordType): T | undefined =>
    (live[type] as T | undefined) ?? latestOf<T>(records, type)?.data;
  const diagnosis = of<Diagnosis>('diagnosis');
  let scores: readonly ScoreResult<string>[] | string;
  let ageYears: number | undefined;
  if (diagnosis === undefined || !diagnosisSchema.safeParse(diagnosis).success) {
    scores = 'Enter the diagnosis to see the risk scores that apply.';
  } else {
    try {
      const clinical = of<BaselineClinical>('baseline-clinical');
      const birthDate = latestOf<ParticipantIdentity>(records, 'participant-identity')?.data.birthDate;
      const baselineDate = clinical?.assessedDate ?? diagnosis.diagnosedDate;
      ageYears =
        birthDate === undefined
          ? undefined
          : completedYears(
              birthDate,
              baselineDate,
              { record: 'participant-identity', field: 'birthDate' },
              { record: 'diagnosis', field: 'diagnosedDate' },
            );
      scores = applicableScores({
        disease: diagnosis.disease,
        ageYears,
        labs: of<Labs>('labs'),
        clinical,
        cytogenetics: of<Cytogenetics>('cytogenetics'),
      });
      if (scores.length === 0) scores = 'No risk score is defined for this diagnosis.';
    } catch (error) {
      scores = messageOf(error);
    }
  }
  return (
    <section className="risk-scores" aria-label="Risk scores (live)" aria-live="polite">
      <h2>Risk scores</h2>
      <p className="note">
        As entered, updated while you type
        {ageYears === undefined ? '' : `; age ${ageYears} years at baseline`}.
      </p>
      {typeof scores === 'string' ? (
        <p className="notice">{scores}</p>
      ) : (
        scores.map((s) => (
          <div key={s.system.id} className="score" data-score={s.system.id}>
            <h3>
              {s.system.name}:{' '}
              <span className="score-result">
                {s.kind === 'scored'
                  ? `${s.group}${s.points === undefined ? '' : ` (${s.points} points)`}`
                  : 'needs more data'}
              </span>
            </h3>
            {s.kind === 'scored' ? (
              <ul>
                {s.factors.map((f) => (
                  <li key={f.name} className={f.present ? 'factor-present' : 'factor-absent'}>
                    {f.name}: {f.value} → {f.points} {f.points === 1 ? 'point' : 'points'}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="notice">{s.message}</p>
            )}
            <small className="note">{s.system.version}</small>
          </div>
        ))
      )}
    </section>
  );
}

/** A record type entered at most once per participant (the latest is edited). */
function SingleRecord({
  spec,
  onLive,
  ...props
}: CaseProps & {
  spec: RecordFormSpec;
  onLive?: (type: RecordType, record: unknown, valid: boolean) => void;
}) {
  const existing = latestOf(props.records, spec.type);
  return (
    <RecordForm
      key={`${spec.type}-${existing?.recordId ?? 'new'}-${existing?.version ?? 0}`}
      spec={spec}
      userId={props.userId}
      participantId={props.participantId}
      existing={existing}
      locked={props.locked}
      onSaved={props.onSaved}
      {...(onLive === undefined ? {} : { onLive })}
    />
  );
}

/** A record type entered many times (adverse events, assessments, contacts): the list, and one form. */
function RecordList({
  spec,
  describe,
  notices,
  ...props
}: CaseProps & {
  spec: RecordFormSpec;
  describe: (data: Record<string, unknown>) => string;
  /** What a record means beyond its fields (a protocol deviation): under the form and beside the listed record. */
  notices?: (record: unknown, valid: boolean) => ReactNode;
}) {
  const list = props.records.filter((r) => r.type === spec.type);
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const existing = list.find((r) => r.recordId === editing);
  return (
    <section className="record-list" aria-label={`${spec.title}s`}>
      <h2>{spec.title}s</h2>
      {list.length === 0 ? (
        <p className="notice">None recorded.</p>
      ) : (
        <ul>
          {list.map((r) => (
            <li key={r.recordId}>
              {describe(r.data as Record<string, unknown>)} {notices?.(r.data, true)}
              <button
                type="button"
                aria-label={`Edit ${spec.title.toLowerCase()} ${describe(r.data as Record<string, unknown>)}`}
                onClick={() => setEditing(r.recordId)}
              >
                {props.locked ? 'View' : 'Edit'}
              </button>
            </li>
          ))}
        </ul>
      )}
      {!props.locked && editing === undefined && (
        <button type="button" onClick={() => setEditing('new')}>
          Add {spec.title.toLowerCase()}
        </button>
      )}
      {editing !== undefined && (
        <RecordForm
          key={`${editing}-${existing?.version ?? 0}-${stampOf(list)}`}
          spec={spec}
          userId={props.userId}
          participantId={props.participantId}
          existing={existing}
          existingCount={list.length}
          locked={props.locked}
          onSaved={() => {
            setEditing(undefined);
            props.onSaved();
          }}
          {...(notices === undefined ? {} : { notices })}
        >
          <button type="button" onClick={() => setEditing(undefined)}>
            Close
          </button>
        </RecordForm>
      )}
    </section>
  );
}

const text = (d: Record<string, unknown>, key: string) => String(d[key] ?? '');

/**
 * The protocol deviations of a treatment as typed or stored ("baseline imaging precedes treatment",
 * the study room's `treatmentDeviations`, as the server and the report check it): a warning, the
 * record is saved all the same.
 */
function TreatmentDeviations({ records, treatment }: { records: readonly Stored[]; treatment: Treatment }) {
  let deviations: readonly { code: string; message: string }[];
  try {
    deviations = treatmentDeviations(treatment, {
      enrolledDate: latestOf<Participant>(records, 'participant')?.data.enrolledDate,
      scans: records.filter((r) => r.type === 'scan').map((r) => r.data as Scan),
      screening: latestOf<Screening>(records, 'screening')?.data,
    });
  } catch (error) {
    return <span className="error">{messageOf(error)}</span>;
  }
  if (deviations.length === 0) return null;
  return (
    <span className="protocol-deviation" role="status">
      Protocol deviation: {deviations.map((d) => d.message).join(' ')}
    </span>
  );
}

/**
 * The records after screening and dose: diagnosis (with subtypes), labs, baseline clinical findings and
 * cytogenetics with the risk scores they give (live), the lines of treatment (with the protocol's
 * "baseline imaging precedes treatment" checked as typed), then follow-up — response assessments,
 * progression, death, contacts — and adverse events.
 */
export function CaseRecords(props: CaseProps) {
  const [live, setLive] = useState<Partial<Record<RecordType, unknown>>>({});
  const onLive = useCallback((type: RecordType, record: unknown, valid: boolean) => {
    setLive((current) => {
      const next = { ...current };
      if (valid) next[type] = record;
      else delete next[type];
      return next;
    });
  }, []);
  return (
    <>
      <div className="forms">
        <SingleRecord {...props} spec={diagnosisSpec} onLive={onLive} />
        <SingleRecord {...props} spec={labsSpec} onLive={onLive} />
        <SingleRecord {...props} spec={baselineClinicalSpec} onLive={onLive} />
        <SingleRecord {...props} spec={cytogeneticsSpec} onLive={onLive} />
        <RiskScores records={props.records} live={live} />
      </div>
      <h2 className="case-section">Treatment</h2>
      <div className="forms">
        <RecordList
          {...props}
          spec={treatmentSpec}
          describe={(d) =>
            `Line ${text(d, 'lineOfTherapy')}: ${text(d, 'regimen')} (${text(d, 'category')}), from ${text(d, 'startDate')}`
          }
          notices={(record, valid) =>
            valid ? <TreatmentDeviations records={props.records} treatment={record as Treatment} /> : null
          }
        />
      </div>
      <h2 className="case-section">Follow-up and safety</h2>
      <div className="forms">
        <RecordList
          {...props}
          spec={responseSpec}
          describe={(d) =>
            `${text(d, 'assessedDate')} ${text(d, 'timepoint')}: ${String((d.response as { category?: string })?.category ?? '')}`
          }
        />
        <RecordList
          {...props}
          spec={progressionSpec}
          describe={(d) => `${text(d, 'progressionDate')} (${text(d, 'basis')})`}
        />
        <SingleRecord {...props} spec={deathSpec} />
        <RecordList
          {...props}
          spec={contactSpec}
          describe={(d) => `${text(d, 'contactDate')} (${text(d, 'method')})`}
        />
        <RecordList
          {...props}
          spec={adverseEventSpec}
          describe={(d) =>
            `${text(d, 'aeId')} ${text(d, 'ctcaeTerm')}, grade ${text(d, 'grade')}, onset ${text(d, 'onsetDate')}`
          }
        />
      </div>
    </>
  );
}
