import { analyseStudy, type StudyAnalyses } from './analyses.ts';
import { consortSvg } from './consort-svg.ts';
import type { ReportProvenance, StudyDataset } from './dataset.ts';
import { renderFigures } from './figures.ts';
import { count, escapeHtml, fixed, plural, pValue } from './format.ts';
import { methodsParagraphs } from './methods.ts';

/** One analysis that numbers cite: footnote text = what, how (function, R equivalent), parameters. */
interface Footnote {
  readonly id: string;
  readonly analysis: string;
  readonly method: string;
  readonly parameters: string;
  /** Whether the numbers it cites come from image analyses (then it names the stored analyses). */
  readonly imaging: boolean;
}

/** The built report: the HTML document, the analyses behind it, and its page count by construction. */
export interface StudyReport {
  readonly html: string;
  readonly analyses: StudyAnalyses;
  /** Number of `section.page` blocks; each starts on a new printed page. */
  readonly pages: number;
}

/** A number in the text, machine-readable: `data-key` names it, `data-value` holds it at full precision. */
function num(key: string, value: number, text: string): string {
  return `<span class="num" data-key="${escapeHtml(key)}" data-value="${String(value)}">${escapeHtml(text)}</span>`;
}
const int = (key: string, value: number) => num(key, value, String(value));
const dec = (key: string, value: number, digits: number) => num(key, value, fixed(value, digits));
const pv = (key: string, p: number) => num(key, p, pValue(p));
const pct = (n: number, of: number) => (of === 0 ? '—' : `${((100 * n) / of).toFixed(0)} %`);
const iqr = (key: string, q: readonly [number, number, number], digits: number) =>
  `${dec(`${key}.median`, q[1], digits)} (${dec(`${key}.q1`, q[0], digits)}–${dec(`${key}.q3`, q[2], digits)})`;

const CSS = `
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10.5pt; color: #111; margin: 0; }
h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 10pt 0 4pt; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 8pt 0 3pt; }
.page { break-after: page; } .page:last-child { break-after: auto; }
table { border-collapse: collapse; margin: 4pt 0 8pt; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #ccc; padding: 2pt 6pt; text-align: left; vertical-align: top; }
th { background: #eee; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
table.analyses { font-size: 7pt; } table.analyses td, table.analyses th { padding: 0.5pt 3pt; }
p.methods { font-size: 8.5pt; margin: 0 0 4pt; }
td.id { font-family: 'DejaVu Sans Mono', monospace; font-size: 6pt; }
figure { margin: 4pt 0; break-inside: avoid; } figcaption { font-size: 9pt; color: #333; margin-top: 2pt; }
.fn { font-size: 8pt; vertical-align: super; } .fn a { color: #06c; text-decoration: none; }
.footnotes li { font-size: 8.5pt; margin-bottom: 3pt; } .muted { color: #555; font-size: 9pt; }
`;

/**
 * Builds the study report as one self-contained HTML document (inline CSS and SVG, no external assets):
 * participant flow, baseline, dose and safety tables, detection with McNemar, paired SUVmax with Wilcoxon,
 * Spearman correlations with labs, ROC with the Youden cut-point, Kaplan–Meier with numbers at risk and
 * log-rank, Cox tables with a forest plot, and methods generated from the parameters used. Every number is
 * a `span.num` with `data-key`/`data-value` inside a block whose footnote gives the analysis, the
 * parameters and the software version.
 */
