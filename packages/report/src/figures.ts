import type { TopLevelSpec } from 'vega-lite';
import type { StudyAnalyses } from './analyses.ts';
import { vegaLiteSvg } from './vega-svg.ts';

const FONT = {
  font: 'DejaVu Sans, Arial, sans-serif',
  labelFont: 'DejaVu Sans, Arial, sans-serif',
  titleFont: 'DejaVu Sans, Arial, sans-serif',
};
const CONFIG = {
  config: {
    font: FONT.font,
    axis: { labelFontSize: 11, titleFontSize: 12 },
    legend: { labelFontSize: 11, titleFontSize: 11 },
    view: { stroke: null },
  },
};
const COLOURS = { domain: ['CXCR4-low', 'CXCR4-high'], range: ['#1f77b4', '#d62728'] };

/** Kaplan–Meier curves by CXCR4 group (steps, censoring ticks) with the numbers at risk below. */
export function kaplanMeierSpec(a: Pick<StudyAnalyses, 'km'>, atRiskMonths: readonly number[]): TopLevelSpec {
  const steps = a.km.groups.flatMap(({ group, curve }) => [
    { group, month: 0, survival: 1 },
    ...curve.times.map((t, i) => ({ group, month: t, survival: curve.survival[i] ?? Number.NaN })),
  ]);
  const censored = a.km.groups.flatMap(({ group, curve }) =>
    curve.times.flatMap((t, i) =>
      (curve.nCensor[i] ?? 0) > 0 ? [{ group, month: t, survival: curve.survival[i] ?? 1 }] : [],
    ),
  );
  const maxMonth = Math.max(...atRiskMonths);
  const x = {
    field: 'month',
    type: 'quantitative' as const,
    scale: { domain: [0, maxMonth] },
    title: 'Months since enrolment',
  };
  const atRisk = a.km.atRisk.flatMap(({ group, counts }) =>
    counts.map((n, i) => ({ group, month: atRiskMonths[i] ?? 0, n })),
  );
  return {
    ...CONFIG,
    vconcat: [
      {
        width: 560,
        height: 300,
        layer: [
          {
            data: { values: steps },
            mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
            encoding: {
              x,
              y: {
                field: 'survival',
                type: 'quantitative',
                scale: { domain: [0, 1] },
                title: 'Progression-free survival',
              },
              color: {
                field: 'group',
                type: 'nominal',
                scale: COLOURS,
                title: null,
                legend: { orient: 'top-right' },
              },
            },
          },
          {
            data: { values: censored },
            mark: { type: 'tick', orient: 'vertical', size: 8, thickness: 1.5 },
            encoding: {
              x,
              y: { field: 'survival', type: 'quantitative' },
              color: { field: 'group', type: 'nominal', scale: COLOURS },
            },
          },
        ],
      },
      {
        width: 560,
        height: 44,
        title: { text: 'Number at risk', anchor: 'start', fontSize: 11 },
        data: { values: atRisk },
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          x: { ...x, axis: null },
          y: {
            field: 'group',
            type: 'nominal',
            title: null,
            sort: COLOURS.domain,
            axis: { labelPadding: 16, ticks: false, domain: false },
          },
          text: { field: 'n', type: 'quantitative' },
          color: { field: 'group', type: 'nominal', scale: COLOURS },
        },
      },
    ],
  };
}

/** Forest plot of univariable and multivariable hazard ratios (log axis, line at HR 1). */
export function forestSpec(a: Pick<StudyAnalyses, 'cox'>): TopLevelSpec {
  const label = (name: string) => a.cox.terms.find((t) => t.name === name)?.label ?? name;
  const rows = [
    ...a.cox.univariable.map((c) => ({
      model: 'univariable',
      term: label(c.name),
      hr: c.hr,
      lo: c.hrCi[0],
      hi: c.hrCi[1],
    })),
    ...(a.cox.multivariable?.coefficients ?? []).map((c) => ({
      model: 'multivariable',
      term: label(c.name),
      hr: c.hr,
      lo: c.hrCi[0],
      hi: c.hrCi[1],
    })),
  ];
  const lo = Math.min(0.5, ...rows.map((r) => r.lo));
  const hi = Math.max(2, ...rows.map((r) => r.hi));
  const x = { type: 'quantitative' as const, scale: { type: 'log' as const, domain: [lo * 0.9, hi * 1.1] } };
  const y = { field: 'term', type: 'nominal' as const, title: null, sort: a.cox.terms.map((t) => t.label) };
  const yOffset = { field: 'model', type: 'nominal' as const, sort: ['univariable', 'multivariable'] };
  const colour = {
    field: 'model',
    type: 'nominal' as const,
    title: 'Cox model',
    scale: { domain: ['univariable', 'multivariable'], range: ['#7f7f7f', '#000000'] },
  };
  return {
    ...CONFIG,
    width: 420,
    height: 200,
    layer: [
      {
        data: { values: [{ one: 1 }] },
        mark: { type: 'rule', strokeDash: [4, 4] },
        encoding: { x: { field: 'one', ...x } },
      },
      {
        data: { values: rows },
        layer: [
          {
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: {
              x: { field: 'lo', ...x, title: 'Hazard ratio (95 % CI, log scale)' },
              x2: { field: 'hi' },
              y,
              yOffset,
              color: colour,
            },
          },
          {
            mark: { type: 'point', filled: true, shape: 'square', size: 70 },
            encoding: { x: { field: 'hr', ...x }, y, yOffset, color: colour },
          },
        ],
      },
    ],
  };
}

