/** Positron emitters cxcr4pet recognises, with reference half-lives. */
export type Nuclide = 'F-18' | 'Ga-68' | 'C-11' | 'N-13' | 'O-15' | 'Cu-64' | 'Zr-89' | 'Rb-82' | 'I-124';

/**
 * Reference half-lives in seconds (NNDC / DDEP evaluated data; 68Ga 67.71 min, 18F 109.77 min).
 * Scanners write slightly different values (68Ga 4062.6–4080 s, 18F 6586.2–6588 s): the file's
 * value is used and only checked against these.
 */
export const REFERENCE_HALF_LIFE_S: Readonly<Record<Nuclide, number>> = {
  'F-18': 6586.2,
  'Ga-68': 4062.6,
  'C-11': 1221.8,
  'N-13': 597.9,
  'O-15': 122.24,
  'Cu-64': 45_721.1,
  'Zr-89': 282_276,
  'Rb-82': 76.38,
  'I-124': 360_806,
};

/** Allowed relative difference between the file's half-life and the reference before a warning. */
export const HALF_LIFE_TOLERANCE = 0.01;

const PATTERNS: readonly (readonly [Nuclide, RegExp])[] = [
  ['F-18', /(\^?18\^?\s*-?\s*F\b|\bF\s*-?\s*\^?18|fluorine|\bFDG\b|\bFLT\b|PSMA-1007|fluoro)/i],
  ['Ga-68', /(\^?68\^?\s*-?\s*Ga|\bGa\s*-?\s*\^?68|gallium|pentixafor|dotatate|dotatoc|psma-11)/i],
  ['C-11', /(\^?11\^?\s*-?\s*C\b|\bC\s*-?\s*\^?11\b|carbon)/i],
  ['N-13', /(\^?13\^?\s*-?\s*N\b|\bN\s*-?\s*\^?13\b|nitrogen|ammonia)/i],
  ['O-15', /(\^?15\^?\s*-?\s*O\b|\bO\s*-?\s*\^?15\b|oxygen|water)/i],
  ['Cu-64', /(\^?64\^?\s*-?\s*Cu|\bCu\s*-?\s*\^?64|copper)/i],
  ['Zr-89', /(\^?89\^?\s*-?\s*Zr|\bZr\s*-?\s*\^?89|zirconium)/i],
  ['Rb-82', /(\^?82\^?\s*-?\s*Rb|\bRb\s*-?\s*\^?82|rubidium)/i],
  ['I-124', /(\^?124\^?\s*-?\s*I\b|\bI\s*-?\s*\^?124|iodine)/i],
];

/** SNOMED-RT codes of the radionuclide code sequence (DICOM CID 4020). */
const CODES: Readonly<Record<string, Nuclide>> = {
  'C-111A1': 'F-18',
  'C-131A3': 'Ga-68',
  'C-105A1': 'C-11',
  'C-107A1': 'N-13',
  'C-B1038': 'O-15',
  'C-127A2': 'Cu-64',
  'C-162A3': 'Zr-89',
  'C-159A2': 'Rb-82',
  'C-114A5': 'I-124',
};

/**
 * The nuclide named by a radionuclide code (value or meaning) or, failing that, the
 * radiopharmaceutical's name; undefined when none is recognised.
 */
export function identifyNuclide(
  code: string | undefined,
  meaning: string | undefined,
  radiopharmaceutical: string | undefined,
): Nuclide | undefined {
  if (code !== undefined && CODES[code] !== undefined) return CODES[code];
  for (const text of [meaning, radiopharmaceutical]) {
    if (text === undefined) continue;
    for (const [nuclide, pattern] of PATTERNS) if (pattern.test(text)) return nuclide;
  }
  return undefined;
}

/**
 * A warning when a half-life differs from the nuclide's reference by more than
 * `HALF_LIFE_TOLERANCE` (1 %), else undefined.
 */
export function checkHalfLife(halfLifeS: number, nuclide: Nuclide): string | undefined {
  const reference = REFERENCE_HALF_LIFE_S[nuclide];
  const difference = (halfLifeS - reference) / reference;
  if (Math.abs(difference) <= HALF_LIFE_TOLERANCE) return undefined;
  return `RadionuclideHalfLife ${halfLifeS} s differs by ${(difference * 100).toFixed(1)} % from ${nuclide}'s ${reference} s (tolerance 1 %); the file's value is used`;
}
