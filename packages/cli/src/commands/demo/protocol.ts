import type { Vec3 } from '@cxcr4pet/volume';

/**
 * The demo's image grid: 64 × 64 × 120 voxels of 8 mm (the digital patient's whole 51 × 51 × 96 cm
 * field of view at a quarter of the default resolution per axis): 120 PET and 120 CT slices per study,
 * so that ~70 PET/CTs are written, stored and analysed in about a minute. Lesions of radius ≥ 6 mm still
 * hold their centre voxel; their SUVmax is lower than at 4 mm (more partial volume).
 */
export const DEMO_DIMS: Vec3 = [64, 64, 120];
export const DEMO_SPACING_MM: Vec3 = [8, 8, 8];

/**
 * The analysis every scan gets (options of `cxcr4pet analyze`), the site's reading protocol as code:
 * PERCIST threshold from a 3 cm liver sphere in healthy liver (60 mm from the liver-lesion site);
 * bladder, kidneys and heart excluded as physiological uptake (spheres covering the phantom's organs
 * and their PSF spill, none reaching a lesion site); lesions ≥ 0.5 ml. The brain (FDG) and spleen
 * (Pentixafor) are kept: primary CNS lymphoma and splenic foci lie in them.
 */
export const DEMO_ANALYSIS_ARGUMENTS: readonly string[] = [
  '--segment',
  'percist',
  '--ref',
  'liver=-110,0,440',
  '--exclude',
  'bladder=0,-30,80,50',
  '--exclude',
  'right-kidney=-75,55,310,48',
  '--exclude',
  'left-kidney=75,55,340,48',
  '--exclude',
  'heart=20,-40,500,52',
  '--min-volume-ml',
  '0.5',
];

/** The FDG ↔ Pentixafor comparison of each participant: the same analysis, lesions paired within 15 mm. */
export const DEMO_COMPARE_ARGUMENTS: readonly string[] = [
  ...DEMO_ANALYSIS_ARGUMENTS,
  '--max-distance-mm',
  '15',
];
