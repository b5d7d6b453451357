import {
  type AnalysisParameters,
  analyseCox,
  analyseKaplanMeier,
  analyseLesionDetection,
  analysePairedSuvMax,
  analysePatientDetection,
  analyseRoc,
  consortSvg,
  type DatasetLesion,
  type DetectionAnalysis,
  datasetFromRecords,
  defaultParameters,
  type ExcludedParticipant,
  forestSpec,
  kaplanMeierSpec,
  type ParticipantData,
  pairedSpec,
  rocSpec,
  withLdhRecorded,
} from '@cxcr4pet/report';
import { consortScreening, type Participant, type Screening } from '@cxcr4pet/study';

/** A CSV-ready table: column names and rows of plain values (`NA`, `Inf`, `-Inf` for non-finite numbers, as R writes them). */
export interface DataTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean)[])[];
}

/** One figure of the dashboard: a Vega-Lite spec or an SVG, its data as a table, and its key numbers. */
export type Panel =
  | {
      readonly id: PanelId;
      readonly title: string;
      readonly status: 'ok';
      /** A Vega-Lite spec (rendered by the browser), or a finished SVG (the CONSORT flow). */
      readonly figure:
        | { readonly kind: 'vega-lite'; readonly spec: unknown }
        | { readonly kind: 'svg'; readonly svg: string };
      readonly table: DataTable;
      /** The numbers a reader looks for, full precision, in display order. */
      readonly facts: readonly {
        readonly key: string;
        readonly label: string;
        readonly value: number | string;
      }[];
      readonly notes: readonly string[];
    }
  | { readonly id: PanelId; readonly title: string; readonly status: 'unavailable'; readonly reason: string };

export type PanelId =
  | 'flow'
  | 'enrolment'
  | 'detection'
  | 'lesion-detection'
  | 'paired'
  | 'km'
  | 'roc'
  | 'forest';

export interface Dashboards {
  readonly parameters: AnalysisParameters;
  readonly screened: number;
  readonly enrolled: number;
  /** Enrolled participants with everything the survival analyses need. */
  readonly analysed: number;
  readonly excluded: readonly ExcludedParticipant[];
  readonly panels: readonly Panel[];
}

/** The default CXCR4-high cut-off (Pentixafor SUVmax), the report's: about the median of the diagnosis mix. */
export const DEFAULT_CXCR4_CUTOFF_SUV = 11.5;

/** A finite number as is; NaN as `NA`, ±∞ as `Inf`/`-Inf` (R's spelling), so JSON and CSV keep them. */
function cell(x: number): number | string {
  if (Number.isFinite(x)) return x;
  if (Number.isNaN(x)) return 'NA';
  return x > 0 ? 'Inf' : '-Inf';
}

