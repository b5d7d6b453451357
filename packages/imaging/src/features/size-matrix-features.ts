/**
 * A count matrix over (grey level, size): run lengths for the GLRLM, zone sizes for the GLSZM.
 * `counts[(level − 1) * sizes + (size − 1)]`.
 */
export interface SizeMatrix {
  readonly counts: Float64Array;
  readonly levels: number;
  readonly sizes: number;
}

/** Counts (level, size) pairs, given flat as level, size, level, size, …, into a `SizeMatrix`. */
export function sizeMatrixOf(pairs: readonly number[], levels: number): SizeMatrix {
  let sizes = 0;
  for (let n = 1; n < pairs.length; n += 2) sizes = Math.max(sizes, pairs[n] as number);
  const counts = new Float64Array(levels * sizes);
  for (let n = 0; n < pairs.length; n += 2) {
    const cell = ((pairs[n] as number) - 1) * sizes + (pairs[n + 1] as number) - 1;
    counts[cell] = (counts[cell] as number) + 1;
  }
  return { counts, levels, sizes };
}

/**
 * The features the IBSI GLRLM and GLSZM share, named generically (run ↔ zone, length ↔ size).
 * `voxelCount` is the denominator of the run/zone percentage. Formulas: IBSI reference manual,
 * "Grey level run length based features" and "Grey level size zone based features".
 */
export interface SizeMatrixFeatures {
  readonly smallEmphasis: number;
  readonly largeEmphasis: number;
  readonly lowGreyLevelEmphasis: number;
  readonly highGreyLevelEmphasis: number;
  readonly smallLowGreyLevelEmphasis: number;
  readonly smallHighGreyLevelEmphasis: number;
  readonly largeLowGreyLevelEmphasis: number;
  readonly largeHighGreyLevelEmphasis: number;
  readonly greyLevelNonUniformity: number;
  readonly normalisedGreyLevelNonUniformity: number;
  readonly sizeNonUniformity: number;
  readonly normalisedSizeNonUniformity: number;
  readonly percentage: number;
  readonly greyLevelVariance: number;
  readonly sizeVariance: number;
  readonly entropy: number;
}

/** Computes `SizeMatrixFeatures` of a matrix (see there). */
export function sizeZoneFeatures(matrix: SizeMatrix, voxelCount: number): SizeMatrixFeatures {
  const { counts, levels: g, sizes } = matrix;
  let total = 0;
  for (const c of counts) total += c;
  const perLevel = new Float64Array(g);
  const perSize = new Float64Array(sizes);
  let se = 0;
  let le = 0;
  let lge = 0;
  let hge = 0;
  let slge = 0;
  let shge = 0;
  let llge = 0;
  let lhge = 0;
  let levelMean = 0;
  let sizeMean = 0;
  let entropy = 0;
  for (let i = 1; i <= g; i++) {
    for (let j = 1; j <= sizes; j++) {
      const c = counts[(i - 1) * sizes + (j - 1)] as number;
      if (c === 0) continue;
      perLevel[i - 1] = (perLevel[i - 1] as number) + c;
      perSize[j - 1] = (perSize[j - 1] as number) + c;
      const i2 = i * i;
      const j2 = j * j;
      se += c / j2;
      le += c * j2;
      lge += c / i2;
      hge += c * i2;
      slge += c / (i2 * j2);
      shge += (c * i2) / j2;
      llge += (c * j2) / i2;
      lhge += c * i2 * j2;
      const p = c / total;
      levelMean += i * p;
      sizeMean += j * p;
      entropy -= p * Math.log2(p);
    }
  }
  let greyLevelVariance = 0;
  let sizeVariance = 0;
  for (let i = 1; i <= g; i++) {
    for (let j = 1; j <= sizes; j++) {
      const p = (counts[(i - 1) * sizes + (j - 1)] as number) / total;
      greyLevelVariance += (i - levelMean) ** 2 * p;
      sizeVariance += (j - sizeMean) ** 2 * p;
    }
  }
  let glnu = 0;
  for (const c of perLevel) glnu += c * c;
  let snu = 0;
  for (const c of perSize) snu += c * c;
  return {
    smallEmphasis: se / total,
    largeEmphasis: le / total,
    lowGreyLevelEmphasis: lge / total,
    highGreyLevelEmphasis: hge / total,
    smallLowGreyLevelEmphasis: slge / total,
    smallHighGreyLevelEmphasis: shge / total,
    largeLowGreyLevelEmphasis: llge / total,
    largeHighGreyLevelEmphasis: lhge / total,
    greyLevelNonUniformity: glnu / total,
    normalisedGreyLevelNonUniformity: glnu / (total * total),
    sizeNonUniformity: snu / total,
    normalisedSizeNonUniformity: snu / (total * total),
    percentage: total / voxelCount,
    greyLevelVariance,
    sizeVariance,
    entropy,
  };
}
