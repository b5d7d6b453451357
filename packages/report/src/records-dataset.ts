import {
  type AdverseEvent,
  type BaselineClinical,
  completedYears,
  type Death,
  type Diagnosis,
  type Disease,
  type DoseRecord,
  deriveSurvival,
  type EligibilityVerdict,
  type FollowUpContact,
  type Labs,
  type Participant,
  type ParticipantIdentity,
  type Progression,
  type ResponseAssessment,
  type Scan,
  type Screening,
  type Treatment,
  treatmentDeviations,
} from '@cxcr4pet/study';
import type {
  AnalysisParameters,
  DatasetDeviation,
  DatasetParticipant,
  DatasetTreatment,
  PerTracer,
  StudyDataset,
  Tracer,
} from './dataset.ts';

/** A stored record as the analyses need it: its type (a key of `RECORD_SCHEMAS`) and its validated data. */
export interface TypedData {
  readonly type: string;
  readonly data: unknown;
}

/** A tracer's baseline PET result of one participant: the hottest lesion's SUVmax (0: none) and the count. */
export interface BaselineImaging {
  readonly suvMax: number;
  readonly lesionCount: number;
}

/** One person's current records (latest versions, deleted ones left out) and their analysed baseline PETs. */
export interface ParticipantData {
  readonly participantId: string;
  readonly records: readonly TypedData[];
  readonly imaging: Partial<PerTracer<BaselineImaging>>;
}

/** An enrolled participant the survival analyses cannot use, and why (shown beside the figures). */
export interface ExcludedParticipant {
  readonly participantId: string;
  readonly reason: string;
}

const SUBTYPE_LABELS: Readonly<Record<string, string>> = {
  dlbcl: 'Diffuse large B-cell lymphoma',
  follicular: 'Follicular lymphoma',
  'marginal-zone': 'Marginal zone lymphoma',
  'mantle-cell': 'Mantle cell lymphoma',
  'cll-sll': 'CLL/small lymphocytic lymphoma',
  'primary-cns': 'Primary CNS lymphoma',
  't-cell': 'T-cell lymphoma',
  hodgkin: 'Hodgkin lymphoma',
  'multiple-myeloma': 'Multiple myeloma',
  'smouldering-myeloma': 'Smouldering myeloma',
  plasmacytoma: 'Plasmacytoma',
  cll: 'Chronic lymphocytic leukemia',
  aml: 'Acute myeloid leukemia',
  all: 'Acute lymphoblastic leukemia',
};

/** A readable name of a disease subtype (`Marginal zone lymphoma`; "other" subtypes by their given name). */
export function diseaseLabel(disease: Disease): string {
  if (disease.subtype === 'other') return `${disease.name} (other ${disease.family})`;
  return SUBTYPE_LABELS[disease.subtype] ?? disease.subtype;
}

/**
 * A participant's first-line treatment (the lowest line of therapy recorded; of several, the earliest
 * start) and the protocol deviations of every treatment against the baseline PET/CTs and enrolment.
 */
export function treatmentFacts(
  participantId: string,
  treatments: readonly Treatment[],
  timing: { enrolledDate?: string | undefined; scans: readonly Scan[]; screening?: Screening | undefined },
): { firstLine: DatasetTreatment | undefined; deviations: DatasetDeviation[] } {
  const first = [...treatments].sort(
    (a, b) => a.lineOfTherapy - b.lineOfTherapy || a.startDate.localeCompare(b.startDate),
  )[0];
  return {
    firstLine:
      first === undefined
        ? undefined
        : {
            regimen: first.regimen,
            category: first.category,
            lineOfTherapy: first.lineOfTherapy,
            startDate: first.startDate,
          },
    deviations: treatments.flatMap((t) =>
      treatmentDeviations(t, timing).map((d) => ({ participantId, code: d.code, message: d.message })),
    ),
  };
}

function ofType<T>(records: readonly TypedData[], type: string): T[] {
  return records.filter((r) => r.type === type).map((r) => r.data as T);
}

/**
 * The study dataset from the database's records: everyone's latest eligibility verdict (the flow), and
 * for each enrolled participant age (completed years from birth date to screening date), sex,
 * diagnosis, ECOG, labs, PFS/OS derived by the study room from the follow-up records (censoring as
 * `parameters.pfsCensoring` says: `last-contact` when it mentions it, else the last assessment), and the
 * per-patient SUVmax of each tracer's analysed baseline PET (a scan "positive" when its analysis found
 * at least one lesion). Enrolled participants missing a diagnosis, a birth date, or an analysed baseline
 * PET of either tracer are left out of `participants` and listed in `excluded` with the reason. Each
 * participant carries the first-line treatment; the treatment-timing deviations of every enrolled
 * participant (left-out ones included) are listed in `treatmentDeviations`. Pure.
 */
