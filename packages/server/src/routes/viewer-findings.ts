import {
  type Connectivity,
  checkConnectivity,
  exclusionMask,
  findLesions,
  parseSegmentation,
  pointTransformLps,
  rotationMatrixDeg,
  type Segmentation,
} from '@cxcr4pet/imaging';
import type { StoredAnalysis } from '@cxcr4pet/store';
import type { LabelMap, Vec3, Volume } from '@cxcr4pet/volume';

// What the viewer shows of a stored analysis: the lesion table of one series (an `analyse-series`
// result, or one side of a `compare-series` result) and how to find its labels again, and the pair
// (registration + matching) of a comparison. Pure: results in, viewer data out.

/** A lesion as the viewer's table lists it (`cxcr4pet-viewer-study/1`). */
export interface StoredLesion {
  readonly label: number;
  readonly suvMax: number;
  readonly suvMean: number;
  readonly suvPeak: number;
  readonly volumeMl: number;
  readonly centroidMm: Vec3;
}

/** How the stored lesions were found, in the terms `findLesions` takes to find them again. */
interface Reproduction {
  /** PERCIST is reproduced as the fixed threshold it measured (`segmentation.percist.thresholdSuv`). */
  readonly segmentation: Segmentation;
  readonly connectivity: Connectivity;
  readonly minVolumeMl: number;
  readonly exclusions: readonly { name: string; centreLps: Vec3; radiusMm: number }[];
}

/** One series' findings of one analysis. */
export interface SeriesFindings {
  readonly analysisId: string;
  /** `segmentation.parameters` of the result, e.g. `suv:4`, `percist`. */
  readonly text: string;
  readonly segmentation: Segmentation;
  readonly minVolumeMl: number;
  readonly lesions: readonly StoredLesion[];
  readonly reproduction: Reproduction;
}

/** True for a stored `compare-series` result (two series), false for an `analyse-series` one. */
export function isComparison(analysis: StoredAnalysis): boolean {
  return (
    typeof analysis.parameters.otherSeriesInstanceUid === 'string' && Array.isArray(analysis.result.pairs)
  );
}

const isVec3 = (v: unknown): v is Vec3 =>
  Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

function lesionOf(value: unknown, where: string): StoredLesion {
  const l = (value ?? {}) as Record<string, unknown>;
  const numbers = ['label', 'suvMax', 'suvMean', 'suvPeak', 'volumeMl'] as const;
  for (const key of numbers)
    if (typeof l[key] !== 'number' || !Number.isFinite(l[key]))
      throw new Error(`${where}.${key} is not a number`);
  if (!isVec3(l.centroidMm)) throw new Error(`${where}.centroidMm is not 3 numbers`);
  return {
    label: l.label as number,
    suvMax: l.suvMax as number,
    suvMean: l.suvMean as number,
    suvPeak: l.suvPeak as number,
    volumeMl: l.volumeMl as number,
    centroidMm: l.centroidMm,
  };
}

/**
 * The findings of an `analyze --json` report (`report`, whose lesions are `lesions`), or an Error naming
 * the missing field (`where` says which analysis and side).
 */
function reportFindings(
  analysisId: string,
  report: Record<string, unknown>,
  lesions: readonly unknown[],
  where: string,
): SeriesFindings {
  const s = (report.segmentation ?? {}) as Record<string, unknown>;
  const text = s.parameters;
  const minVolumeMl = s.minVolumeMl;
  if (typeof text !== 'string' || typeof minVolumeMl !== 'number')
    throw new Error(`${where}: result lacks segmentation.parameters or segmentation.minVolumeMl`);
  const segmentation = parseSegmentation(text);
  const percist = (s.percist ?? null) as { thresholdSuv?: unknown } | null;
  const thresholdSuv = percist?.thresholdSuv;
  const exclusions = Array.isArray(report.exclusions)
    ? (report.exclusions as Record<string, unknown>[]).map((e, n) => {
        if (!isVec3(e.centreLps) || typeof e.radiusMm !== 'number')
          throw new Error(`${where}: exclusions[${n}] lacks centreLps or radiusMm`);
        return { name: String(e.name), centreLps: e.centreLps, radiusMm: e.radiusMm };
      })
    : [];
  return {
    analysisId,
    text,
    segmentation,
    minVolumeMl,
    lesions: lesions.map((l, n) => lesionOf(l, `${where}: lesions[${n}]`)).sort((p, q) => p.label - q.label),
    reproduction: {
      segmentation:
        segmentation.kind === 'percist' && typeof thresholdSuv === 'number'
          ? { kind: 'suv', thresholdSuv }
          : segmentation,
      connectivity: checkConnectivity(typeof s.connectivity === 'number' ? s.connectivity : 26),
      minVolumeMl,
      exclusions,
    },
  };
}

/**
 * The findings of `seriesUid` in a stored analysis: an `analyse-series` result of that series, or the
 * side (A or B) of a comparison that this series is. Throws an Error naming what is missing.
 */
export function findingsOf(analysis: StoredAnalysis, seriesUid: string): SeriesFindings {
  const where = `analysis ${analysis.analysisId}`;
  const result = analysis.result;
  if (!isComparison(analysis)) {
    if (!Array.isArray(result.lesions)) throw new Error(`${where}: result lacks lesions`);
    return reportFindings(analysis.analysisId, result, result.lesions, where);
  }
  const side = seriesUid === analysis.seriesInstanceUid ? 'a' : 'b';
  const pairs = result.pairs as Record<string, unknown>[];
  const only = result[side === 'a' ? 'onlyA' : 'onlyB'];
  const report = result[side];
  if (!Array.isArray(only) || typeof report !== 'object' || report === null)
    throw new Error(`${where}: comparison result lacks ${side} or only${side.toUpperCase()}`);
  return reportFindings(
    analysis.analysisId,
    report as Record<string, unknown>,
    [...pairs.map((p) => p[side]), ...only],
    `${where} (side ${side})`,
  );
}