export async function buildStudyReport(
  dataset: StudyDataset,
  provenance: ReportProvenance,
): Promise<StudyReport> {
  const a = analyseStudy(dataset);
  const par = dataset.parameters;
  const ci = `${Math.round(par.confLevel * 100)} %`;
  const rocOutcome = `Progression or death within ${par.rocOutcomeMonths} months`;
  const figures = await renderFigures(a, par.atRiskMonths, rocOutcome);
  const software = `${provenance.software} ${provenance.version}${provenance.commit === null ? '' : ` (${provenance.commit})`}`;
  const notes: Footnote[] = [];
  const imagingNote = imagingProvenance(dataset);
  const cite = (analysis: string, method: string, parameters: string, imaging = false): string => {
    const id = `fn-${notes.length + 1}`;
    notes.push({ id, analysis, method, parameters, imaging });
    return `<span class="fn"><a href="#${id}">[${notes.length}]</a></span>`;
  };

  const c = a.consort;
  const page1 = `
<h1>${escapeHtml('68Ga-Pentixafor vs 18F-FDG PET/CT — study report')}</h1>
<p class="muted">${escapeHtml(dataset.title)} · protocol NCT04504526 · ${escapeHtml(software)}</p>
<h2>Participant flow${cite('CONSORT screening counts', 'consortScreening (study room) on the latest eligibility verdict of each person screened', 'a person failing two criteria counts under both')}</h2>
<p>${int('consort.assessed', c.assessed)} ${plural(c.assessed, 'person was', 'people were')} screened, ${int('consort.ineligible', c.ineligible)} failed screening (${plural(c.ineligible, 'a screen failure', 'screen failures')}), and ${int('consort.enrolled', c.enrolled)} ${plural(c.enrolled, 'was', 'were')} enrolled and had both PET/CTs; ${int('consort.progressed', c.progressed)} progressed or died during follow-up.</p>
<figure id="fig-consort" class="figure">${consortSvg(c)}<figcaption>Figure 1. Participant flow (CONSORT 2010).</figcaption></figure>`;

  const b = a.baseline;
  const labsRows = b.labs
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.label)}, median (IQR)</td><td class="n">${iqr(`baseline.lab.${l.key}`, l.quartiles, 2)}</td><td class="n">${l.n}</td></tr>`,
    )
    .join('');
  const d = a.dose;
  const doseRow = (tracer: 'pentixafor' | 'fdg', name: string) => {
    const t = d.perTracer[tracer];
    return `<tr><td>${name}</td><td class="n">${int(`dose.${tracer}.n`, t.n)}</td><td class="n">${iqr(`dose.${tracer}`, t.quartiles, 1)}</td><td class="n">${dec(`dose.${tracer}.min`, t.range[0], 1)}–${dec(`dose.${tracer}.max`, t.range[1], 1)}</td></tr>`;
  };
  const s = a.safety;
  const page2 = `
<h2>Baseline characteristics${cite('Baseline characteristics', 'median (R quantile type 7 quartiles), counts', `n = ${b.n} enrolled`)}</h2>
<table><tr><th>Characteristic</th><th>Value</th><th>n</th></tr>
<tr><td>Age, years, median (IQR)</td><td class="n">${iqr('baseline.age', b.ageYears, 0)}</td><td class="n">${b.n}</td></tr>
<tr><td>Female, n (%)</td><td class="n">${int('baseline.female', b.female)} (${pct(b.female, b.n)})</td><td class="n">${b.n}</td></tr>
<tr><td>Diagnosis, n (%)</td><td></td><td class="n">${b.n}</td></tr>
${b.diagnoses.map((x) => `<tr><td>&nbsp;&nbsp;${escapeHtml(x.label)}</td><td class="n">${int(`baseline.diagnosis.${x.label}`, x.n)} (${pct(x.n, b.n)})</td><td></td></tr>`).join('')}
<tr><td>ECOG performance status, n (%)</td><td></td><td class="n">${b.n}</td></tr>
${b.ecog.map((x) => `<tr><td>&nbsp;&nbsp;${escapeHtml(x.label)}</td><td class="n">${int(`baseline.ecog.${x.label}`, x.n)} (${pct(x.n, b.n)})</td><td></td></tr>`).join('')}
<tr><td>LDH above the upper limit of normal, n (%)</td><td class="n">${int('baseline.ldhElevated', b.ldhElevated.n)} (${pct(b.ldhElevated.n, b.ldhElevated.of)})</td><td class="n">${b.ldhElevated.of}</td></tr>
${labsRows}</table>
<h3>First-line treatment by diagnosis${cite('First-line treatment', 'treatment records: per participant the lowest line of therapy (earliest start); counts per diagnosis and regimen', `n = ${b.n} enrolled; % of the diagnosis`)}</h3>
<table class="treatments"><tr><th>Diagnosis</th><th>Regimen</th><th>Category</th><th>n (%)</th></tr>
${b.treatments.map((t) => `<tr><td>${escapeHtml(t.diagnosis)}</td><td>${escapeHtml(t.regimen ?? 'no treatment recorded')}</td><td>${escapeHtml(t.category ?? '—')}</td><td class="n">${int(`baseline.treatment.${t.diagnosis}.${t.regimen ?? 'none'}`, t.n)} (${pct(t.n, t.of)})</td></tr>`).join('')}</table>
<p>Treatment started before baseline imaging or enrolment (protocol deviations${cite('Treatment timing', 'treatmentDeviations (study room) on every enrolled participant’s treatment, scan, screening and participant records', 'baseline FDG and Pentixafor PET/CT precede treatment; site-local calendar dates; a start on the scan’s day allowed')}): ${int('treatment.deviations', a.treatmentDeviations.deviations)} ${plural(a.treatmentDeviations.deviations, 'deviation')} in ${int('treatment.deviationParticipants', a.treatmentDeviations.participants)} ${plural(a.treatmentDeviations.participants, 'participant')}.</p>`;
  const page2b = `
