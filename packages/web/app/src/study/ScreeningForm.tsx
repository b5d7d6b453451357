import {
  type Answer,
  assessEligibility,
  type Consent,
  consentSchema,
  type DateAnswer,
  type EligibilityVerdict,
  type Participant,
  type ParticipantIdentity,
  participantIdentitySchema,
  participantSchema,
  type Screening,
  screeningSchema,
} from '@cxcr4pet/study';
import { type FormEvent, useMemo } from 'react';
import { api, messageOf, type User } from './api.ts';
import { draftKey, useDraft } from './drafts.ts';
import { Alert, ChangeBar, DraftNotice, Field, issuesOf, useSave } from './form-kit.tsx';
import { latestOf, type Stored, saveRecord } from './records.ts';
import { Verdict } from './Verdict.tsx';

/** The screening form's fields as typed (strings), before they become records. */
interface Values {
  participantId: string;
  sex: string;
  fullName: string;
  birthDate: string;
  hospitalId: string;
  consentFormVersion: string;
  consentSignedDate: string;
  screeningDate: string;
  disease: string;
  priorTreatment: string;
  fdgPetCtDate: string;
  pentixaforPetCtDate: string;
  pregnant: string;
  breastfeeding: string;
  pentixaforAllergy: string;
}

const EMPTY: Values = {
  participantId: '',
  sex: '',
  fullName: '',
  birthDate: '',
  hospitalId: '',
  consentFormVersion: '',
  consentSignedDate: '',
  screeningDate: '',
  disease: '',
  priorTreatment: '',
  fdgPetCtDate: '',
  pentixaforPetCtDate: '',
  pregnant: '',
  breastfeeding: '',
  pentixaforAllergy: '',
};

const NOT_APPLICABLE = 'not applicable to this participant (male)';
const NOT_SCHEDULED = 'not scheduled yet';

function answer(value: string): Answer | undefined {
  if (value === 'yes' || value === 'no') return { kind: value };
  if (value === 'not-applicable') return { kind: 'not-applicable', reason: NOT_APPLICABLE };
  return undefined;
}
const answerValue = (a: Answer): string => a.kind;
function dateAnswer(value: string): DateAnswer {
  return value === '' ? { kind: 'unknown', reason: NOT_SCHEDULED } : { kind: 'known', date: value };
}
const dateValue = (a: DateAnswer): string => (a.kind === 'known' ? a.date : '');

function valuesOf(records: readonly Stored[]): Values {
  const p = latestOf<Participant>(records, 'participant')?.data;
  const i = latestOf<ParticipantIdentity>(records, 'participant-identity')?.data;
  const c = latestOf<Consent>(records, 'consent')?.data;
  const s = latestOf<Screening>(records, 'screening')?.data;
  return {
    participantId: p?.participantId ?? '',
    sex: p?.sex ?? '',
    fullName: i?.fullName ?? '',
    birthDate: i?.birthDate ?? '',
    hospitalId: i?.hospitalId ?? '',
    consentFormVersion: c?.consentFormVersion ?? '',
    consentSignedDate: c?.signedDate ?? '',
    screeningDate: s?.screeningDate ?? '',
    disease: s?.lymphoproliferativeDisease.kind ?? '',
    priorTreatment: s === undefined ? '' : answerValue(s.priorTreatment),
    fdgPetCtDate: s === undefined ? '' : dateValue(s.fdgPetCtDate),
    pentixaforPetCtDate: s === undefined ? '' : dateValue(s.pentixaforPetCtDate),
    pregnant: s === undefined ? '' : answerValue(s.pregnant),
    breastfeeding: s === undefined ? '' : answerValue(s.breastfeeding),
    pentixaforAllergy: s === undefined ? '' : answerValue(s.pentixaforAllergy),
  };
}

/**
 * The four records the form makes, each checked with the study room's zod schema (the server's);
 * errors keyed `<record>.<field>`.
 */
