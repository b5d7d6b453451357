import type { Volume } from '@cxcr4pet/volume';
import { ImagingError } from '../errors.ts';
import { type Discretisation, discretise } from './discretisation.ts';
import { glcmFeatures } from './glcm.ts';
import { glrlmFeatures } from './glrlm.ts';
import { glszmFeatures } from './glszm.ts';
import { intensityHistogramFeatures } from './intensity-histogram.ts';
import { intensityStatistics } from './intensity-statistics.ts';
import { intensityVolumeHistogramFeatures } from './intensity-volume-histogram.ts';
import { morphologicalFeatures } from './morphology.ts';
import { regionValues } from './region-geometry.ts';

/** The feature families `ibsiFeatures` computes, with the IBSI family codes. */
export type FeatureFamily = 'morphology' | 'statistics' | 'histogram' | 'ivh' | 'glcm' | 'glrlm' | 'glszm';

/** One feature value with its IBSI code and name (the reference manual's spelling). */
export interface IbsiFeature {
  readonly family: FeatureFamily;
  /** The field of this room's result type (e.g. `sphericity`). */
  readonly key: string;
  readonly code: string;
  readonly name: string;
  readonly value: number;
}

/**
 * IBSI code and name of every feature field, by family (codes as each result type documents them; names
 * from the IBSI reference manual via testdata/ibsi/reference-values.csv).
 */
export const IBSI_FEATURE_CATALOGUE: Readonly<
  Record<FeatureFamily, Readonly<Record<string, readonly [string, string]>>>