<h2>Administered activity${cite('Net injected activity and the protocol dose window', 'netInjectedActivity and doseWindowDeviations (study room): syringe before minus residual, each decay-corrected to injection', 'Ga-68 T½ 4062.6 s, F-18 T½ 6586.2 s; Pentixafor window 74–148 MBq inclusive')}</h2>
<table><tr><th>Tracer</th><th>n</th><th>Net MBq, median (IQR)</th><th>Range</th></tr>
${doseRow('pentixafor', '68Ga-Pentixafor')}${doseRow('fdg', '18F-FDG')}</table>
<p>Pentixafor activity outside the 74–148 MBq window (protocol deviations): ${int('dose.belowWindow', d.belowWindow)} below, ${int('dose.aboveWindow', d.aboveWindow)} above.</p>
<h2>Safety${cite('Adverse events', 'summariseAdverseEvents (study room); CTCAE v5.0 terms and grades; related = possible, probable or definite', 'all events recorded after the first tracer administration')}</h2>
<p>${int('safety.participants', s.participantsWithEvent)} ${plural(s.participantsWithEvent, 'participant')} had at least one adverse event; ${int('safety.serious', s.serious)} had a serious event; ${int('safety.pentixaforRelated', s.pentixaforRelated)} had an event related to Pentixafor.</p>
<table><tr><th>CTCAE term</th><th>Events</th><th>Worst grade</th></tr>
${s.byTerm.map((t) => `<tr><td>${escapeHtml(t.term)}</td><td class="n">${int(`safety.term.${t.term}`, t.events)}</td><td class="n">${t.worstGrade}</td></tr>`).join('')}</table>`;

  const det = (key: string, x: StudyAnalyses['patientDetection'], unit: string) => `
<table><tr><th></th><th>FDG positive</th><th>FDG negative</th></tr>
<tr><th>Pentixafor positive</th><td class="n">${int(`${key}.both`, x.counts.both)}</td><td class="n">${int(`${key}.pentixaforOnly`, x.counts.pentixaforOnly)}</td></tr>
<tr><th>Pentixafor negative</th><td class="n">${int(`${key}.fdgOnly`, x.counts.fdgOnly)}</td><td class="n">${int(`${key}.neither`, x.counts.neither)}</td></tr></table>
<p>Positive ${unit}: Pentixafor ${int(`${key}.pentixafor.x`, x.positive.pentixafor.x)}/${x.n} (${dec(`${key}.pentixafor.estimate`, x.positive.pentixafor.estimate * 100, 1)} %, ${ci} CI ${dec(`${key}.pentixafor.lower`, x.positive.pentixafor.wilson[0] * 100, 1)}–${dec(`${key}.pentixafor.upper`, x.positive.pentixafor.wilson[1] * 100, 1)} %), FDG ${int(`${key}.fdg.x`, x.positive.fdg.x)}/${x.n} (${dec(`${key}.fdg.estimate`, x.positive.fdg.estimate * 100, 1)} %, ${dec(`${key}.fdg.lower`, x.positive.fdg.wilson[0] * 100, 1)}–${dec(`${key}.fdg.upper`, x.positive.fdg.wilson[1] * 100, 1)} %). McNemar χ² = ${dec(`${key}.mcnemar.chisq`, x.mcnemar.chisq, 2)}, p ${pv(`${key}.mcnemar.p`, x.mcnemar.p)} (exact p ${pv(`${key}.mcnemar.exactP`, x.mcnemar.exactP)}).</p>`;
  const w = a.suvMax.wilcoxon;
  const page3 = `