function recordsOf(v: Values, user: User, existingParticipant: Participant | undefined) {
  const participantId = v.participantId.trim();
  const errors: Record<string, string> = {};
  const parse = <T,>(
    key: string,
    schema: {
      safeParse(x: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError };
    },
    raw: unknown,
  ): T | undefined => {
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    Object.assign(errors, issuesOf(result.error, `${key}.`));
    return undefined;
  };
  const participant = parse<Participant>('participant', participantSchema, {
    ...existingParticipant,
    participantId,
    siteId: existingParticipant?.siteId ?? user.siteIds[0],
    sex: v.sex === '' ? undefined : v.sex,
  });
  const identity = parse<ParticipantIdentity>('identity', participantIdentitySchema, {
    participantId,
    fullName: v.fullName,
    birthDate: v.birthDate,
    hospitalId: v.hospitalId,
  });
  const consent = parse<Consent>('consent', consentSchema, {
    participantId,
    consentFormVersion: v.consentFormVersion,
    signedDate: v.consentSignedDate,
    obtainedBy: user.userId,
  });
  const screening = parse<Screening>('screening', screeningSchema, {
    participantId,
    screeningDate: v.screeningDate,
    lymphoproliferativeDisease: v.disease === '' ? undefined : { kind: v.disease },
    priorTreatment: answer(v.priorTreatment),
    fdgPetCtDate: dateAnswer(v.fdgPetCtDate),
    pentixaforPetCtDate: dateAnswer(v.pentixaforPetCtDate),
    pregnant: answer(v.pregnant),
    breastfeeding: answer(v.breastfeeding),
    pentixaforAllergy: answer(v.pentixaforAllergy),
  });
  return { participant, identity, consent, screening, errors };
}

function previewVerdict(
  identity: ParticipantIdentity | undefined,
  consent: Consent | undefined,
  screening: Screening | undefined,
): EligibilityVerdict | string | undefined {
  if (screening === undefined) return undefined;
  try {
    return assessEligibility({
      screening,
      birthDate: identity?.birthDate,
      consents: consent === undefined ? [] : [consent],
    });
  } catch (error) {
    return messageOf(error);
  }
}

/**
 * Registration, identity, consent and screening in one form, with the eligibility verdict computed
 * live by the study room's own rules as fields are filled; saving stores the records and asks the
 * server for the verdict it keeps (which is the one shown afterwards). Unsaved values are kept as a
 * draft of this user in this browser (restored with a notice, or discarded); nothing is editable while
 * the data are locked or for a role that does not enter records.
 */
