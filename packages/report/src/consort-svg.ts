import type { CriterionId } from '@cxcr4pet/study';
import type { StudyAnalyses } from './analyses.ts';
import { escapeHtml } from './format.ts';

const REASON: Record<CriterionId, string> = {
  'age-18-to-80': 'age outside 18–80 years',
  'untreated-lymphoproliferative-disease': 'previously treated disease',
  'fdg-pet-ct-within-14-days': 'FDG PET/CT > 14 days apart',
  'signed-consent': 'no signed consent',
  pregnancy: 'pregnancy',
  breastfeeding: 'breastfeeding',
  'pentixafor-allergy': 'Pentixafor allergy',
};

/**
 * The CONSORT 2010 participant flow (Schulz KF et al., BMJ 2010;340:c332) as inline SVG. Drawn by hand: a
 * flow diagram is box layout, not a data plot, and the chart libraries (Vega-Lite, used for the other
 * figures) have no box-and-arrow layout.
 */
export function consortSvg(c: StudyAnalyses['consort']): string {
  const reasons = (Object.entries(c.failuresByCriterion) as [CriterionId, number][]).map(
    ([k, n]) => `${REASON[k]}: ${n}`,
  );
  const W = 640;
  const boxW = 260;
  const mainX = 40;
  const sideX = 360;
  const lines = (x: number, y: number, text: readonly string[]) =>
    text
      .map((t, i) => `<text x="${x + 10}" y="${y + 20 + i * 16}" font-size="12">${escapeHtml(t)}</text>`)
      .join('');
  const box = (x: number, y: number, h: number, text: readonly string[], w = boxW) =>
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#f7f7f7" stroke="#333"/>${lines(x, y, text)}`;
  const arrow = (x1: number, y1: number, x2: number, y2: number) =>
    `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#333" marker-end="url(#arrow)"/>`;
  const exclH = 30 + 16 * (reasons.length + (c.incomplete > 0 ? 1 : 0));
  const parts = [
    box(mainX, 10, 40, [`Assessed for eligibility (n = ${c.assessed})`]),
    arrow(mainX + boxW / 2, 50, mainX + boxW / 2, 120),
    arrow(mainX + boxW / 2, 80, sideX, 80),
    box(
      sideX,
      60,
      exclH,
      [
        `Excluded (n = ${c.ineligible + c.incomplete})`,
        ...reasons.map((r) => `  • ${r}`),
        ...(c.incomplete > 0 ? [`  • screening incomplete: ${c.incomplete}`] : []),
      ],
      250,
    ),
    box(mainX, 120, 40, [`Enrolled (n = ${c.enrolled})`]),
    arrow(mainX + boxW / 2, 160, mainX + boxW / 2, 200),
    box(mainX, 200, 56, [`68Ga-Pentixafor and 18F-FDG PET/CT`, `(n = ${c.imaged})`]),
    arrow(mainX + boxW / 2, 256, mainX + boxW / 2, 290),
    box(mainX, 290, 56, [`Follow-up: progression or death ${c.progressed}`, `censored ${c.censored}`]),
    arrow(mainX + boxW / 2, 346, mainX + boxW / 2, 380),
    box(mainX, 380, 40, [`Analysed (n = ${c.enrolled})`]),
  ];
  const H = Math.max(430, 70 + exclH);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs><rect width="${W}" height="${H}" fill="white"/>${parts.join('')}</svg>`;
}