<h2>Detection: Pentixafor vs FDG</h2>
<h3>Per patient${cite('Per-patient detection', 'mcnemar (stats room; R mcnemar.test, correct = TRUE, and binom.test for the exact p); proportion with Wilson interval (R prop.test without correction)', `a patient is positive when at least one lesion is seen; n = ${a.patientDetection.n}`, true)}</h3>
${det('patient', a.patientDetection, 'patients')}
<h3>Per lesion${cite('Per-lesion detection', 'mcnemar (stats room; R mcnemar.test, correct = TRUE)', `n = ${a.lesionDetection.n} lesions of the reference standard; lesions of one patient are treated as independent (clustering not modelled)`, true)}</h3>
${det('lesion', a.lesionDetection, 'lesions')}
<h2>Per-patient SUVmax${cite('Paired SUVmax comparison', 'wilcoxonSignedRank (stats room; R wilcox.test(x, y, paired = TRUE), exact below 50 pairs without ties, else normal with continuity correction)', `x = Pentixafor, y = FDG SUVmax of the hottest lesion; n = ${a.suvMax.n}`, true)}</h2>
<p>Median SUVmax Pentixafor ${iqr('suvmax.pentixafor', a.suvMax.quartiles.pentixafor, 2)}, FDG ${iqr('suvmax.fdg', a.suvMax.quartiles.fdg, 2)}; Wilcoxon signed-rank V = ${dec('suvmax.wilcoxon.V', w.V, 1)}, p ${pv('suvmax.wilcoxon.p', w.p)} (${escapeHtml(w.method)}).</p>
<figure id="fig-paired" class="figure">${figures.paired}<figcaption>Figure 2. Per-patient SUVmax on FDG and Pentixafor PET, joined per participant.</figcaption></figure>`;

  const r = a.roc.result;
  const page4 = `
<h2>Correlation with laboratory markers${cite('Spearman rank correlation', 'spearman (stats room; R cor.test(method = "spearman"): exact for n ≤ 9, AS 89 Edgeworth series without ties, t approximation with ties)', 'per-patient SUVmax vs each marker; complete pairs only', true)}</h2>
<table><tr><th>Marker</th><th>Tracer</th><th>n</th><th>ρ</th><th>p</th></tr>
${a.correlations.map((x) => `<tr><td>${escapeHtml(x.label)}</td><td>${x.tracer === 'pentixafor' ? 'Pentixafor' : 'FDG'}</td><td class="n">${x.result.n}</td><td class="n">${dec(`spearman.${x.marker}.${x.tracer}.rho`, x.result.rho, 3)}</td><td class="n">${pv(`spearman.${x.marker}.${x.tracer}.p`, x.result.p)}</td></tr>`).join('')}</table>
<h2>ROC of Pentixafor SUVmax${cite('ROC analysis', 'roc (stats room; R pROC::roc with direction "<", DeLong CI, coords "best" Youden)', `outcome: ${rocOutcome.toLowerCase()}; ${count(a.roc.excludedCensored, 'participant')} censored before ${par.rocOutcomeMonths} months left out`, true)}</h2>
<p>${count(r.nCases, 'case')}, ${count(r.nControls, 'control')}: AUC ${dec('roc.auc', r.auc, 3)} (${ci} CI ${dec('roc.auc.lower', r.aucCi[0], 3)}–${dec('roc.auc.upper', r.aucCi[1], 3)}); Youden cut-point SUVmax ${dec('roc.youden.threshold', r.youden.threshold, 2)} (sensitivity ${dec('roc.youden.sensitivity', r.youden.sensitivity, 3)}, specificity ${dec('roc.youden.specificity', r.youden.specificity, 3)}).</p>
<figure id="fig-roc" class="figure">${figures.roc}<figcaption>Figure 3. ROC curve of per-patient Pentixafor SUVmax; the dot marks the Youden cut-point.</figcaption></figure>`;

  const lr = a.km.logRank;
  const medians = a.km.groups
    .map(
      ({ group, curve }) =>
        `${escapeHtml(group)}: n = ${int(`km.${group}.n`, curve.n)}, ${int(`km.${group}.events`, curve.events)} ${plural(curve.events, 'event')}, median PFS ${Number.isNaN(curve.median) ? num(`km.${group}.median`, curve.median, 'not reached') : `${dec(`km.${group}.median`, curve.median, 1)} months`}`,
    )
    .join('; ');
  const atRiskRows = a.km.atRisk
    .map(
      (g) =>
        `<tr><td>${escapeHtml(g.group)}</td>${g.counts.map((n, i) => `<td class="n">${int(`km.atrisk.${g.group}.${par.atRiskMonths[i]}`, n)}</td>`).join('')}</tr>`,
    )
    .join('');
  const page5 = `
