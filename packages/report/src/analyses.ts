import {
  type CoxCoefficient,
  type CoxResult,
  coxPh,
  type GroupCurve,
  type KaplanMeierCurve,
  kaplanMeierByGroup,
  type LogRankResult,
  logRank,
  type McNemarResult,
  mcnemar,
  type Proportion,
  proportion,
  type RocResult,
  roc,
  type SignedRankResult,
  type SpearmanResult,
  spearman,
  survivalAt,
  wilcoxonSignedRank,
} from '@cxcr4pet/stats';
import {
  type ConsortScreening,
  consortScreening,
  doseWindowDeviations,
  netInjectedActivity,
  summariseAdverseEvents,
  type TreatmentCategory,
} from '@cxcr4pet/study';
import type {
  AnalysisParameters,
  DatasetLesion,
  DatasetParticipant,
  PerTracer,
  StudyDataset,
  Tracer,
} from './dataset.ts';
import { quantile } from './summary.ts';

/** A 2×2 of paired reads: both positive, only Pentixafor, only FDG, neither. */
export interface PairedCounts {
  readonly both: number;
  readonly pentixaforOnly: number;
  readonly fdgOnly: number;
  readonly neither: number;
}

export interface DetectionAnalysis {
  readonly n: number;
  readonly counts: PairedCounts;
  /** Share positive on each tracer with Wilson 95 % CI. */
  readonly positive: PerTracer<Proportion>;
  readonly mcnemar: McNemarResult;
}

export interface Correlation {
  readonly marker: string;
  readonly label: string;
  readonly tracer: Tracer;
  readonly result: SpearmanResult;
}

export interface CoxTerm {
  readonly name: string;
  readonly label: string;
}

/** Participants of one diagnosis on one first-line regimen (`regimen` null: no treatment recorded). */
export interface TreatmentRow {
  readonly diagnosis: string;
  readonly regimen: string | null;
  readonly category: TreatmentCategory | null;
  readonly n: number;
  /** Participants with this diagnosis (the row's denominator). */
  readonly of: number;
}

export interface StudyAnalyses {
  readonly consort: ConsortScreening & {
    readonly enrolled: number;
    readonly imaged: number;
    readonly progressed: number;
    readonly censored: number;
  };
  readonly baseline: {
    readonly n: number;
    readonly ageYears: readonly [number, number, number];
    readonly female: number;
    readonly diagnoses: readonly { readonly label: string; readonly n: number }[];
    readonly ecog: readonly { readonly label: string; readonly n: number }[];
    readonly ldhElevated: { readonly n: number; readonly of: number };
    /** First-line treatment by diagnosis: one row per diagnosis and regimen ("none recorded" included). */
    readonly treatments: readonly TreatmentRow[];
    readonly labs: readonly {
      readonly label: string;
      readonly key: string;
      readonly quartiles: readonly [number, number, number];
      readonly n: number;
    }[];
  };
  readonly dose: {
    readonly perTracer: PerTracer<{
      readonly n: number;
      readonly quartiles: readonly [number, number, number];
      readonly range: readonly [number, number];
    }>;
    readonly belowWindow: number;
    readonly aboveWindow: number;
  };
  /** Treatment-timing deviations (started before baseline imaging or enrolment): events and participants. */
  readonly treatmentDeviations: { readonly deviations: number; readonly participants: number };
  readonly safety: {
    readonly participantsWithEvent: number;
    readonly serious: number;
    readonly pentixaforRelated: number;
    readonly byTerm: readonly {
      readonly term: string;
      readonly events: number;
      readonly worstGrade: number;
    }[];
  };
  readonly patientDetection: DetectionAnalysis;
  readonly lesionDetection: DetectionAnalysis;
  readonly suvMax: {
    readonly n: number;
    readonly quartiles: PerTracer<readonly [number, number, number]>;
    readonly wilcoxon: SignedRankResult;
    readonly pairs: readonly {
      readonly participantId: string;
      readonly pentixafor: number;
      readonly fdg: number;
    }[];
  };
  readonly correlations: readonly Correlation[];
  readonly roc: { readonly result: RocResult; readonly excludedCensored: number };
  readonly km: {
    readonly groups: readonly GroupCurve[];
    readonly logRank: LogRankResult;
    readonly atRisk: readonly { readonly group: string; readonly counts: readonly number[] }[];
  };
  readonly cox: {
    readonly n: number;
    readonly events: number;
    readonly terms: readonly CoxTerm[];
    readonly univariable: readonly CoxCoefficient[];
    /** Null when the model cannot be fitted (see `notEstimable`). */
    readonly multivariable: CoxResult | null;
    /** Models the data cannot estimate (too few events, monotone likelihood), with the fit's reason. */
    readonly notEstimable: readonly {
      readonly model: 'uni' | 'multi';
      readonly name: string;
      readonly reason: string;
    }[];
  };
}

