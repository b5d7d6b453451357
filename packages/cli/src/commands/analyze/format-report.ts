import type { AnalyzeReport } from './analyze-study.ts';
import type { MarrowResult } from './marrow-result.ts';

export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padStart(widths[c] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)];
}

/** The human-readable print-out of `cxcr4pet analyze` (without `--json`). */
export function formatAnalyzeReport(report: AnalyzeReport): string {
  const { pet, suv, segmentation, totals } = report;
  const mm = (v: readonly number[]): string => v.map((x) => fixed(x, 2)).join(' × ');
  const out: string[] = [
    `PET series   ${pet.seriesInstanceUid}${pet.seriesDescription ? ` (${pet.seriesDescription})` : ''}`,
    `tracer       ${pet.radiopharmaceutical ?? 'unknown radiopharmaceutical'}${pet.nuclide ? `, ${pet.nuclide}` : ''}, ` +
      `${fixed(pet.injectedActivityBq / 1e6, 1)} MBq injected ${pet.injectionDateTime}, half-life ${fixed(pet.halfLifeS, 1)} s`,
    `patient      ${fixed(pet.weightKg, 1)} kg${pet.heightM === null ? '' : `, ${fixed(pet.heightM, 2)} m`}${pet.sex ? `, sex ${pet.sex}` : ''}`,
    `image        ${pet.dims.join(' × ')} voxels of ${mm(pet.spacingMm)} mm, units ${pet.units}, decay correction ${pet.decayCorrection} (to ${pet.decayReferenceDateTime})`,
    `CT           ${report.ct === null ? 'none with the same frame of reference' : `${report.ct.dims.join(' × ')} voxels of ${mm(report.ct.spacingMm)} mm`}`,
    `SUV          ${suv.kind}: SUV = Bq/ml × ${suv.scaleFactor.toExponential(6)}`,
    `segmentation ${segmentation.method}${segmentation.thresholdSuv === null ? '' : ` (threshold SUV ${fixed(segmentation.thresholdSuv, 3)})`}, ${segmentation.connectivity}-connected, minimum ${segmentation.minVolumeMl} ml`,
  ];
  out.push(`             ${segmentation.description}`);
  if (segmentation.percist !== null) {
    const p = segmentation.percist;
    out.push(
      `PERCIST      ${p.reference} sphere ${p.diameterMm} mm at (${p.centreLps.map((x) => fixed(x, 1)).join(', ')}): ` +
        `mean ${fixed(p.meanSuv, 3)}, SD ${fixed(p.sdSuv, 3)}, ${p.voxelCount} voxels`,
    );
  }
  for (const r of report.references) {
    out.push(
      `reference    ${r.organ} sphere ${r.diameterMm} mm at (${r.centreLps.map((x) => fixed(x, 1)).join(', ')}): ` +
        `mean ${fixed(r.meanSuv, 3)}, SD ${fixed(r.sdSuv, 3)}, peak ${fixed(r.peakSuv, 3)}, max ${fixed(r.maxSuv, 3)}, ${r.voxelCount} voxels`,
    );
  }
  for (const e of report.exclusions) {
    out.push(
      `excluded     ${e.name} sphere radius ${e.radiusMm} mm at (${e.centreLps.map((x) => fixed(x, 1)).join(', ')}): ${e.voxelCount} voxels`,
    );
  }
  const organs = report.references.map((r) => r.organ);
  const withBackground = report.lesions.some((l) => l.background !== undefined);
  out.push('');
  if (report.lesions.length === 0) out.push('No lesions found.');
  else {
    const rows = report.lesions.map((l) => [
      String(l.label),
      fixed(l.suvMax, 2),
      fixed(l.suvMean, 2),
      fixed(l.suvPeak, 2),
      fixed(l.volumeMl, 2),
      String(l.voxelCount),
      fixed(l.totalLesionUptake, 1),
      ...organs.map((organ) => fixed(l.tbr[organ] ?? Number.NaN, 2)),
      ...(withBackground
        ? [
            fixed(l.background?.backgroundSuv ?? Number.NaN, 2),
            fixed(l.background?.thresholdSuv ?? Number.NaN, 2),
          ]
        : []),
      `(${l.centroidMm.map((x) => fixed(x, 1)).join(', ')})`,
    ]);
    out.push(
      ...table(
        [
          '#',
          'SUVmax',
          'SUVmean',
          'SUVpeak',
          'volume ml',
          'voxels',
          'TLU',
          ...organs.map((organ) => `TBR ${organ}`),
          ...(withBackground ? ['bg SUV', 'level'] : []),
          'centroid mm (LPS)',
        ],
        rows,
      ),
    );
  }
  if (report.vois.length > 0) {
    out.push('');
    out.push(
      ...table(
        [
          'VOI',
          'kind',
          'SUVmax',
          'SUVmean',
          'SD',
          'SUVpeak',
          'volume ml',
          'voxels',
          'uptake',
          ...organs.map((o) => `TBR ${o}`),
        ],
        report.vois.map((v) => [
          v.name,
          v.kind,
          fixed(v.suvMax, 2),
          fixed(v.suvMean, 2),
          fixed(v.suvSd, 2),
          fixed(v.suvPeak, 2),
          fixed(v.volumeMl, 2),
          String(v.voxelCount),
          fixed(v.totalUptake, 1),
          ...organs.map((organ) => fixed(v.tbr[organ] ?? Number.NaN, 2)),
        ]),
      ).map((line) => line.trimEnd()),
    );
    for (const rule of new Set(report.vois.map((v) => `${v.kind}: ${v.rule}`)))
      out.push(`             ${rule}`);
  }
  if (report.regions !== null) {
    const counts = report.regions.counts.map((c) => `${c.name} ${c.lesionCount}`).join(', ');
    out.push(
      '',
      `regions      ${counts}${report.regions.unassignedLesionCount > 0 ? `, none ${report.regions.unassignedLesionCount}` : ''} (lesions per region of ${report.regions.source})`,
      `             ${report.regions.rule}`,
    );
  }
  if (report.marrow !== null) out.push('', ...formatMarrow(report.marrow));
  if (report.features !== null) out.push('', ...formatFeatureTable(report));
  out.push(
    '',
    `total        ${totals.lesionCount} lesion${totals.lesionCount === 1 ? '' : 's'}, ${fixed(totals.totalVolumeMl, 2)} ml, total lesion uptake ${fixed(totals.totalLesionUptake, 1)}`,
    `hot five     mean SUVmax of the ${report.burden.hotFiveLabels.length} hottest lesion${report.burden.hotFiveLabels.length === 1 ? '' : 's'}: ${report.burden.hotFiveMeanSuvMax === null ? 'none' : fixed(report.burden.hotFiveMeanSuvMax, 2)}`,
    `             SUVpeak: IBSI local peak (mean of voxels centred within the 1 cm³ sphere around SUVmax)`,
  );
  if (organs.length > 0) out.push('             TBR: lesion SUVmax / reference SUVmean');
  for (const warning of report.warnings) out.push(`warning: ${warning}`);
  const commit = report.provenance.commit ?? 'unknown commit';
  out.push(`cxcr4pet ${report.provenance.version} (${commit})`);
  return `${out.join('\n')}\n`;
}