<h2>Progression-free survival by CXCR4 uptake${cite('Kaplan–Meier and log-rank', 'kaplanMeierByGroup, survivalAt and logRank (stats room; R survfit and survdiff, log CI)', `CXCR4-high: Pentixafor SUVmax ≥ ${par.cxcr4HighCutoffSuv}; PFS from enrolment, censored at the ${par.pfsCensoring}`, true)}</h2>
<p>${medians}. Log-rank χ² = ${dec('km.logrank.chisq', lr.chisq, 2)} on ${lr.df} df, p ${pv('km.logrank.p', lr.p)}.</p>
<figure id="fig-km" class="figure">${figures.km}<figcaption>Figure 4. Kaplan–Meier estimate of progression-free survival, CXCR4-high vs low; ticks mark censoring.</figcaption></figure>
<table><tr><th>At risk</th>${par.atRiskMonths.map((m) => `<th>${m} mo</th>`).join('')}</tr>${atRiskRows}</table>`;

  const label = (name: string) => a.cox.terms.find((t) => t.name === name)?.label ?? name;
  const coxRow = (
    model: string,
    x: { name: string; hr: number; hrCi: readonly [number, number]; p: number; coef: number; se: number },
  ) =>
    `<tr><td>${escapeHtml(label(x.name))}</td><td class="n">${dec(`cox.${model}.${x.name}.hr`, x.hr, 2)}</td><td class="n">${dec(`cox.${model}.${x.name}.lower`, x.hrCi[0], 2)}–${dec(`cox.${model}.${x.name}.upper`, x.hrCi[1], 2)}</td><td class="n">${pv(`cox.${model}.${x.name}.p`, x.p)}</td><td class="n">${dec(`cox.${model}.${x.name}.coef`, x.coef, 3)} (${dec(`cox.${model}.${x.name}.se`, x.se, 3)})</td></tr>`;
  const m = a.cox.multivariable;
  const page6 = `
<h2>Cox proportional hazards: progression-free survival${cite('Cox regression', `coxPh (stats room; R coxph, ${par.coxTies} ties, Wald ${ci} CI)`, `n = ${a.cox.n}, ${count(a.cox.events, 'event')}; covariates ${a.cox.terms.map((t) => t.label).join(', ')}; univariable models one covariate each, the multivariable model all together`, true)}</h2>
<h3>Univariable</h3>
<table><tr><th>Covariate</th><th>HR</th><th>${ci} CI</th><th>p</th><th>β (SE)</th></tr>${a.cox.univariable.map((x) => coxRow('uni', x)).join('')}</table>
<h3>Multivariable</h3>
${
  m === null
    ? '<p>The multivariable model is not estimable with these data.</p>'
    : `<table><tr><th>Covariate</th><th>HR</th><th>${ci} CI</th><th>p</th><th>β (SE)</th></tr>${m.coefficients.map((x) => coxRow('multi', x)).join('')}</table>
<p>Likelihood ratio test ${dec('cox.multi.lr.chisq', m.tests.likelihoodRatio.chisq, 2)} on ${m.tests.likelihoodRatio.df} df, p ${pv('cox.multi.lr.p', m.tests.likelihoodRatio.p)}.</p>`
}
${a.cox.notEstimable.map((x) => `<p class="muted">Not estimable (${x.model === 'uni' ? `univariable, ${escapeHtml(label(x.name))}` : 'multivariable'}): ${escapeHtml(x.reason)}</p>`).join('')}
<figure id="fig-forest" class="figure">${figures.forest}<figcaption>Figure 5. Hazard ratios of progression or death with ${ci} confidence intervals (log scale).</figcaption></figure>`;

  const page7 = `
