import type { StudyAnalyses } from './analyses.ts';
import type { StudyDataset } from './dataset.ts';
import { count } from './format.ts';

/** The methods section, written from the parameters and data actually used (no fixed prose about numbers). */
export function methodsParagraphs(dataset: StudyDataset, a: StudyAnalyses, software: string): string[] {
  const par = dataset.parameters;
  const ci = `${Math.round(par.confLevel * 100)} %`;
  const src = dataset.source;
  const truth = (trueLogHr: number) =>
    a.cox.multivariable === null
      ? `The true hazard ratio of CXCR4-high is ${Math.exp(trueLogHr).toFixed(3)}; the multivariable Cox model could not be estimated with these data.`
      : `The true hazard ratio of CXCR4-high is ${Math.exp(trueLogHr).toFixed(3)}; the multivariable Cox estimate below ${coversTruth(a, trueLogHr) ? 'covers' : 'does NOT cover'} it with its ${ci} confidence interval.`;
  const source =
    src.kind === 'synthetic-cohort'
      ? [...src.modelDescription, truth(src.trueLogHazardRatio)]
      : src.kind === 'synthetic-database'
        ? [...src.modelDescription, `Data: ${src.description}.`, truth(src.trueLogHazardRatio)]
        : [`Data: ${src.description}.`];
  return [
    `Design: prospective diagnostic and prognostic study of 68Ga-Pentixafor PET/CT compared with 18F-FDG PET/CT in lymphoproliferative disease (NCT04504526). Eligibility: age 18–80 years, suspected or confirmed untreated disease, FDG PET/CT within 14 days of the Pentixafor PET/CT, signed consent; exclusion: pregnancy, breastfeeding, known Pentixafor allergy. Verdicts were computed by the study room's eligibility rules from the screening records.`,
    ...source,
    ...imagingMethods(dataset),
    treatmentMethods(dataset),
    `Administered activity is the syringe reading before injection minus the residual after it, each decay-corrected to the injection time; a Pentixafor net activity outside 74–148 MBq is a protocol deviation.`,
    `Per-patient SUVmax is the SUVmax of the hottest lesion; a patient is positive on a tracer when at least one lesion is seen. Detection on the two tracers was compared with McNemar's test with continuity correction (and the exact binomial version), per patient and per lesion; per-lesion analysis treats lesions as independent. Proportions carry Wilson ${ci} intervals.`,
    `Paired per-patient SUVmax was compared with the two-sided Wilcoxon signed-rank test; correlations with laboratory markers are Spearman's ρ with the p-value of R's cor.test.`,
    `ROC analysis: Pentixafor SUVmax as the score for progression or death within ${par.rocOutcomeMonths} months (participants censored earlier excluded), AUC with DeLong ${ci} interval, cut-point maximising Youden's J.`,
    `Progression-free survival runs from enrolment to progression or death, censored at the ${par.pfsCensoring}. CXCR4-high is Pentixafor SUVmax ≥ ${par.cxcr4HighCutoffSuv}. Kaplan–Meier curves with Greenwood variance were compared with the log-rank test; numbers at risk are given at ${par.atRiskMonths.join(', ')} months. Cox proportional-hazards models (${par.coxTies} ties) were fitted for each covariate alone and for all together (${a.cox.terms.map((t) => t.label).join(', ')}), with Wald ${ci} intervals.`,
    `All statistics were computed by ${software}, whose statistics room reproduces R (survival, pROC, stats) and is tested against committed R output. Every number in this report is marked with the analysis that produced it (footnotes).`,
  ];
}

/** How first-line treatment was tabulated and the protocol's treatment-timing rule checked. */
function treatmentMethods(dataset: StudyDataset): string {
  const recorded = dataset.participants.filter((p) => p.firstLineTreatment !== undefined).length;
  return `Treatment: each participant's first-line treatment is the treatment record with the lowest line of therapy (of several, the earliest start), tabulated by diagnosis with its regimen and category (${recorded} of ${dataset.participants.length} analysed participants have one). The protocol images before treatment: a treatment starting before either baseline PET/CT (the earliest baseline scan record of the tracer, else the screening's PET/CT date; site-local calendar dates, a start on the scan's day allowed) or before enrolment is a protocol deviation (treatmentDeviations, study room), counted over every enrolled participant.`;
}

/** Whether the multivariable Cox CI of CXCR4-high covers a true log hazard ratio. */
export function coversTruth(a: StudyAnalyses, trueLogHr: number): boolean {
  const c = a.cox.multivariable?.coefficients.find((x) => x.name === 'cxcr4High');
  return c !== undefined && Math.log(c.hrCi[0]) <= trueLogHr && trueLogHr <= Math.log(c.hrCi[1]);
}

/** How the stored analyses measured: each distinct set of options and software, with the rule it states. */
export function imagingMethods(dataset: StudyDataset): string[] {
  const analyses = dataset.analyses ?? [];
  const groups = new Map<string, { kind: string; n: number; text: string }>();
  for (const x of analyses) {
    const command = x.kind === 'compare-series' ? 'compare' : 'analyze';
    const software = `cxcr4pet ${x.softwareVersion}${x.softwareCommit === null ? '' : ` (${x.softwareCommit})`}`;
    const key = `${command} ${x.arguments.join(' ')} ${software} ${x.method}`;
    const g = groups.get(key) ?? {
      kind: command,
      n: 0,
      text: `'cxcr4pet ${command} ${x.arguments.join(' ')}' by ${software}: ${x.method}`,
    };
    groups.set(key, { ...g, n: g.n + 1 });
  }
  return [...groups.values()].map((g) =>
    g.kind === 'compare'
      ? `FDG ↔ Pentixafor comparison of each participant (${count(g.n, 'stored analysis', 'stored analyses')}, Pentixafor as A): ${g.text}.`
      : `Per-scan image analysis (${count(g.n, 'stored analysis', 'stored analyses')}, one per PET series): ${g.text}.`,
  );
}
