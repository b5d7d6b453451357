import type { Grid } from '@cxcr4pet/volume';
import { ImagingError } from '../errors.ts';
import type { DiscretisedValues } from './discretisation.ts';
import { boxStep, levelBox } from './level-box.ts';

/**
 * IBSI 1 grey level co-occurrence matrix features (reference manual "Grey level co-occurrence based
 * features", family LFYI), 3D, Chebyshev distance 1, symmetric matrices, over the 13 unique directions.
 * `averaged`: features of each direction's matrix, averaged; `merged`: features of the summed matrix.
 */
export interface GlcmFeatures {
  /** GYBY joint maximum. */
  readonly jointMaximum: number;
  /** 60VM joint average. */
  readonly jointAverage: number;
  /** UR99 joint variance. */
  readonly jointVariance: number;
  /** TU9B joint entropy (bits). */
  readonly jointEntropy: number;
  /** TF7R difference average. */
  readonly differenceAverage: number;
  /** D3YU difference variance. */
  readonly differenceVariance: number;
  /** NTRS difference entropy (bits). */
  readonly differenceEntropy: number;
  /** ZGXS sum average. */
  readonly sumAverage: number;
  /** OEEB sum variance. */
  readonly sumVariance: number;
  /** P6QZ sum entropy (bits). */
  readonly sumEntropy: number;
  /** 8ZQL angular second moment. */
  readonly angularSecondMoment: number;
  /** ACUI contrast. */
  readonly contrast: number;
  /** 8S9J dissimilarity. */
  readonly dissimilarity: number;
  /** IB1Z inverse difference. */
  readonly inverseDifference: number;
  /** NDRX normalised inverse difference. */
  readonly normalisedInverseDifference: number;
  /** WF0Z inverse difference moment. */
  readonly inverseDifferenceMoment: number;
  /** 1QCO normalised inverse difference moment. */
  readonly normalisedInverseDifferenceMoment: number;
  /** E8JP inverse variance. */
  readonly inverseVariance: number;
  /** NI2N correlation. */
  readonly correlation: number;
  /** QWB0 autocorrelation. */
  readonly autocorrelation: number;
  /** DG8W cluster tendency. */
  readonly clusterTendency: number;
  /** 7NFM cluster shade. */
  readonly clusterShade: number;
  /** AE86 cluster prominence. */
  readonly clusterProminence: number;
  /** R8DG first measure of information correlation. */
  readonly informationCorrelation1: number;
  /** JN9H second measure of information correlation. */
  readonly informationCorrelation2: number;
}

/** The 13 unique 3-D directions at Chebyshev distance 1 (the other 13 are their opposites). */
export const DIRECTIONS_3D: readonly (readonly [number, number, number])[] = [
  [1, 0, 0],
  [0, 1, 0],
  [1, 1, 0],
  [1, -1, 0],
  [0, 0, 1],
  [1, 0, 1],
  [1, 0, -1],
  [0, 1, 1],
  [0, 1, -1],
  [1, 1, 1],
  [1, 1, -1],
  [1, -1, 1],
  [1, -1, -1],
];

/**
 * Symmetric co-occurrence counts (Ng × Ng, row-major, level i at index i − 1) of a region's levels per
 * direction of `DIRECTIONS_3D`: each pair of ROI voxels one step apart counts once in (i, j) and once
 * in (j, i). Voxels outside the ROI never pair.
 */
export function glcmCounts(grid: Grid, voxels: Int32Array, discretised: DiscretisedValues): Float64Array[] {
  const g = discretised.levelCount;
  const box = levelBox(grid, voxels, discretised);
  return DIRECTIONS_3D.map(([di, dj, dk]) => {
    const counts = new Float64Array(g * g);
    const step = boxStep(box, [di, dj, dk]);
    for (const at of box.boxIndex) {
      const a = box.levels[at] as number;
      const b = box.levels[at + step] as number;
      if (b === 0) continue;
      counts[(a - 1) * g + (b - 1)] = (counts[(a - 1) * g + (b - 1)] as number) + 1;
      counts[(b - 1) * g + (a - 1)] = (counts[(b - 1) * g + (a - 1)] as number) + 1;
    }
    return counts;
  });
}

/**
 * The IBSI GLCM features of one co-occurrence matrix (counts, Ng × Ng row-major). NaN where a feature
 * is undefined (an empty matrix; correlation of a single-level matrix).
 */