const LOW = 'CXCR4-low';
const HIGH = 'CXCR4-high';

/** The group label of a participant by the stated cut-off. */
export function cxcr4Group(p: DatasetParticipant, cutoffSuv: number): string {
  return p.suvMax.pentixafor >= cutoffSuv ? HIGH : LOW;
}

function paired(a: readonly boolean[], b: readonly boolean[]): DetectionAnalysis {
  const counts = { both: 0, pentixaforOnly: 0, fdgOnly: 0, neither: 0 };
  a.forEach((x, i) => {
    const y = b[i] === true;
    if (x && y) counts.both++;
    else if (x) counts.pentixaforOnly++;
    else if (y) counts.fdgOnly++;
    else counts.neither++;
  });
  const n = a.length;
  return {
    n,
    counts,
    positive: {
      pentixafor: proportion(counts.both + counts.pentixaforOnly, n),
      fdg: proportion(counts.both + counts.fdgOnly, n),
    },
    mcnemar: mcnemar(
      a.map((x) => (x ? 1 : 0)),
      b.map((x) => (x ? 1 : 0)),
    ),
  };
}

/**
 * First-line treatment by diagnosis: diagnoses in the order of the diagnosis rows (most frequent first),
 * within each the regimens by count, then name; participants without a treatment record last.
 */
function treatmentRows(people: StudyDataset['participants']): TreatmentRow[] {
  const rows: TreatmentRow[] = [];
  for (const { label: diagnosis, n: of } of counted(people.map((p) => p.diagnosis))) {
    const group = people.filter((p) => p.diagnosis === diagnosis);
    const regimens = counted(
      group.flatMap((p) => (p.firstLineTreatment === undefined ? [] : [p.firstLineTreatment.regimen])),
    );
    for (const { label: regimen, n } of regimens) {
      const category = group.find((p) => p.firstLineTreatment?.regimen === regimen)?.firstLineTreatment
        ?.category;
      rows.push({ diagnosis, regimen, category: category ?? null, n, of });
    }
    const none = group.filter((p) => p.firstLineTreatment === undefined).length;
    if (none > 0) rows.push({ diagnosis, regimen: null, category: null, n: none, of });
  }
  return rows;
}

function quartiles(values: readonly number[]): [number, number, number] {
  return [quantile(values, 0.25), quantile(values, 0.5), quantile(values, 0.75)];
}

function counted(labels: readonly string[]): { label: string; n: number }[] {
  const map = new Map<string, number>();
  for (const l of labels) map.set(l, (map.get(l) ?? 0) + 1);
  return [...map.entries()]
    .map(([label, n]) => ({ label, n }))
    .sort((x, y) => y.n - x.n || x.label.localeCompare(y.label));
}

const LAB_MARKERS = [
  { key: 'ldhUPerL', label: 'LDH (U/L)' },
  { key: 'beta2MicroglobulinMgPerL', label: 'β2-microglobulin (mg/L)' },
  { key: 'hemoglobinGPerDl', label: 'Haemoglobin (g/dL)' },
  { key: 'plateletsE9PerL', label: 'Platelets (10⁹/L)' },
  { key: 'absoluteLymphocytesE9PerL', label: 'Lymphocytes (10⁹/L)' },
  { key: 'albuminGPerDl', label: 'Albumin (g/dL)' },
] as const;

/** The Cox model terms: CXCR4-high, LDH above the upper limit of normal, age per 10 years. */
export const COX_TERMS: readonly CoxTerm[] = [
  { name: 'cxcr4High', label: `${HIGH} (vs low)` },
  { name: 'ldhElevated', label: 'LDH > ULN' },
  { name: 'agePer10Years', label: 'Age (per 10 years)' },
];