/** Runs one panel's analysis; a statistics error (too few participants, one group only…) becomes its reason. */
function panel(
  id: PanelId,
  title: string,
  build: () => Omit<Extract<Panel, { status: 'ok' }>, 'id' | 'title' | 'status'>,
): Panel {
  try {
    return { id, title, status: 'ok', ...build() };
  } catch (error) {
    return {
      id,
      title,
      status: 'unavailable',
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * The bars of a detection panel: the share positive on each tracer with its 95 % Wilson interval, the
 * paired counts and McNemar's test; `unit` names what is counted (`Patients`, `Lesions`).
 */
function detectionFigure(
  a: DetectionAnalysis,
  unit: string,
): Pick<Extract<Panel, { status: 'ok' }>, 'figure' | 'table' | 'facts'> {
  const bar = (tracer: 'pentixafor' | 'fdg', label: string) => ({
    tracer: label,
    share: a.positive[tracer].estimate,
    lower: a.positive[tracer].wilson[0],
    upper: a.positive[tracer].wilson[1],
    positive: a.positive[tracer].x,
    n: a.positive[tracer].n,
  });
  const rows = [bar('pentixafor', '68Ga-Pentixafor'), bar('fdg', '18F-FDG')];
  const x = {
    field: 'tracer',
    type: 'nominal' as const,
    title: null,
    sort: ['68Ga-Pentixafor', '18F-FDG'],
  };
  return {
    figure: {
      kind: 'vega-lite',
      spec: {
        width: 260,
        height: 240,
        data: { values: rows },
        layer: [
          {
            mark: { type: 'bar', width: 60 },
            encoding: {
              x,
              y: {
                field: 'share',
                type: 'quantitative',
                scale: { domain: [0, 1] },
                axis: { format: '%' },
                title: `${unit} positive (95 % Wilson CI)`,
              },
              color: {
                field: 'tracer',
                type: 'nominal',
                legend: null,
                scale: { domain: ['68Ga-Pentixafor', '18F-FDG'], range: ['#d62728', '#1f77b4'] },
              },
            },
          },
          {
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } },
          },
        ],
      },
    },
    table: {
      columns: ['tracer', 'positive', 'n', 'share', 'wilsonLower95', 'wilsonUpper95'],
      rows: rows.map((r) => [r.tracer, r.positive, r.n, r.share, r.lower, r.upper]),
    },
    facts: [
      { key: 'both', label: 'Positive on both', value: a.counts.both },
      { key: 'pentixaforOnly', label: 'Pentixafor only', value: a.counts.pentixaforOnly },
      { key: 'fdgOnly', label: 'FDG only', value: a.counts.fdgOnly },
      { key: 'neither', label: 'Neither', value: a.counts.neither },
      { key: 'mcnemar.p', label: 'McNemar p (continuity-corrected)', value: cell(a.mcnemar.p) },
      { key: 'mcnemar.exactP', label: 'McNemar exact p', value: cell(a.mcnemar.exactP) },
    ],
  };
}

function monthOf(date: string): string {
  return date.slice(0, 7);
}

/**
 * The study dashboards from the participants' current records and analysed baseline PETs: the CONSORT
 * flow, enrolment over time, per-patient and per-lesion detection (the lesions of the stored FDG ↔
 * Pentixafor comparisons), paired SUVmax, Kaplan–Meier PFS by CXCR4 group with numbers at risk and the log-rank
 * test, the ROC of Pentixafor SUVmax with the Youden point, and the Cox forest plot — each computed
 * with the report room's analyses (stats room underneath), so the dashboards and the report agree.
 * A panel whose data cannot support its analysis says why instead of failing the others. Pure.
 */
export function buildDashboards(
  people: readonly ParticipantData[],
  options: { readonly cxcr4HighCutoffSuv?: number; readonly rocOutcomeMonths?: number } = {},
  lesions: readonly DatasetLesion[] = [],
): Dashboards {
  const parameters: AnalysisParameters = {
    ...defaultParameters(options.cxcr4HighCutoffSuv ?? DEFAULT_CXCR4_CUTOFF_SUV),
    ...(options.rocOutcomeMonths === undefined ? {} : { rocOutcomeMonths: options.rocOutcomeMonths }),
  };
  const { dataset, excluded } = datasetFromRecords(people, {
    title: 'Study database',
    description: 'the study database (current version of every record; analysed baseline PET/CTs)',
    parameters,
  });
  const analysed = dataset.participants;
  const enrolled = analysed.length + excluded.length;
  const cutoff = parameters.cxcr4HighCutoffSuv;

  const flow = panel('flow', 'Participant flow', () => {
    const screening = consortScreening(dataset.verdicts);
    const progressed = analysed.filter((p) => p.pfs.event).length;
    const consort = {
      ...screening,
      enrolled,
      imaged: analysed.length,
      progressed,
      censored: analysed.length - progressed,
    };
    const rows: (string | number)[][] = [
      ['screened', screening.assessed],
      ['eligible', screening.eligible],
      ['screen failures', screening.ineligible],
      ['screening incomplete', screening.incomplete],
      ...Object.entries(screening.failuresByCriterion).map(([criterion, n]) => [
        `failed: ${criterion}`,
        n ?? 0,
      ]),
      ['enrolled', enrolled],
      ['analysed (both baseline PET/CTs analysed)', analysed.length],
      ['progressed or died', progressed],
    ];
    return {
      figure: { kind: 'svg', svg: consortSvg(consort) },
      table: { columns: ['stage', 'n'], rows },
      facts: [
        { key: 'screened', label: 'Screened', value: screening.assessed },
        { key: 'ineligible', label: 'Screen failures', value: screening.ineligible },
        { key: 'enrolled', label: 'Enrolled', value: enrolled },
        { key: 'analysed', label: 'Analysed', value: analysed.length },
      ],
      notes: [],
    };
  });

  const enrolment = panel('enrolment', 'Enrolment over time', () => {
    const screenedMonths = new Map<string, { screened: number; enrolled: number }>();
    for (const person of people) {
      const screening = person.records.filter((r) => r.type === 'screening').at(-1)?.data as
        | Screening
        | undefined;
      const participant = person.records.filter((r) => r.type === 'participant').at(-1)?.data as
        | Participant
        | undefined;
      if (screening !== undefined) {
        const m = screenedMonths.get(monthOf(screening.screeningDate)) ?? { screened: 0, enrolled: 0 };
        screenedMonths.set(monthOf(screening.screeningDate), { ...m, screened: m.screened + 1 });
      }
      if (participant?.enrolledDate !== undefined) {
        const key = monthOf(participant.enrolledDate);
        const m = screenedMonths.get(key) ?? { screened: 0, enrolled: 0 };
        screenedMonths.set(key, { ...m, enrolled: m.enrolled + 1 });
      }
    }
    if (screenedMonths.size === 0) throw new Error('no screening recorded yet');
    const months = [...screenedMonths.keys()].sort();
    let screened = 0;
    let enrolledSoFar = 0;
    const rows = months.map((month) => {
      const m = screenedMonths.get(month) ?? { screened: 0, enrolled: 0 };
      screened += m.screened;
      enrolledSoFar += m.enrolled;
      return [month, m.screened, m.enrolled, screened, enrolledSoFar] as const;
    });
    const values = rows.flatMap(([month, , , s, e]) => [
      { month, what: 'screened', n: s },
      { month, what: 'enrolled', n: e },
    ]);
    return {
      figure: {
        kind: 'vega-lite',
        spec: {
          width: 520,
          height: 240,
          data: { values },
          mark: { type: 'line', point: true, interpolate: 'step-after' },
          encoding: {
            x: {
              field: 'month',
              type: 'temporal',
              timeUnit: 'yearmonth',
              title: 'Month',
              axis: { format: '%b %Y', labelOverlap: true, labelAngle: -30 },
            },
            y: { field: 'n', type: 'quantitative', title: 'Participants (cumulative)' },
            color: {
              field: 'what',
              type: 'nominal',
              title: null,
              scale: { domain: ['screened', 'enrolled'], range: ['#7f7f7f', '#1f77b4'] },
            },
          },
        },
      },
      table: {
        columns: ['month', 'screened', 'enrolled', 'screenedCumulative', 'enrolledCumulative'],
        rows: rows.map((r) => [...r]),
      },
      facts: [
        { key: 'screened', label: 'Screened', value: screened },
        { key: 'enrolled', label: 'Enrolled', value: enrolledSoFar },
      ],
      notes: [],
    };
  });

  const km = panel('km', 'Progression-free survival by CXCR4 group', () => {
    const a = analyseKaplanMeier(analysed, parameters);
    const rows = a.groups.flatMap(({ group, curve }) =>
      curve.times.map((t, i) => [
        group,
        t,
        curve.atRisk[i] ?? 0,
        curve.nEvent[i] ?? 0,
        curve.nCensor[i] ?? 0,
        cell(curve.survival[i] ?? Number.NaN),
        cell(curve.lower[i] ?? Number.NaN),
        cell(curve.upper[i] ?? Number.NaN),
      ]),
    );
    return {
      figure: { kind: 'vega-lite', spec: kaplanMeierSpec({ km: a }, parameters.atRiskMonths) },
      table: {
        columns: ['group', 'timeMonths', 'nRisk', 'nEvent', 'nCensor', 'survival', 'lower95', 'upper95'],
        rows,
      },
      facts: [
        ...a.groups.flatMap(({ group, curve }) => [
          { key: `${group}.n`, label: `${group}: participants`, value: curve.n },
          { key: `${group}.events`, label: `${group}: events`, value: curve.events },
          { key: `${group}.median`, label: `${group}: median PFS (months)`, value: cell(curve.median) },
        ]),
        ...a.atRisk.flatMap(({ group, counts }) =>
          counts.map((n, i) => ({
            key: `atRisk.${group}.${parameters.atRiskMonths[i]}`,
            label: `${group}: at risk at ${parameters.atRiskMonths[i]} months`,
            value: n,
          })),
        ),
        { key: 'logRank.chisq', label: 'Log-rank χ²', value: a.logRank.chisq },
        { key: 'logRank.df', label: 'Log-rank df', value: a.logRank.df },
        { key: 'logRank.p', label: 'Log-rank p', value: a.logRank.p },
      ],
      notes: [
        `CXCR4-high: baseline Pentixafor SUVmax ≥ ${cutoff}.`,
        'PFS from enrolment, derived from the follow-up records; censored at the last date known alive.',
      ],
    };
  });

  const roc = panel(
    'roc',
    `ROC of Pentixafor SUVmax: progression within ${parameters.rocOutcomeMonths} months`,
    () => {
      const a = analyseRoc(analysed, parameters);
      const r = a.result;
      return {
        figure: {
          kind: 'vega-lite',
          spec: rocSpec({ roc: a }, `Progression or death within ${parameters.rocOutcomeMonths} months`),
        },
        table: {
          columns: ['threshold', 'sensitivity', 'specificity'],
          rows: r.curve.map((p) => [cell(p.threshold), p.sensitivity, p.specificity]),
        },
        facts: [
          { key: 'auc', label: 'AUC', value: r.auc },
          { key: 'aucLower', label: 'AUC 95 % CI lower (DeLong)', value: r.aucCi[0] },
          { key: 'aucUpper', label: 'AUC 95 % CI upper (DeLong)', value: r.aucCi[1] },
          { key: 'youden.threshold', label: 'Youden cut-point (SUVmax)', value: r.youden.threshold },
          { key: 'youden.sensitivity', label: 'Sensitivity at the cut-point', value: r.youden.sensitivity },
          { key: 'youden.specificity', label: 'Specificity at the cut-point', value: r.youden.specificity },
          { key: 'cases', label: 'Progressed within the horizon', value: r.nCases },
          { key: 'controls', label: 'Free of progression at the horizon', value: r.nControls },
          { key: 'excluded', label: 'Censored before the horizon (left out)', value: a.excludedCensored },
        ],
        notes: [
          'Higher SUVmax predicts progression (pROC direction "<"); ties of the Youden index: the lowest threshold.',
        ],
      };
    },
  );

  const forest = panel('forest', 'Cox proportional hazards: PFS', () => {
    const fitted = analyseCox(withLdhRecorded(analysed), parameters);
    const { multivariable } = fitted;
    // The report lists models it cannot fit; this panel says why instead, as it does for any failure.
    if (multivariable === null || fitted.notEstimable.length > 0)
      throw new Error(fitted.notEstimable.map((x) => x.reason).join('; ') || 'Cox model not estimable');
    const a = { ...fitted, multivariable };
    const label = (name: string) => a.terms.find((t) => t.name === name)?.label ?? name;
    const row = (model: string) => (c: (typeof a.univariable)[number]) => [
      model,
      label(c.name),
      c.hr,
      c.hrCi[0],
      c.hrCi[1],
      c.coef,
      c.se,
      c.p,
    ];
    return {
      figure: { kind: 'vega-lite', spec: forestSpec({ cox: a }) },
      table: {
        columns: ['model', 'term', 'hr', 'lower95', 'upper95', 'coef', 'se', 'p'],
        rows: [
          ...a.univariable.map(row('univariable')),
          ...a.multivariable.coefficients.map(row('multivariable')),
        ],
      },
      facts: [
        { key: 'n', label: 'Participants (LDH recorded)', value: a.n },
        { key: 'events', label: 'Events', value: a.events },
        ...a.multivariable.coefficients.map((c) => ({
          key: `multivariable.${c.name}.hr`,
          label: `${label(c.name)}: HR (multivariable)`,
          value: c.hr,
        })),
      ],
      notes: [`Efron ties; Wald 95 % CIs; CXCR4-high: Pentixafor SUVmax ≥ ${cutoff}.`],
    };
  });

  const detection = panel('detection', 'Per-patient detection: Pentixafor vs FDG', () => {
    const a = analysePatientDetection(analysed);
    if (a.n === 0) throw new Error('no participant with both baseline PET/CTs analysed yet');
    return {
      ...detectionFigure(a, 'Patients'),
      notes: ['A scan is positive when its analysis found at least one lesion. Per lesion: the next panel.'],
    };
  });

  const analysedIds = new Set(analysed.map((p) => p.participantId));
  const ownLesions = lesions.filter((l) => analysedIds.has(l.participantId));
  const lesionDetection = panel('lesion-detection', 'Per-lesion detection: Pentixafor vs FDG', () => {
    const a = analyseLesionDetection(ownLesions);
    if (a.n === 0) throw new Error('no FDG ↔ Pentixafor comparison with a lesion stored yet (compare jobs)');
    const figure = detectionFigure(a, 'Lesions');
    return {
      figure: figure.figure,
      // The data behind the bars: one row per lesion (participant and lesion apart, so that a
      // statistician's pseudonym replaces the participant's code).
      table: {
        columns: [
          'participantId',
          'lesion',
          'detectedPentixafor',
          'detectedFdg',
          'suvMaxPentixafor',
          'suvMaxFdg',
        ],
        rows: ownLesions.map((l) => [
          l.participantId,
          l.lesionId.slice(l.participantId.length + 1),
          l.detected.pentixafor,
          l.detected.fdg,
          l.suvMax.pentixafor,
          l.suvMax.fdg,
        ]),
      },
      facts: [{ key: 'n', label: 'Lesions', value: a.n }, ...figure.facts],
      notes: [
        `Lesions of each participant’s newest FDG ↔ Pentixafor comparison (registered CTs, lesions paired one-to-one): a paired lesion is seen on both tracers, an unpaired one on its own tracer only. The reference standard is the union of the lesions found, so a lesion missed on both scans is not counted; lesions of one patient are treated as independent (clustering not modelled). ${ownLesions.length === lesions.length ? '' : `${lesions.length - ownLesions.length} lesions of participants not analysed are left out.`}`.trim(),
      ],
    };
  });

  const paired = panel('paired', 'Per-patient SUVmax: FDG vs Pentixafor', () => {
    const a = analysePairedSuvMax(analysed);
    if (a.n === 0) throw new Error('no participant with both baseline PET/CTs analysed yet');
    return {
      figure: { kind: 'vega-lite', spec: pairedSpec({ suvMax: a }) },
      table: {
        columns: ['participantId', 'suvMaxFdg', 'suvMaxPentixafor'],
        rows: a.pairs.map((p) => [p.participantId, p.fdg, p.pentixafor]),
      },
      facts: [
        { key: 'n', label: 'Participants', value: a.n },
        { key: 'median.pentixafor', label: 'Median SUVmax, Pentixafor', value: a.quartiles.pentixafor[1] },
        { key: 'median.fdg', label: 'Median SUVmax, FDG', value: a.quartiles.fdg[1] },
        { key: 'wilcoxon.V', label: 'Wilcoxon signed-rank V', value: a.wilcoxon.V },
        { key: 'wilcoxon.p', label: 'Wilcoxon p', value: a.wilcoxon.p },
      ],
      notes: [
        'Each line joins one participant’s FDG and Pentixafor SUVmax (hottest lesion of each baseline scan).',
      ],
    };
  });

  return {
    parameters,
    screened: dataset.verdicts.length,
    enrolled,
    analysed: analysed.length,
    excluded,
    panels: [flow, enrolment, detection, lesionDetection, paired, km, roc, forest],
  };
}
