import { PROTOCOL, PROTOCOL_STAMP } from './protocol.ts';
import type { Answer } from './records/common.ts';
import type { CriterionId, CriterionResult, EligibilityVerdict } from './records/eligibility.ts';
import type { Consent } from './records/participant.ts';
import type { Screening } from './records/screening.ts';
import { calendarDaysBetween, completedYears, epochDayOf } from './time.ts';

/** What the eligibility rules read: the screening form, the birth date (identity record) and consent. */
export interface EligibilityInput {
  readonly screening: Screening;
  /** From the identity record; absent when not (yet) visible or entered → the age criterion is unknown. */
  readonly birthDate: string | undefined;
  /** All consent records of the participant (none yet → consent criterion not met). */
  readonly consents: readonly Consent[];
}

const TEXT: Record<CriterionId, string> = {
  'age-18-to-80': 'Age 18 to 80 years at screening',
  'untreated-lymphoproliferative-disease': 'Suspected or confirmed untreated lymphoproliferative disease',
  'fdg-pet-ct-within-14-days': '18F-FDG PET/CT within two weeks of the 68Ga-Pentixafor PET/CT',
  'signed-consent': 'Signed written consent',
  pregnancy: 'Pregnancy',
  breastfeeding: 'Breastfeeding',
  'pentixafor-allergy': 'Known allergy against Pentixafor',
};

type Status = CriterionResult['status'];
const met = (evidence: string): Status => ({ kind: 'met', evidence });
const notMet = (evidence: string): Status => ({ kind: 'not-met', evidence });
const unknown = (reason: string): Status => ({ kind: 'unknown', reason });
const S = 'screening';

/**
 * Applies the eligibility criteria of NCT04504526 (inclusion: age 18–80, suspected or confirmed untreated
 * lymphoproliferative disease, FDG PET/CT within two weeks, signed written consent; exclusion: pregnancy,
 * breastfeeding, known allergy against Pentixafor) and returns a verdict stamped with the protocol version.
 * Pure: the verdict is a function of the inputs only; the assessment date is the screening date.
 */
export function assessEligibility(input: EligibilityInput): EligibilityVerdict {
  const { screening } = input;
  const criteria: CriterionResult[] = [
    inclusion('age-18-to-80', ageStatus(input)),
    inclusion('untreated-lymphoproliferative-disease', diseaseStatus(screening)),
    inclusion('fdg-pet-ct-within-14-days', fdgStatus(screening)),
    inclusion('signed-consent', consentStatus(input)),
    exclusion('pregnancy', answerStatus(screening.pregnant, 'pregnant')),
    exclusion('breastfeeding', answerStatus(screening.breastfeeding, 'breastfeeding')),
    exclusion(
      'pentixafor-allergy',
      answerStatus(screening.pentixaforAllergy, 'known allergy against Pentixafor'),
    ),
  ];
  const failed = criteria.filter(
    (c) =>
      (c.role === 'inclusion' && c.status.kind === 'not-met') ||
      (c.role === 'exclusion' && c.status.kind === 'met'),
  );
  const open = criteria.filter((c) => c.status.kind === 'unknown');
  const kind = failed.length > 0 ? 'ineligible' : open.length > 0 ? 'incomplete' : 'eligible';
  const reasons =
    kind === 'eligible'
      ? ['All inclusion criteria met and no exclusion criterion met.']
      : (kind === 'ineligible' ? failed : open).map(
          (c) => `${c.role === 'inclusion' ? 'Inclusion' : 'Exclusion'} "${c.text}": ${describe(c.status)}`,
        );
  return {
    participantId: screening.participantId,
    kind,
    assessedOn: screening.screeningDate,
    reasons,
    criteria,
    protocol: { ...PROTOCOL_STAMP },
  };
}

function describe(status: Status): string {
  switch (status.kind) {
    case 'met':
      return `met (${status.evidence})`;
    case 'not-met':
      return `not met (${status.evidence})`;
    case 'unknown':
      return `unknown (${status.reason})`;
  }
}

const inclusion = (criterion: CriterionId, status: Status): CriterionResult => ({
  criterion,
  role: 'inclusion',
  text: TEXT[criterion],
  status,
});
const exclusion = (criterion: CriterionId, status: Status): CriterionResult => ({
  criterion,
  role: 'exclusion',
  text: TEXT[criterion],
  status,
});