export function glcmFeaturesOfMatrix(counts: Float64Array, g: number): GlcmFeatures {
  let total = 0;
  for (const c of counts) total += c;
  const p = counts.map((c) => c / total);
  const pi = new Float64Array(g);
  const sum = new Float64Array(2 * g + 1); // index k = i + j, levels from 1
  const diff = new Float64Array(g); // index k = |i − j|
  let jointMaximum = 0;
  let jointAverage = 0;
  let jointEntropy = 0;
  let asm = 0;
  let contrast = 0;
  let dissimilarity = 0;
  let id = 0;
  let idn = 0;
  let idm = 0;
  let idmn = 0;
  let autocorrelation = 0;
  for (let i = 1; i <= g; i++) {
    for (let j = 1; j <= g; j++) {
      const v = p[(i - 1) * g + (j - 1)] as number;
      if (v === 0) continue;
      const d = Math.abs(i - j);
      pi[i - 1] = (pi[i - 1] as number) + v;
      sum[i + j] = (sum[i + j] as number) + v;
      diff[d] = (diff[d] as number) + v;
      if (v > jointMaximum) jointMaximum = v;
      jointAverage += i * v;
      jointEntropy -= v * Math.log2(v);
      asm += v * v;
      contrast += d * d * v;
      dissimilarity += d * v;
      id += v / (1 + d);
      idn += v / (1 + d / g);
      idm += v / (1 + d * d);
      idmn += v / (1 + (d * d) / (g * g));
      autocorrelation += i * j * v;
    }
  }
  let jointVariance = 0;
  let clusterTendency = 0;
  let clusterShade = 0;
  let clusterProminence = 0;
  let covariance = 0;
  let hxy1 = 0;
  let hxy2 = 0;
  for (let i = 1; i <= g; i++) {
    for (let j = 1; j <= g; j++) {
      const pij = pi[i - 1] as number;
      const pj = pi[j - 1] as number;
      const product = pij * pj;
      if (product > 0) hxy2 -= product * Math.log2(product);
      const v = p[(i - 1) * g + (j - 1)] as number;
      if (v === 0) continue;
      const s = i + j - 2 * jointAverage;
      jointVariance += (i - jointAverage) ** 2 * v;
      clusterTendency += s * s * v;
      clusterShade += s ** 3 * v;
      clusterProminence += s ** 4 * v;
      covariance += (i - jointAverage) * (j - jointAverage) * v;
      hxy1 -= v * Math.log2(product);
    }
  }
  let hx = 0;
  for (const v of pi) if (v > 0) hx -= v * Math.log2(v);
  const marginalVariance = (() => {
    let m = 0;
    for (let i = 1; i <= g; i++) m += (i - jointAverage) ** 2 * (pi[i - 1] as number);
    return m;
  })();
  const stats = (hist: Float64Array) => {
    let mean = 0;
    for (let k = 0; k < hist.length; k++) mean += k * (hist[k] as number);
    let variance = 0;
    let entropy = 0;
    for (let k = 0; k < hist.length; k++) {
      const v = hist[k] as number;
      variance += (k - mean) ** 2 * v;
      if (v > 0) entropy -= v * Math.log2(v);
    }
    return { mean, variance, entropy };
  };
  const d = stats(diff);
  const s = stats(sum);
  let inverseVariance = 0;
  for (let k = 1; k < g; k++) inverseVariance += (diff[k] as number) / (k * k);
  return {
    jointMaximum,
    jointAverage,
    jointVariance,
    jointEntropy,
    differenceAverage: d.mean,
    differenceVariance: d.variance,
    differenceEntropy: d.entropy,
    sumAverage: s.mean,
    sumVariance: s.variance,
    sumEntropy: s.entropy,
    angularSecondMoment: asm,
    contrast,
    dissimilarity,
    inverseDifference: id,
    normalisedInverseDifference: idn,
    inverseDifferenceMoment: idm,
    normalisedInverseDifferenceMoment: idmn,
    inverseVariance,
    correlation: covariance / marginalVariance,
    autocorrelation,
    clusterTendency,
    clusterShade,
    clusterProminence,
    informationCorrelation1: (jointEntropy - hxy1) / hx,
    informationCorrelation2: Math.sqrt(1 - Math.exp(-2 * (hxy2 - jointEntropy))),
  };
}

/** How the 13 directions are combined (IBSI "3D, averaged" and "3D, merged"). */
export type GlcmAggregation = 'averaged' | 'merged';

/**
 * IBSI 3-D GLCM features of a region (voxel indices on `grid`, with their discretised levels in the
 * same order). Throws `ImagingError('empty-region')` when no two ROI voxels neighbour each other.
 * @see IBSI reference manual, "Grey level co-occurrence based features" and "Feature aggregation".
 */
export function glcmFeatures(
  grid: Grid,
  voxels: Int32Array,
  discretised: DiscretisedValues,
  aggregation: GlcmAggregation,
): GlcmFeatures {
  const g = discretised.levelCount;
  const matrices = glcmCounts(grid, voxels, discretised).filter((m) => m.some((c) => c > 0));
  if (matrices.length === 0) {
    throw new ImagingError('empty-region', 'The region for GLCM features has no two neighbouring voxels.', {
      field: 'voxels',
    });
  }
  if (aggregation === 'merged') {
    const merged = new Float64Array(g * g);
    for (const m of matrices)
      for (let n = 0; n < merged.length; n++) merged[n] = (merged[n] as number) + (m[n] as number);
    return glcmFeaturesOfMatrix(merged, g);
  }
  const each = matrices.map((m) => glcmFeaturesOfMatrix(m, g));
  const keys = Object.keys(each[0] ?? {}) as (keyof GlcmFeatures)[];
  const averaged = {} as Record<keyof GlcmFeatures, number>;
  for (const key of keys) {
    let total = 0;
    for (const f of each) total += f[key];
    averaged[key] = total / each.length;
  }
  return averaged;
}