/** IBSI codes shown in the compact feature table (the JSON has every feature). */
const COMPACT_FEATURES = [
  'RNU0',
  'C0JK',
  'QCFX',
  'L0JK',
  'KE2A',
  'IPH6',
  'TLU2',
  'TU9B',
  'ACUI',
  '9ZK5',
  'P30P',
  '48P8',
];

/** A compact table: a few IBSI features (rows) for every lesion and VOI (columns). */
function formatFeatureTable(report: AnalyzeReport): string[] {
  const regions = [
    ...report.lesions.map((l) => ({ name: `L${l.label}`, features: l.features ?? null })),
    ...report.vois.map((v) => ({ name: v.name, features: v.features })),
  ];
  const rows = COMPACT_FEATURES.map((code) => {
    const first = regions.flatMap((r) => r.features ?? []).find((f) => f.code === code);
    return [
      `${code} ${first?.name ?? ''}`,
      ...regions.map((r) => {
        const value = r.features?.find((f) => f.code === code)?.value;
        return value === undefined
          ? '—'
          : Math.abs(value) >= 1000
            ? value.toExponential(3)
            : value.toPrecision(4);
      }),
    ];
  });
  const header = ['IBSI feature', ...regions.map((r) => r.name)];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  const count = regions.find((r) => r.features !== null)?.features?.length ?? 0;
  return [
    line(header),
    ...rows.map(line),
    `             ${count} IBSI features per region in --json (SUV bins of 0.25; 3-D texture, averaged over 13 directions)`,
  ];
}

/** The marrow lines of the report. */
function formatMarrow(m: MarrowResult): string[] {
  const lesions = m.focalLesions
    .map((l) => `SUVmax ${fixed(l.suvMax, 2)}, ${fixed(l.diameterMm, 1)} mm`)
    .join('; ');
  return [
    `marrow       ${fixed(m.ctMarrowVolumeMl, 1)} ml on the CT (${m.ctMarrowVoxelCount} voxels), ${fixed(m.volumeMl, 1)} ml on the PET: ` +
      `SUVmean ${fixed(m.suvMean, 2)}, SUVmax ${fixed(m.suvMax, 2)}, median ${fixed(m.suvMedian, 2)}, total uptake ${fixed(m.totalUptake, 1)}`,
    `             focal lesions ≥ 5 mm: ${m.focalLesionCount} (Durie–Salmon PLUS ${m.durieSalmonPlus})${lesions === '' ? '' : ` — ${lesions}`}`,
    `             pattern ${m.pattern ?? 'not judged (no liver reference)'}${m.liverMeanSuv === null ? '' : ` (marrow outside lesions SUVmean ${fixed(m.backgroundSuvMean, 2)} vs liver ${fixed(m.liverMeanSuv, 2)})`}`,
    `             ${m.method}`,
    `             ${m.patternRule}`,
  ];
}