/** Every analysis of the report, computed with the stats and study rooms' functions. Pure. */
export function analyseStudy(dataset: StudyDataset): StudyAnalyses {
  const { participants: people, parameters: par } = dataset;
  const screening = consortScreening(dataset.verdicts);
  const progressed = people.filter((p) => p.pfs.event).length;

  const withLdh = withLdhRecorded(people);

  const netByTracer = (tracer: Tracer) =>
    dataset.doses
      .filter((d) => d.tracer === tracer)
      .map((d) => netInjectedActivity(d).netInjectedActivityMBq);
  const doseSummary = (tracer: Tracer) => {
    const v = netByTracer(tracer);
    return { n: v.length, quartiles: quartiles(v), range: [Math.min(...v), Math.max(...v)] as const };
  };
  const deviations = netByTracer('pentixafor').flatMap((mbq) => doseWindowDeviations('pentixafor', mbq));

  const aeSummary = summariseAdverseEvents(dataset.adverseEvents);
  const terms = new Map<string, { events: number; worstGrade: number }>();
  for (const ae of dataset.adverseEvents) {
    const t = terms.get(ae.ctcaeTerm) ?? { events: 0, worstGrade: 0 };
    terms.set(ae.ctcaeTerm, { events: t.events + 1, worstGrade: Math.max(t.worstGrade, ae.grade) });
  }

  const correlations: Correlation[] = LAB_MARKERS.flatMap(({ key, label }) => {
    const rows = people.filter((p) => p.labs[key] !== undefined);
    if (rows.length < 3) return [];
    const lab = rows.map((p) => p.labs[key] ?? Number.NaN);
    return (['pentixafor', 'fdg'] as const).map((tracer) => ({
      marker: key,
      label,
      tracer,
      result: spearman(
        rows.map((p) => p.suvMax[tracer]),
        lab,
      ),
    }));
  });

  const rocAnalysis = analyseRoc(people, par);
  const kmAnalysis = analyseKaplanMeier(people, par);
  const coxAnalysis = analyseCox(withLdh, par);

  return {
    consort: {
      ...screening,
      enrolled: people.length,
      imaged: people.length,
      progressed,
      censored: people.length - progressed,
    },
    baseline: {
      n: people.length,
      ageYears: quartiles(people.map((p) => p.ageYears)),
      female: people.filter((p) => p.sex === 'female').length,
      diagnoses: counted(people.map((p) => p.diagnosis)),
      ecog: counted(
        people.map((p) =>
          p.ecogPerformanceStatus === undefined ? 'not recorded' : `ECOG ${p.ecogPerformanceStatus}`,
        ),
      ).sort((x, y) => x.label.localeCompare(y.label)),
      ldhElevated: { n: withLdh.filter(ldhHigh).length, of: withLdh.length },
      treatments: treatmentRows(people),
      labs: LAB_MARKERS.map(({ key, label }) => {
        const v = people.flatMap((p) => (p.labs[key] === undefined ? [] : [p.labs[key]]));
        return { key, label, quartiles: quartiles(v), n: v.length };
      }),
    },
    dose: {
      perTracer: { pentixafor: doseSummary('pentixafor'), fdg: doseSummary('fdg') },
      belowWindow: deviations.filter((d) => d.code === 'dose-below-window').length,
      aboveWindow: deviations.filter((d) => d.code === 'dose-above-window').length,
    },
    treatmentDeviations: {
      deviations: dataset.treatmentDeviations?.length ?? 0,
      participants: new Set(dataset.treatmentDeviations?.map((d) => d.participantId)).size,
    },
    safety: {
      participantsWithEvent: aeSummary.length,
      serious: aeSummary.filter((s) => s.anySerious).length,
      pentixaforRelated: aeSummary.filter((s) => s.anyPentixaforRelated).length,
      byTerm: [...terms.entries()].map(([term, t]) => ({ term, ...t })).sort((a, b) => b.events - a.events),
    },
    patientDetection: analysePatientDetection(people),
    lesionDetection: analyseLesionDetection(dataset.lesions),
    suvMax: analysePairedSuvMax(people),
    correlations,
    roc: rocAnalysis,
    km: kmAnalysis,
    cox: coxAnalysis,
  };
}

/** Per-patient detection: positive on each tracer (Wilson CIs), the paired 2×2 and McNemar's test. */
export function analysePatientDetection(people: readonly DatasetParticipant[]): DetectionAnalysis {
  return paired(
    people.map((p) => p.positive.pentixafor),
    people.map((p) => p.positive.fdg),
  );
}

/** Per-lesion detection: each lesion of the reference standard seen on each tracer (Wilson CIs), McNemar. */
export function analyseLesionDetection(lesions: readonly DatasetLesion[]): DetectionAnalysis {
  return paired(
    lesions.map((l) => l.detected.pentixafor),
    lesions.map((l) => l.detected.fdg),
  );
}

/** Per-patient SUVmax of the two tracers: quartiles, Wilcoxon signed-rank test, and the pairs. */
export function analysePairedSuvMax(people: readonly DatasetParticipant[]): StudyAnalyses['suvMax'] {
  const pentixaforSuv = people.map((p) => p.suvMax.pentixafor);
  const fdgSuv = people.map((p) => p.suvMax.fdg);
  return {
    n: people.length,
    quartiles: { pentixafor: quartiles(pentixaforSuv), fdg: quartiles(fdgSuv) },
    wilcoxon: wilcoxonSignedRank(pentixaforSuv, fdgSuv),
    pairs: people.map((p) => ({
      participantId: p.participantId,
      pentixafor: p.suvMax.pentixafor,
      fdg: p.suvMax.fdg,
    })),
  };
}