export function datasetFromRecords(
  people: readonly ParticipantData[],
  options: { readonly title: string; readonly description: string; readonly parameters: AnalysisParameters },
): { readonly dataset: StudyDataset; readonly excluded: readonly ExcludedParticipant[] } {
  const verdicts: EligibilityVerdict[] = [];
  const participants: DatasetParticipant[] = [];
  const excluded: ExcludedParticipant[] = [];
  const doses: DoseRecord[] = [];
  const adverseEvents: AdverseEvent[] = [];
  const deviations: DatasetDeviation[] = [];
  const pfsCensoring = options.parameters.pfsCensoring.includes('last-contact')
    ? 'last-contact'
    : 'last-assessment';
  for (const person of people) {
    const r = person.records;
    const verdict = ofType<EligibilityVerdict>(r, 'eligibility-verdict').at(-1);
    if (verdict !== undefined) verdicts.push(verdict);
    const participant = ofType<Participant>(r, 'participant').at(-1);
    if (participant?.enrolledDate === undefined) continue;
    doses.push(...ofType<DoseRecord>(r, 'dose'));
    adverseEvents.push(...ofType<AdverseEvent>(r, 'adverse-event'));
    const identity = ofType<ParticipantIdentity>(r, 'participant-identity').at(-1);
    const screening = ofType<Screening>(r, 'screening').at(-1);
    const diagnosis = ofType<Diagnosis>(r, 'diagnosis').at(-1);
    const treatment = treatmentFacts(person.participantId, ofType<Treatment>(r, 'treatment'), {
      enrolledDate: participant.enrolledDate,
      scans: ofType<Scan>(r, 'scan'),
      screening,
    });
    deviations.push(...treatment.deviations);
    const { pentixafor, fdg } = person.imaging;
    const missing = [
      identity === undefined ? 'birth date' : undefined,
      screening === undefined ? 'screening' : undefined,
      diagnosis === undefined ? 'diagnosis' : undefined,
      pentixafor === undefined ? 'analysed baseline Pentixafor PET' : undefined,
      fdg === undefined ? 'analysed baseline FDG PET' : undefined,
      participant.sex === undefined ? 'sex' : undefined,
    ].filter((m) => m !== undefined);
    if (
      missing.length > 0 ||
      identity === undefined ||
      screening === undefined ||
      diagnosis === undefined ||
      pentixafor === undefined ||
      fdg === undefined ||
      participant.sex === undefined
    ) {
      excluded.push({ participantId: person.participantId, reason: `no ${missing.join(', ')}` });
      continue;
    }
    const survival = deriveSurvival(
      {
        participant,
        responses: ofType<ResponseAssessment>(r, 'response-assessment'),
        progressions: ofType<Progression>(r, 'progression'),
        death: ofType<Death>(r, 'death').at(-1),
        contacts: ofType<FollowUpContact>(r, 'follow-up-contact'),
      },
      { pfsCensoring },
    );
    const labs = ofType<Labs>(r, 'labs').at(-1);
    const clinical = ofType<BaselineClinical>(r, 'baseline-clinical').at(-1);
    const tracers: readonly Tracer[] = ['pentixafor', 'fdg'];
    const imaging = { pentixafor, fdg };
    participants.push({
      participantId: person.participantId,
      sex: participant.sex,
      ageYears: completedYears(
        identity.birthDate,
        screening.screeningDate,
        { record: 'participant-identity', field: 'birthDate' },
        { record: 'screening', field: 'screeningDate' },
      ),
      diseaseFamily: diagnosis.disease.family,
      diagnosis: diseaseLabel(diagnosis.disease),
      ...(clinical?.ecogPerformanceStatus === undefined
        ? {}
        : { ecogPerformanceStatus: clinical.ecogPerformanceStatus }),
      labs: {
        ldhUPerL: labs?.ldhUPerL,
        ldhUpperLimitUPerL: labs?.ldhUpperLimitUPerL,
        beta2MicroglobulinMgPerL: labs?.beta2MicroglobulinMgPerL,
        hemoglobinGPerDl: labs?.hemoglobinGPerDl,
        plateletsE9PerL: labs?.plateletsE9PerL,
        absoluteLymphocytesE9PerL: labs?.absoluteLymphocytesE9PerL,
        albuminGPerDl: labs?.albuminGPerDl,
      },
      suvMax: { pentixafor: pentixafor.suvMax, fdg: fdg.suvMax },
      positive: Object.fromEntries(tracers.map((t) => [t, imaging[t].lesionCount > 0])) as PerTracer<boolean>,
      pfs: { timeMonths: survival.pfs.timeMonths, event: survival.pfs.event },
      os: { timeMonths: survival.os.timeMonths, event: survival.os.event },
      ...(treatment.firstLine === undefined ? {} : { firstLineTreatment: treatment.firstLine }),
    });
  }
  return {
    dataset: {
      title: options.title,
      source: { kind: 'database', description: options.description },
      verdicts,
      participants,
      doses,
      adverseEvents,
      lesions: [],
      parameters: options.parameters,
      treatmentDeviations: deviations,
    },
    excluded,
  };
}
