import type { AnalyzedLesion } from '../analyze/analyze-study.ts';
import { fixed, table } from '../analyze/format-report.ts';
import type { CompareReport, PercentChange, StudySide } from './compare-studies.ts';

const position = (v: readonly number[], digits = 1): string =>
  `(${v.map((x) => fixed(x, digits)).join(', ')})`;
const signed = (p: PercentChange): string => (p === null ? '—' : `${p >= 0 ? '+' : ''}${fixed(p, 1)}`);

function studyLine(name: string, s: StudySide): string {
  return (
    `${name}  ${s.folder}: ${s.pet.radiopharmaceutical ?? 'unknown radiopharmaceutical'}, ${s.pet.decayReferenceDateTime}, ` +
    `${s.totals.lesionCount} lesion${s.totals.lesionCount === 1 ? '' : 's'} (${s.segmentation.method}` +
    `${s.segmentation.thresholdSuv === null ? '' : `, threshold SUV ${fixed(s.segmentation.thresholdSuv, 3)}`})`
  );
}

function lesionRows(lesions: readonly AnalyzedLesion[]): string[][] {
  return lesions.map((l) => [
    String(l.label),
    fixed(l.suvMax, 2),
    fixed(l.suvPeak, 2),
    fixed(l.volumeMl, 2),
    position(l.centroidMm),
  ]);
}

/** The human-readable print-out of `cxcr4pet compare` (without `--json`). */
export function formatCompareReport(report: CompareReport): string {
  const r = report.registration;
  const timeCourse = report.timeCourse !== null;
  const out: string[] = [
    studyLine('A', report.a),
    studyLine('B', report.b),
    `registration  A → B: translation ${position(r.translationMm, 2)} mm, rotation ${position(r.rotationDeg, 2)}° ` +
      `about ${position(r.centreMm)} mm, residual ${fixed(r.residualMm, 2)} mm`,
    `              ${r.similarity.measure.replaceAll('-', ' ')} of HU clamped to ${r.similarity.windowHu[0]}…${r.similarity.windowHu[1]}, levels ` +
      `${r.levels.map((l) => `${fixed(l.spacingMm[0], 0)} mm`).join(' → ')}; R = Rz·Ry·Rx, angles about LPS x, y, z`,
    `matching      one-to-one optimal assignment (Hungarian), at most ${report.matching.maxDistanceMm} mm apart after registration`,
    '',
  ];
  if (report.pairs.length === 0) out.push('No lesion found in both.');
  else {
    out.push(`${report.pairs.length} pair${report.pairs.length === 1 ? '' : 's'}:`);
    out.push(
      ...table(
        [
          'A#',
          'B#',
          'dist mm',
          'SUVmax A',
          'SUVmax B',
          ...(timeCourse ? ['ΔSUVmax %', 'ΔSUVpeak %', 'Δvolume %'] : []),
          'centroid A mm (LPS)',
        ],
        report.pairs.map((p) => [
          String(p.a.label),
          String(p.b.label),
          fixed(p.distanceMm, 1),
          fixed(p.a.suvMax, 2),
          fixed(p.b.suvMax, 2),
          ...(p.change === null
            ? []
            : [
                signed(p.change.suvMaxPercent),
                signed(p.change.suvPeakPercent),
                signed(p.change.volumePercent),
              ]),
          position(p.a.centroidMm),
        ]),
      ),
    );
  }
  for (const [name, lesions] of [
    ['A', report.onlyA],
    ['B', report.onlyB],
  ] as const) {
    out.push('');
    if (lesions.length === 0) out.push(`Only in ${name}: none.`);
    else
      out.push(
        `Only in ${name}:`,
        ...table(['#', 'SUVmax', 'SUVpeak', 'volume ml', `centroid mm (LPS, ${name})`], lesionRows(lesions)),
      );
  }
  const p = report.perPatient;
  out.push(
    '',
    `per patient   A ${p.positiveA ? 'positive' : 'negative'} (${p.lesionsA}), B ${p.positiveB ? 'positive' : 'negative'} (${p.lesionsB}), ${p.paired} paired`,
  );
  if (report.timeCourse !== null) {
    for (const c of report.timeCourse.references)
      out.push(
        `reference     ${c.organ}: SUVmean ${fixed(c.suvMeanA, 3)} → ${fixed(c.suvMeanB, 3)} (${signed(c.suvMeanPercent)} %), ` +
          `SUVpeak ${signed(c.suvPeakPercent)} %, SUVmax ${signed(c.suvMaxPercent)} %`,
      );
  } else
    out.push(
      '              (different tracers: no ΔSUV; ΔSUV% is given when A and B share the radiopharmaceutical)',
    );
  for (const warning of report.warnings) out.push(`warning: ${warning}`);
  out.push(`cxcr4pet ${report.provenance.version} (${report.provenance.commit ?? 'unknown commit'})`);
  return `${out.join('\n')}\n`;
}