> = {
  statistics: {
    mean: ['Q4LE', 'Mean intensity'],
    variance: ['ECT3', 'Intensity variance'],
    skewness: ['KE2A', 'Intensity skewness'],
    kurtosis: ['IPH6', '(Excess) intensity kurtosis'],
    median: ['Y12H', 'Median intensity'],
    minimum: ['1GSF', 'Minimum intensity'],
    percentile10: ['QG58', '10th intensity percentile'],
    percentile90: ['8DWT', '90th intensity percentile'],
    maximum: ['84IY', 'Maximum intensity'],
    interquartileRange: ['SALO', 'Intensity interquartile range'],
    range: ['2OJQ', 'Intensity range'],
    meanAbsoluteDeviation: ['4FUA', 'Intensity-based mean absolute deviation'],
    robustMeanAbsoluteDeviation: ['1128', 'Intensity-based robust mean absolute deviation'],
    medianAbsoluteDeviation: ['N72L', 'Intensity-based median absolute deviation'],
    coefficientOfVariation: ['7TET', 'Intensity-based coefficient of variation'],
    quartileCoefficientOfDispersion: ['9S40', 'Intensity-based quartile coefficient of dispersion'],
    energy: ['N8CA', 'Intensity-based energy'],
    rootMeanSquare: ['5ZWQ', 'Root mean square intensity'],
  },
  histogram: {
    mean: ['X6K6', 'Mean discretised intensity'],
    variance: ['CH89', 'Discretised intensity variance'],
    skewness: ['88K1', 'Discretised intensity skewness'],
    kurtosis: ['C3I7', '(Excess) discretised intensity kurtosis'],
    median: ['WIFQ', 'Median discretised intensity'],
    minimum: ['1PR8', 'Minimum discretised intensity'],
    percentile10: ['1PR8', '10th discretised intensity percentile'],
    percentile90: ['GPMT', '90th discretised intensity percentile'],
    maximum: ['3NCY', 'Maximum discretised intensity'],
    mode: ['AMMC', 'Intensity histogram mode'],
    interquartileRange: ['WR0O', 'Discretised intensity interquartile range'],
    range: ['5Z3W', 'Discretised intensity range'],
    meanAbsoluteDeviation: ['D2ZX', 'Intensity histogram mean absolute deviation'],
    robustMeanAbsoluteDeviation: ['WRZB', 'Intensity histogram robust mean absolute deviation'],
    medianAbsoluteDeviation: ['4RNL', 'Intensity histogram median absolute deviation'],
    coefficientOfVariation: ['CWYJ', 'Intensity histogram coefficient of variation'],
    quartileCoefficientOfDispersion: ['SLWD', 'Intensity histogram quartile coefficient of dispersion'],
    entropy: ['TLU2', 'Discretised intensity entropy'],
    uniformity: ['BJ5W', 'Discretised intensity uniformity'],
    maximumGradient: ['12CE', 'Maximum histogram gradient'],
    maximumGradientLevel: ['8E6O', 'Maximum histogram gradient intensity'],
    minimumGradient: ['VQB3', 'Minimum histogram gradient'],
    minimumGradientLevel: ['RHQZ', 'Minimum histogram gradient intensity'],
  },
  ivh: {
    volumeAtIntensityFraction10: ['BC2M', 'Volume at intensity fraction 10 %'],
    volumeAtIntensityFraction90: ['BC2M', 'Volume at intensity fraction 90 %'],
    intensityAtVolumeFraction10: ['GBPN', 'Intensity at volume fraction 10 %'],
    intensityAtVolumeFraction90: ['GBPN', 'Intensity at volume fraction 90 %'],
    volumeFractionDifference: ['DDTU', 'Volume fraction difference between intensity fractions'],
    intensityFractionDifference: ['CNV2', 'Intensity fraction difference between volume fractions'],
  },
  glcm: {
    jointMaximum: ['GYBY', 'Joint maximum'],
    jointAverage: ['60VM', 'Joint average'],
    jointVariance: ['UR99', 'Joint variance'],
    jointEntropy: ['TU9B', 'Joint entropy'],
    differenceAverage: ['TF7R', 'Difference average'],
    differenceVariance: ['D3YU', 'Difference variance'],
    differenceEntropy: ['NTRS', 'Difference entropy'],
    sumAverage: ['ZGXS', 'Sum average'],
    sumVariance: ['OEEB', 'Sum variance'],
    sumEntropy: ['P6QZ', 'Sum entropy'],
    angularSecondMoment: ['8ZQL', 'Angular second moment'],
    contrast: ['ACUI', 'Contrast'],
    dissimilarity: ['8S9J', 'Dissimilarity'],
    inverseDifference: ['IB1Z', 'Inverse difference'],
    normalisedInverseDifference: ['NDRX', 'Normalised inverse difference'],
    inverseDifferenceMoment: ['WF0Z', 'Inverse difference moment'],
    normalisedInverseDifferenceMoment: ['1QCO', 'Normalised inverse difference moment'],
    inverseVariance: ['E8JP', 'Inverse variance'],
    correlation: ['NI2N', 'Correlation'],
    autocorrelation: ['QWB0', 'Autocorrelation'],
    clusterTendency: ['DG8W', 'Cluster tendency'],
    clusterShade: ['7NFM', 'Cluster shade'],
    clusterProminence: ['AE86', 'Cluster prominence'],
    informationCorrelation1: ['R8DG', 'Information correlation 1'],
    informationCorrelation2: ['JN9H', 'Information correlation 2'],
  },
  glrlm: {
    shortRunsEmphasis: ['22OV', 'Short runs emphasis'],
    longRunsEmphasis: ['W4KF', 'Long runs emphasis'],
    lowGreyLevelRunEmphasis: ['V3SW', 'Low grey level run emphasis'],
    highGreyLevelRunEmphasis: ['G3QZ', 'High grey level run emphasis'],
    shortRunLowGreyLevelEmphasis: ['HTZT', 'Short run low grey level emphasis'],
    shortRunHighGreyLevelEmphasis: ['GD3A', 'Short run high grey level emphasis'],
    longRunLowGreyLevelEmphasis: ['IVPO', 'Long run low grey level emphasis'],
    longRunHighGreyLevelEmphasis: ['3KUM', 'Long run high grey level emphasis'],
    greyLevelNonUniformity: ['R5YN', 'Grey level non-uniformity'],
    normalisedGreyLevelNonUniformity: ['OVBL', 'Normalised grey level non-uniformity'],
    runLengthNonUniformity: ['W92Y', 'Run length non-uniformity'],
    normalisedRunLengthNonUniformity: ['IC23', 'Normalised run length non-uniformity'],
    runPercentage: ['9ZK5', 'Run percentage'],
    greyLevelVariance: ['8CE5', 'Grey level variance'],
    runLengthVariance: ['SXLW', 'Run length variance'],
    runEntropy: ['HJ9O', 'Run entropy'],
  },
  glszm: {
    smallZoneEmphasis: ['5QRC', 'Small zone emphasis'],
    largeZoneEmphasis: ['48P8', 'Large zone emphasis'],
    lowGreyLevelZoneEmphasis: ['XMSY', 'Low grey level zone emphasis'],
    highGreyLevelZoneEmphasis: ['5GN9', 'High grey level zone emphasis'],
    smallZoneLowGreyLevelEmphasis: ['5RAI', 'Small zone low grey level emphasis'],
    smallZoneHighGreyLevelEmphasis: ['HW1V', 'Small zone high grey level emphasis'],
    largeZoneLowGreyLevelEmphasis: ['YH51', 'Large zone low grey level emphasis'],
    largeZoneHighGreyLevelEmphasis: ['J17V', 'Large zone high grey level emphasis'],
    greyLevelNonUniformity: ['JNSA', 'Grey level non-uniformity'],
    normalisedGreyLevelNonUniformity: ['Y1RO', 'Normalised grey level non-uniformity'],
    zoneSizeNonUniformity: ['4JP3', 'Zone size non-uniformity'],
    normalisedZoneSizeNonUniformity: ['VB3A', 'Normalised zone size non-uniformity'],
    zonePercentage: ['P30P', 'Zone percentage'],
    greyLevelVariance: ['BYLV', 'Grey level variance'],
    zoneSizeVariance: ['3NSA', 'Zone size variance'],
    zoneSizeEntropy: ['GU8N', 'Zone size entropy'],
  },
  morphology: {
    volumeMeshMm3: ['RNU0', 'Volume (mesh)'],
    volumeVoxelMm3: ['YEKZ', 'Volume (voxel counting)'],
    surfaceAreaMm2: ['C0JK', 'Surface area (mesh)'],
    surfaceToVolumePerMm: ['2PR5', 'Surface to volume ratio'],
    compactness1: ['SKGS', 'Compactness 1'],
    compactness2: ['BQWJ', 'Compactness 2'],
    sphericalDisproportion: ['KRCK', 'Spherical disproportion'],
    sphericity: ['QCFX', 'Sphericity'],
    asphericity: ['25C7', 'Asphericity'],
    centreOfMassShiftMm: ['KLMA', 'Centre of mass shift'],
    maximum3dDiameterMm: ['L0JK', 'Maximum 3D diameter'],
    majorAxisLengthMm: ['TDIC', 'Major axis length'],
    minorAxisLengthMm: ['P9VJ', 'Minor axis length'],
    leastAxisLengthMm: ['7J51', 'Least axis length'],
    elongation: ['Q3CK', 'Elongation'],
    flatness: ['N17B', 'Flatness'],
    volumeDensityAabb: ['PBX1', 'Volume density (axis-aligned bounding box)'],
    areaDensityAabb: ['R59B', 'Area density (axis-aligned bounding box)'],
    volumeDensityAee: ['6BDE', 'Volume density (approximate enclosing ellipsoid)'],
    areaDensityAee: ['RDD2', 'Area density (approximate enclosing ellipsoid)'],
    volumeDensityConvexHull: ['R3ER', 'Volume density (convex hull)'],
    areaDensityConvexHull: ['7T7F', 'Area density (convex hull)'],
    integratedIntensity: ['99N0', 'Integrated intensity'],
    moransI: ['N365', 'Moran’s I index'],
    gearysC: ['NPT7', 'Geary’s C measure'],
  },
};