/** Participants with LDH and its upper limit of normal recorded (the Cox model's rows). */
export function withLdhRecorded(people: readonly DatasetParticipant[]): readonly DatasetParticipant[] {
  return people.filter((p) => p.labs.ldhUPerL !== undefined && p.labs.ldhUpperLimitUPerL !== undefined);
}

function ldhHigh(p: DatasetParticipant): boolean {
  return (p.labs.ldhUPerL ?? 0) > (p.labs.ldhUpperLimitUPerL ?? Number.POSITIVE_INFINITY);
}

/**
 * ROC of Pentixafor SUVmax for progression or death within `rocOutcomeMonths`; participants censored
 * before then are left out (their outcome is unknown).
 */
export function analyseRoc(
  people: readonly DatasetParticipant[],
  par: AnalysisParameters,
): StudyAnalyses['roc'] {
  const rocRows = people.filter((p) => p.pfs.event || p.pfs.timeMonths >= par.rocOutcomeMonths);
  const result = roc(
    {
      score: rocRows.map((p) => p.suvMax.pentixafor),
      truth: rocRows.map((p) => (p.pfs.event && p.pfs.timeMonths <= par.rocOutcomeMonths ? 1 : 0)),
    },
    { direction: '<', confLevel: par.confLevel },
  );
  return { result, excludedCensored: people.length - rocRows.length };
}

/** Kaplan–Meier PFS by CXCR4 group, the log-rank test, and the numbers at risk at `atRiskMonths`. */
export function analyseKaplanMeier(
  people: readonly DatasetParticipant[],
  par: AnalysisParameters,
): StudyAnalyses['km'] {
  const survival = {
    time: people.map((p) => p.pfs.timeMonths),
    event: people.map((p) => (p.pfs.event ? 1 : 0)),
    group: people.map((p) => cxcr4Group(p, par.cxcr4HighCutoffSuv)),
  };
  const groups = kaplanMeierByGroup(survival, { confLevel: par.confLevel });
  const atRisk = groups.map(({ group, curve }: { group: string; curve: KaplanMeierCurve }) => ({
    group,
    counts: survivalAt(curve, par.atRiskMonths).map((s) => s.atRisk),
  }));
  return { groups, logRank: logRank(survival), atRisk };
}

/** Univariable and multivariable Cox models of PFS on `COX_TERMS`, over `coxRows` (LDH recorded). */
export function analyseCox(
  coxRows: readonly DatasetParticipant[],
  par: AnalysisParameters,
): StudyAnalyses['cox'] {
  const coxBase = {
    time: coxRows.map((p) => p.pfs.timeMonths),
    event: coxRows.map((p) => (p.pfs.event ? 1 : 0)),
  };
  const values: Record<string, number[]> = {
    cxcr4High: coxRows.map((p) => (p.suvMax.pentixafor >= par.cxcr4HighCutoffSuv ? 1 : 0)),
    ldhElevated: coxRows.map((p) => (ldhHigh(p) ? 1 : 0)),
    agePer10Years: coxRows.map((p) => p.ageYears / 10),
  };
  const covariate = (t: CoxTerm) => ({
    kind: 'numeric' as const,
    name: t.name,
    values: values[t.name] ?? [],
  });
  const options = { ties: par.coxTies, confLevel: par.confLevel };
  const notEstimable: { model: 'uni' | 'multi'; name: string; reason: string }[] = [];
  const fit = (model: 'uni' | 'multi', name: string, terms: readonly CoxTerm[]): CoxResult | null => {
    try {
      return coxPh({ ...coxBase, covariates: terms.map(covariate) }, options);
    } catch (error) {
      // A small cohort can have no events in a group (monotone likelihood): reported as not estimable.
      notEstimable.push({ model, name, reason: error instanceof Error ? error.message : String(error) });
      return null;
    }
  };
  const univariable = COX_TERMS.flatMap((t) => {
    const c = fit('uni', t.name, [t])?.coefficients[0];
    return c === undefined ? [] : [c];
  });
  const multivariable = fit('multi', 'all', COX_TERMS);
  return {
    n: coxRows.length,
    events: coxBase.event.reduce<number>((s, e) => s + e, 0),
    terms: COX_TERMS,
    univariable,
    multivariable,
    notEstimable,
  };
}