/**
 * The lesion labels of the findings, found again on the served SUV (same threshold — PERCIST's as it
 * measured it —, connectivity, minimum volume and exclusion spheres): kept only when that reproduces
 * the stored lesions (same count, each label's SUVmax equal to 1e-6 relative), else null (a
 * percent-of-SUVmax or background-corrected analysis is grown per lesion; its table is still served).
 */
export function reproducedLabels(suv: Volume, findings: SeriesFindings): LabelMap | null {
  const { segmentation, connectivity, minVolumeMl, exclusions } = findings.reproduction;
  if (segmentation.kind === 'percist') return null;
  const excluded = exclusions.length > 0 ? exclusionMask(suv, exclusions).mask : undefined;
  const found = findLesions(suv, segmentation, {
    connectivity,
    minVolumeMl,
    ...(excluded === undefined ? {} : { exclusionMask: excluded }),
  });
  const same =
    found.lesions.length === findings.lesions.length &&
    found.lesions.every((l, n) => {
      const stored = findings.lesions[n];
      return (
        stored !== undefined &&
        stored.label === n + 1 &&
        Math.abs(l.suvMax - stored.suvMax) <= 1e-6 * Math.max(1, Math.abs(stored.suvMax))
      );
    });
  return same ? found.labels : null;
}

/** The viewer's pair format (`cxcr4pet-viewer-pair/1`, checked by the web room's `parseViewerPair`). */
export const VIEWER_PAIR_SCHEMA = 'cxcr4pet-viewer-pair/1';

/** A short name of a side's tracer from its radiopharmaceutical, e.g. `FDG`, `Pentixafor`. */
export function tracerLabel(radiopharmaceutical: unknown, fallback: string): string {
  if (typeof radiopharmaceutical !== 'string' || radiopharmaceutical.trim() === '') return fallback;
  if (/pentixafor/i.test(radiopharmaceutical)) return 'Pentixafor';
  if (/fdg|fluorodeoxyglucose/i.test(radiopharmaceutical)) return 'FDG';
  return radiopharmaceutical;
}

/**
 * The viewer pair of a stored comparison: its two series as viewer studies (`<series UID>_<analysis
 * id>`, each showing that side's lesions), the A → B registration as a matrix and offset (q_B = R·p_A +
 * offset, from compare's translation, rotation and centre) and the matching by lesion label.
 */
export function viewerPairOf(analysis: StoredAnalysis, participantId: string): Record<string, unknown> {
  const where = `analysis ${analysis.analysisId}`;
  const result = analysis.result;
  const r = (result.registration ?? {}) as Record<string, unknown>;
  const { translationMm, rotationDeg, centreMm, residualMm } = r;
  if (!isVec3(translationMm) || !isVec3(rotationDeg) || !isVec3(centreMm) || typeof residualMm !== 'number')
    throw new Error(`${where}: comparison result lacks its registration`);
  const transform = { translationMm, rotationDeg, centreMm };
  const seriesA = analysis.seriesInstanceUid;
  const seriesB = String(analysis.parameters.otherSeriesInstanceUid);
  const label = (side: 'a' | 'b') => {
    const pet = ((result[side] ?? {}) as { pet?: { radiopharmaceutical?: unknown } }).pet;
    return tracerLabel(pet?.radiopharmaceutical, side.toUpperCase());
  };
  const matching = (result.matching ?? {}) as { maxDistanceMm?: unknown };
  const pairs = (result.pairs as Record<string, unknown>[]).map((p, n) => ({
    a: lesionOf(p.a, `${where}: pairs[${n}].a`).label,
    b: lesionOf(p.b, `${where}: pairs[${n}].b`).label,
    distanceMm: Number(p.distanceMm),
  }));
  const labels = (key: 'onlyA' | 'onlyB') =>
    ((result[key] ?? []) as unknown[]).map((l, n) => lesionOf(l, `${where}: ${key}[${n}]`).label);
  const [a, b] = [label('a'), label('b')];
  return {
    schema: VIEWER_PAIR_SCHEMA,
    id: analysis.analysisId,
    title: `${participantId} · ${a} and ${b} · comparison ${analysis.analysisId}`,
    a: { studyId: `${seriesA}_${analysis.analysisId}`, label: a },
    b: { studyId: `${seriesB}_${analysis.analysisId}`, label: b },
    registration: {
      rotation: rotationMatrixDeg(rotationDeg),
      // q = R (p − c) + c + t = R p + (c + t − R c): the offset is where the LPS origin goes.
      offsetMm: pointTransformLps(transform)([0, 0, 0]),
      translationMm,
      rotationDeg,
      centreMm,
      residualMm,
      method: typeof r.method === 'string' ? r.method : 'rigid CT-CT registration',
    },
    matching: {
      maxDistanceMm: typeof matching.maxDistanceMm === 'number' ? matching.maxDistanceMm : Number.NaN,
      pairs,
      onlyA: labels('onlyA'),
      onlyB: labels('onlyB'),
    },
  };
}