/** IBSI family names and codes, for results. */
export const IBSI_FAMILIES: Readonly<Record<FeatureFamily, string>> = {
  morphology: 'Morphological features (HCUG)',
  statistics: 'Intensity-based statistical features (UHIW)',
  histogram: 'Intensity histogram features (ZVCW)',
  ivh: 'Intensity-volume histogram features (P88C)',
  glcm: 'Grey level co-occurrence based features (LFYI), 3D, averaged over 13 directions',
  glrlm: 'Grey level run length based features (TP0I), 3D, averaged over 13 directions',
  glszm: 'Grey level size zone based features (9SAK), 3D, 26-connected zones',
};

/** How the features were computed: stated with every result. */
export interface FeatureSettings {
  /** Intensity discretisation for the histogram, IVH and texture families. */
  readonly discretisation: Discretisation;
  /** Regions with more voxels than this get no features (Moran's I and Geary's C grow with n²). */
  readonly maxVoxels: number;
}

/**
 * Default settings for PET in SUV: fixed bin size 0.25 SUV from 0 (a fixed bin width keeps SUV levels
 * comparable between lesions and patients: Leijenaar RTH et al., Sci Rep 2015;5:11075), no
 * re-segmentation, the image's own grid (no interpolation).
 */
export const DEFAULT_FEATURE_SETTINGS: FeatureSettings = {
  discretisation: { kind: 'fixed-bin-size', binWidth: 0.25, lowerBound: 0 },
  maxVoxels: 20000,
};

function entries(family: FeatureFamily, values: object): IbsiFeature[] {
  const catalogue = IBSI_FEATURE_CATALOGUE[family];
  return Object.entries(values).map(([key, value]) => {
    const [code, name] = catalogue[key] ?? ['', key];
    return { family, key, code, name, value: value as number };
  });
}

/**
 * Every IBSI feature this room computes for one region (voxel indices on `volume`): morphology on the
 * region's mask, intensity statistics on its values, and the histogram, IVH, GLCM, GLRLM and GLSZM
 * families on its values discretised by `settings.discretisation`. Throws `ImagingError`
 * ('empty-region') for an empty region and ('invalid-parameter') above `settings.maxVoxels`.
 */
export function ibsiFeatures(
  volume: Volume,
  voxels: Int32Array,
  settings: FeatureSettings = DEFAULT_FEATURE_SETTINGS,
): readonly IbsiFeature[] {
  if (voxels.length > settings.maxVoxels) {
    throw new ImagingError(
      'invalid-parameter',
      `A region of ${voxels.length} voxels is above the ${settings.maxVoxels} for which features are computed.`,
      { field: 'features' },
    );
  }
  const values = regionValues(volume, voxels);
  const levels = discretise(values, settings.discretisation);
  return [
    ...entries('morphology', morphologicalFeatures(volume, voxels)),
    ...entries('statistics', intensityStatistics(values)),
    ...entries('histogram', intensityHistogramFeatures(levels)),
    ...entries('ivh', intensityVolumeHistogramFeatures(levels)),
    ...entries('glcm', glcmFeatures(volume, voxels, levels, 'averaged')),
    ...entries('glrlm', glrlmFeatures(volume, voxels, levels, 'averaged')),
    ...entries('glszm', glszmFeatures(volume, voxels, levels)),
  ];
}