<h2>Methods</h2>
${methodsParagraphs(dataset, a, software)
  .map((p) => `<p class="methods">${escapeHtml(p)}</p>`)
  .join('\n')}`;
  const page8 = `
<h2>Provenance of the numbers</h2>
<ol class="footnotes">${notes.map((n) => `<li id="${n.id}"><b>${escapeHtml(n.analysis)}</b>: ${escapeHtml(n.method)}. Parameters: ${escapeHtml(n.parameters)}. Data: ${escapeHtml(dataset.title)}.${n.imaging && imagingNote !== '' ? ` Imaging values: ${escapeHtml(imagingNote)}.` : ''} Software: ${escapeHtml(software)}.</li>`).join('')}</ol>`;

  const pages = [page1, page2, page2b, page3, page4, page5, page6, page7, page8];
  if (dataset.analyses !== undefined) pages.push(analysesPage(dataset));
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Study report — ${escapeHtml(dataset.title)}</title><style>${CSS}</style></head>
<body data-pages="${pages.length}">
${pages.map((p, i) => `<section class="page" data-page="${i + 1}">${p}</section>`).join('\n')}
</body></html>
`;
  return { html, analyses: a, pages: pages.length };
}

/** One line naming the stored analyses behind the imaging values (empty when the data are not analyses). */
function imagingProvenance(dataset: StudyDataset): string {
  const analyses = dataset.analyses;
  if (analyses === undefined || analyses.length === 0) return '';
  const versions = [
    ...new Set(
      analyses.map((x) => `${x.softwareVersion}${x.softwareCommit === null ? '' : ` (${x.softwareCommit})`}`),
    ),
  ];
  const single = analyses.filter((x) => x.kind === 'analyse-series').length;
  return `${count(single, 'stored per-scan analysis', 'stored per-scan analyses')} and ${count(analyses.length - single, 'FDG ↔ Pentixafor comparison')} (ids per participant in the table of analyses, options in the methods), cxcr4pet ${versions.join(', ')}`;
}

/** The last page: every participant's per-scan SUVmax with the id of the stored analysis it came from. */
function analysesPage(dataset: StudyDataset): string {
  const byId = new Map((dataset.analyses ?? []).map((x) => [x.analysisId, x]));
  const comparisonOf = new Map(
    (dataset.analyses ?? [])
      .filter((x) => x.kind === 'compare-series')
      .map((x) => [x.participantId, x.analysisId]),
  );
  const cell = (p: StudyDataset['participants'][number], tracer: 'pentixafor' | 'fdg') => {
    const id = p.analysisIds?.[tracer] ?? '';
    const version = byId.get(id)?.softwareVersion ?? '';
    return `<td class="n">${num(`analysis.${p.participantId}.${tracer}.suvMax`, p.suvMax[tracer], fixed(p.suvMax[tracer], 2))}</td><td class="id" data-analysis-id="${escapeHtml(id)}" data-version="${escapeHtml(version)}">${escapeHtml(id)}</td>`;
  };
  const rows = dataset.participants
    .map(
      (p) =>
        `<tr><td>${escapeHtml(p.participantId)}</td>${cell(p, 'pentixafor')}${cell(p, 'fdg')}<td class="id">${escapeHtml(comparisonOf.get(p.participantId) ?? '—')}</td></tr>`,
    )
    .join('');
  const left = dataset.notAnalysed ?? 0;
  return `
<h2>Analyses behind the imaging values</h2>
<p class="muted">Per participant: the per-patient SUVmax on each tracer and the id of the stored analysis (table <code>analysis</code> of the study database) it was read from, and the id of the stored FDG ↔ Pentixafor comparison that gave the per-lesion detection. Each stored analysis holds its options, input series, software version and commit.${left > 0 ? ` ${count(left, 'enrolled participant')} had no analysis of both scans and ${plural(left, 'is', 'are')} left out.` : ''}</p>
<table class="analyses"><tr><th>Participant</th><th>Pentixafor SUVmax</th><th>analysis id</th><th>FDG SUVmax</th><th>analysis id</th><th>comparison id</th></tr>${rows}</table>`;
}