/** ROC curve of Pentixafor SUVmax with the chance line and the Youden point. */
export function rocSpec(a: Pick<StudyAnalyses, 'roc'>, outcome: string): TopLevelSpec {
  const points = [...a.roc.result.curve]
    .map((p) => ({ fpr: 1 - p.specificity, tpr: p.sensitivity }))
    .sort((p, q) => p.fpr - q.fpr || p.tpr - q.tpr);
  const y = a.roc.result.youden;
  const axis = (title: string) => ({ type: 'quantitative' as const, scale: { domain: [0, 1] }, title });
  return {
    ...CONFIG,
    width: 340,
    height: 340,
    layer: [
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
        encoding: {
          x: { field: 'x', ...axis('1 − specificity') },
          y: { field: 'y', ...axis('Sensitivity') },
        },
      },
      {
        data: { values: points },
        mark: { type: 'line', strokeWidth: 2, color: '#d62728' },
        encoding: { x: { field: 'fpr', type: 'quantitative' }, y: { field: 'tpr', type: 'quantitative' } },
      },
      {
        data: {
          values: [
            { fpr: 1 - y.specificity, tpr: y.sensitivity, text: `Youden SUVmax ${y.threshold.toFixed(2)}` },
          ],
        },
        layer: [
          {
            mark: { type: 'point', filled: true, size: 80, color: '#000' },
            encoding: {
              x: { field: 'fpr', type: 'quantitative' },
              y: { field: 'tpr', type: 'quantitative' },
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 8, dy: 12, fontSize: 11 },
            encoding: {
              x: { field: 'fpr', type: 'quantitative' },
              y: { field: 'tpr', type: 'quantitative' },
              text: { field: 'text' },
            },
          },
        ],
      },
    ],
    title: { text: outcome, fontSize: 12 },
  };
}

/** Paired plot: each participant's FDG and Pentixafor SUVmax joined by a line. */
export function pairedSpec(a: Pick<StudyAnalyses, 'suvMax'>): TopLevelSpec {
  const rows = a.suvMax.pairs.flatMap((p) => [
    {
      participant: p.participantId,
      tracer: '18F-FDG',
      suvMax: p.fdg,
      higher: p.pentixafor > p.fdg ? 'Pentixafor higher' : 'FDG higher',
    },
    {
      participant: p.participantId,
      tracer: '68Ga-Pentixafor',
      suvMax: p.pentixafor,
      higher: p.pentixafor > p.fdg ? 'Pentixafor higher' : 'FDG higher',
    },
  ]);
  const enc = {
    x: {
      field: 'tracer',
      type: 'ordinal' as const,
      sort: ['18F-FDG', '68Ga-Pentixafor'],
      title: null,
      scale: { padding: 0.4 },
      axis: { labelAngle: 0 },
    },
    y: { field: 'suvMax', type: 'quantitative' as const, title: 'Per-patient SUVmax' },
    color: {
      field: 'higher',
      type: 'nominal' as const,
      title: null,
      scale: { domain: ['Pentixafor higher', 'FDG higher'], range: ['#d62728', '#1f77b4'] },
    },
  };
  return {
    ...CONFIG,
    width: 300,
    height: 320,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'line', opacity: 0.55 },
        encoding: { ...enc, detail: { field: 'participant', type: 'nominal' } },
      },
      { mark: { type: 'point', filled: true, size: 30 }, encoding: enc },
    ],
  };
}

/** All Vega-Lite figures as SVG strings. */
export async function renderFigures(
  a: StudyAnalyses,
  atRiskMonths: readonly number[],
  rocOutcome: string,
): Promise<{ km: string; forest: string; roc: string; paired: string }> {
  const [km, forest, roc, paired] = await Promise.all([
    vegaLiteSvg(kaplanMeierSpec(a, atRiskMonths)),
    vegaLiteSvg(forestSpec(a)),
    vegaLiteSvg(rocSpec(a, rocOutcome)),
    vegaLiteSvg(pairedSpec(a)),
  ]);
  return { km, forest, roc, paired };
}