function ageStatus({ birthDate, screening }: EligibilityInput): Status {
  if (birthDate === undefined) return unknown('birth date not available');
  const years = completedYears(
    birthDate,
    screening.screeningDate,
    { record: 'identity', field: 'birthDate' },
    { record: S, field: 'screeningDate' },
  );
  const evidence = `${years} completed years on ${screening.screeningDate} (born ${birthDate})`;
  return years >= PROTOCOL.minAgeYears && years <= PROTOCOL.maxAgeYears ? met(evidence) : notMet(evidence);
}

function diseaseStatus(screening: Screening): Status {
  const d = screening.lymphoproliferativeDisease;
  if (d.kind === 'unknown') return unknown(`disease status unknown: ${d.reason}`);
  if (d.kind === 'absent')
    return notMet(`no lymphoproliferative disease${d.source === undefined ? '' : ` (${d.source})`}`);
  const disease = `${d.kind} lymphoproliferative disease${d.source === undefined ? '' : ` (${d.source})`}`;
  const t = screening.priorTreatment;
  switch (t.kind) {
    case 'no':
      return met(`${disease}, untreated${t.source === undefined ? '' : ` (${t.source})`}`);
    case 'yes':
      return notMet(`${disease}, previously treated${t.source === undefined ? '' : ` (${t.source})`}`);
    case 'unknown':
      return unknown(`prior treatment unknown: ${t.reason}`);
    case 'not-applicable':
      return unknown(
        `prior treatment marked not applicable (${t.reason}); the protocol requires untreated disease`,
      );
  }
}

function fdgStatus(screening: Screening): Status {
  const fdg = screening.fdgPetCtDate;
  const pet = screening.pentixaforPetCtDate;
  if (fdg.kind === 'unknown') return unknown(`FDG PET/CT date unknown: ${fdg.reason}`);
  if (pet.kind === 'unknown') return unknown(`68Ga-Pentixafor PET/CT date unknown: ${pet.reason}`);
  const days = calendarDaysBetween(
    fdg.date,
    pet.date,
    { record: S, field: 'fdgPetCtDate.date' },
    { record: S, field: 'pentixaforPetCtDate.date' },
  );
  const evidence = `FDG PET/CT ${fdg.date}, 68Ga-Pentixafor PET/CT ${pet.date}: ${Math.abs(days)} days apart`;
  return Math.abs(days) <= PROTOCOL.maxScanIntervalDays ? met(evidence) : notMet(evidence);
}

function consentStatus({ consents, screening }: EligibilityInput): Status {
  const on = epochDayOf(screening.screeningDate, { record: S, field: 'screeningDate' });
  const f = (field: string) => ({ record: 'consent', field });
  const own = consents.filter((c) => c.participantId === screening.participantId);
  const valid = own.filter(
    (c) =>
      epochDayOf(c.signedDate, f('signedDate')) <= on &&
      (c.withdrawnDate === undefined || epochDayOf(c.withdrawnDate, f('withdrawnDate')) > on),
  );
  const first = valid[0];
  if (first !== undefined) return met(`consent form ${first.consentFormVersion} signed ${first.signedDate}`);
  if (own.length === 0) return notMet('no signed consent recorded');
  const late = own.find((c) => epochDayOf(c.signedDate, f('signedDate')) > on);
  if (late !== undefined)
    return notMet(`consent signed ${late.signedDate}, after the screening date ${screening.screeningDate}`);
  return notMet('consent withdrawn');
}

/** An exclusion question: yes → met (excluded), no / not applicable → not met, unknown → unknown. */
function answerStatus(answer: Answer, what: string): Status {
  switch (answer.kind) {
    case 'yes':
      return met(`${what}${answer.source === undefined ? '' : ` (${answer.source})`}`);
    case 'no':
      return notMet(`not ${what}${answer.source === undefined ? '' : ` (${answer.source})`}`);
    case 'not-applicable':
      return notMet(`not applicable: ${answer.reason}`);
    case 'unknown':
      return unknown(answer.reason);
  }
}