export function ScreeningForm({
  user,
  records,
  locked,
  onSaved,
}: {
  user: User;
  records: readonly Stored[];
  locked: boolean;
  onSaved: (participantId: string) => void;
}) {
  const loaded = useMemo(() => {
    const stored = valuesOf(records);
    return stored.participantId === '' ? EMPTY : stored;
  }, [records]);
  const { values, setValues, dirty, restored, discard, forget } = useDraft<Values>(
    draftKey(
      user.userId,
      loaded.participantId === '' ? 'new' : loaded.participantId,
      'screening',
      latestOf(records, 'screening')?.recordId,
    ),
    loaded,
  );
  const { reason, setReason, saveError, busy, tried, submit } = useSave();
  const existing = {
    participant: latestOf<Participant>(records, 'participant'),
    identity: latestOf<ParticipantIdentity>(records, 'participant-identity'),
    consent: latestOf<Consent>(records, 'consent'),
    screening: latestOf<Screening>(records, 'screening'),
    verdict: latestOf<EligibilityVerdict>(records, 'eligibility-verdict'),
  };
  const isNew = existing.participant === undefined;
  const built = recordsOf(values, user, existing.participant?.data);
  const live = previewVerdict(built.identity, built.consent, built.screening);
  const needsReason = !isNew;
  const set = (key: keyof Values) => (event: { target: { value: string } }) =>
    setValues({ ...values, [key]: event.target.value });
  /** Field errors show once a save was tried (an empty new form is not a page of errors). */
  const err = (key: string) => (tried ? built.errors[key] : undefined);

  const save = (event: FormEvent) => {
    event.preventDefault();
    const { participant, identity, consent, screening } = built;
    void submit(
      participant !== undefined && identity !== undefined && consent !== undefined && screening !== undefined,
      needsReason ? 'a reason is required to change records entered before' : undefined,
      async () => {
        if (
          participant === undefined ||
          identity === undefined ||
          consent === undefined ||
          screening === undefined
        )
          return;
        const id = participant.participantId;
        if (isNew) await api('POST', '/participants', participant);
        else await saveRecord(id, 'participant', participant, existing.participant, reason);
        await saveRecord(id, 'participant-identity', identity, existing.identity, reason);
        await saveRecord(id, 'consent', consent, existing.consent, reason);
        await saveRecord(id, 'screening', screening, existing.screening, reason);
        await api(
          'POST',
          `/participants/${encodeURIComponent(id)}/eligibility`,
          existing.verdict === undefined ? {} : { reason },
        );
        forget();
        onSaved(id);
      },
    );
  };

  const yesNo = (key: keyof Values, label: string, withNa = false) => (
    <Field label={label} error={err(`screening.${key}`)}>
      <select value={values[key]} onChange={set(key)}>
        <option value="">—</option>
        <option value="no">no</option>
        <option value="yes">yes</option>
        {withNa && <option value="not-applicable">not applicable (male)</option>}
      </select>
    </Field>
  );

  return (
    <form className="case-form" aria-label="Screening and eligibility" onSubmit={save}>
      <h2>Screening and eligibility</h2>
      <DraftNotice draft={restored} onDiscard={discard} />
      <fieldset className="form-body" disabled={locked}>
        <fieldset>
          <legend>Participant</legend>
          <Field label="Study code" error={err('participant.participantId')}>
            <input value={values.participantId} onChange={set('participantId')} readOnly={!isNew} />
          </Field>
          <Field label="Sex" error={err('participant.sex')}>
            <select value={values.sex} onChange={set('sex')}>
              <option value="">—</option>
              <option value="female">female</option>
              <option value="male">male</option>
            </select>
          </Field>
          <Field label="Full name" error={err('identity.fullName')}>
            <input value={values.fullName} onChange={set('fullName')} />
          </Field>
          <Field label="Birth date" error={err('identity.birthDate')}>
            <input type="date" value={values.birthDate} onChange={set('birthDate')} />
          </Field>
          <Field label="Hospital id" error={err('identity.hospitalId')}>
            <input value={values.hospitalId} onChange={set('hospitalId')} />
          </Field>
        </fieldset>
        <fieldset>
          <legend>Consent</legend>
          <Field label="Consent form version" error={err('consent.consentFormVersion')}>
            <input value={values.consentFormVersion} onChange={set('consentFormVersion')} />
          </Field>
          <Field label="Consent signed" error={err('consent.signedDate')}>
            <input type="date" value={values.consentSignedDate} onChange={set('consentSignedDate')} />
          </Field>
        </fieldset>
        <fieldset>
          <legend>Screening</legend>
          <Field label="Screening date" error={err('screening.screeningDate')}>
            <input type="date" value={values.screeningDate} onChange={set('screeningDate')} />
          </Field>
          <Field label="Lymphoproliferative disease" error={err('screening.lymphoproliferativeDisease')}>
            <select value={values.disease} onChange={set('disease')}>
              <option value="">—</option>
              <option value="confirmed">confirmed</option>
              <option value="suspected">suspected</option>
              <option value="absent">absent</option>
            </select>
          </Field>
          {yesNo('priorTreatment', 'Prior anti-tumour treatment')}
          <Field label="FDG PET/CT date" error={err('screening.fdgPetCtDate')}>
            <input type="date" value={values.fdgPetCtDate} onChange={set('fdgPetCtDate')} />
          </Field>
          <Field label="Pentixafor PET/CT date" error={err('screening.pentixaforPetCtDate')}>
            <input type="date" value={values.pentixaforPetCtDate} onChange={set('pentixaforPetCtDate')} />
          </Field>
          {yesNo('pregnant', 'Pregnant', true)}
          {yesNo('breastfeeding', 'Breastfeeding', true)}
          {yesNo('pentixaforAllergy', 'Pentixafor allergy')}
        </fieldset>
      </fieldset>
      <section className="live-verdict" aria-label="Eligibility (live)">
        <h3>Eligibility as entered</h3>
        {live === undefined && <p className="notice">Fill in the screening to see the verdict.</p>}
        {typeof live === 'string' && <p className="error">{live}</p>}
        {typeof live === 'object' && <Verdict verdict={live} />}
      </section>
      {existing.verdict !== undefined && (
        <section className="stored-verdict" aria-label="Eligibility (stored)">
          <h3>Stored verdict</h3>
          <Verdict verdict={existing.verdict.data} />
        </section>
      )}
      {!locked && (
        <>
          <ChangeBar dirty={dirty} needsReason={needsReason} reason={reason} onReason={setReason} />
          <Alert message={saveError} />
          <button type="submit" disabled={busy || !dirty}>
            {isNew ? 'Register and assess' : 'Save and re-assess'}
          </button>
        </>
      )}
    </form>
  );
}
