import type { Shape } from './shapes.ts';
import type { TissueKind, Tracer } from './tracers.ts';

/** An organ (or body part) of the digital patient: a solid, its tissue, and its CT number. */
export interface OrganSpec {
  readonly name: string;
  /** Label in the label map (1..99). */
  readonly label: number;
  readonly tissue: TissueKind;
  readonly shape: Shape;
  readonly hu: number;
}

/** A spherical lesion with its uptake for each tracer and the tissue it sits in. */
export interface LesionSpec {
  readonly name: string;
  /** Label in the label map (101..). */
  readonly label: number;
  readonly centreMm: readonly [number, number, number];
  readonly radiusMm: number;
  readonly suv: Readonly<Record<Tracer, number>>;
  /** The organ it lies entirely inside (its background). */
  readonly within: string;
}

/**
 * The digital patient (adult, 72 kg, 1.74 m), LPS mm: x to the patient's left, y posterior,
 * z towards the head; z = 0 at the upper thighs, vertex at z = 950. Later entries are painted
 * over earlier ones (organs over the outline, blood pool over the myocardium); no two organs
 * other than these overlap (a test checks it). Sizes are adult-like, rounded.
 */
export const ORGANS: readonly OrganSpec[] = [
  {
    name: 'body-trunk',
    label: 1,
    tissue: 'soft-tissue',
    hu: 20,
    shape: { kind: 'cylinder-z', centreMm: [0, 0, 310], radiiMm: [165, 110], halfLengthMm: 410 },
  },
  {
    name: 'body-neck',
    label: 2,
    tissue: 'soft-tissue',
    hu: 30,
    shape: { kind: 'cylinder-z', centreMm: [0, 0, 750], radiiMm: [60, 55], halfLengthMm: 30 },
  },
  {
    name: 'head',
    label: 3,
    tissue: 'soft-tissue',
    hu: 40,
    shape: { kind: 'ellipsoid', centreMm: [0, 0, 865], radiiMm: [78, 98, 85] },
  },
  {
    name: 'brain',
    label: 4,
    tissue: 'brain',
    hu: 35,
    shape: { kind: 'ellipsoid', centreMm: [0, 5, 870], radiiMm: [62, 80, 68] },
  },
  {
    name: 'right-lung',
    label: 5,
    tissue: 'lung',
    hu: -800,
    shape: { kind: 'ellipsoid', centreMm: [-100, 10, 590], radiiMm: [55, 70, 105] },
  },
  {
    name: 'left-lung',
    label: 6,
    tissue: 'lung',
    hu: -800,
    shape: { kind: 'ellipsoid', centreMm: [100, 10, 590], radiiMm: [55, 70, 105] },
  },
  {
    name: 'myocardium',
    label: 7,
    tissue: 'myocardium',
    hu: 45,
    shape: { kind: 'ellipsoid', centreMm: [20, -40, 500], radiiMm: [50, 45, 50] },
  },
  {
    name: 'blood-pool',
    label: 8,
    tissue: 'blood-pool',
    hu: 40,
    shape: { kind: 'ellipsoid', centreMm: [20, -40, 500], radiiMm: [36, 31, 36] },
  },
  {
    name: 'liver',
    label: 9,
    tissue: 'liver',
    hu: 55,
    shape: { kind: 'ellipsoid', centreMm: [-75, 0, 410], radiiMm: [80, 75, 60] },
  },
  {
    name: 'spleen',
    label: 10,
    tissue: 'spleen',
    hu: 45,
    shape: { kind: 'ellipsoid', centreMm: [90, 45, 440], radiiMm: [35, 40, 45] },
  },
  {
    name: 'right-kidney',
    label: 11,
    tissue: 'kidney',
    hu: 35,
    shape: { kind: 'ellipsoid', centreMm: [-75, 55, 310], radiiMm: [28, 25, 45] },
  },
  {
    name: 'left-kidney',
    label: 12,
    tissue: 'kidney',
    hu: 35,
    shape: { kind: 'ellipsoid', centreMm: [75, 55, 340], radiiMm: [28, 25, 45] },
  },
  {
    name: 'bladder',
    label: 13,
    tissue: 'bladder',
    hu: 5,
    shape: { kind: 'ellipsoid', centreMm: [0, -30, 80], radiiMm: [45, 35, 35] },
  },
  {
    name: 'spine',
    label: 14,
    tissue: 'marrow',
    hu: 250,
    shape: { kind: 'cylinder-z', centreMm: [0, 80, 440], radiiMm: [16, 16], halfLengthMm: 300 },
  },
];

/** Organs that are meant to be painted over another (child → parent). */
export const NESTED_IN: Readonly<Record<string, string>> = {
  brain: 'head',
  'blood-pool': 'myocardium',
};

/**
 * Lymphoma/myeloma-like lesions. Pentixafor SUVs sit in the range reported for CXCR4-positive
 * lymphoma and myeloma (SUVmax ≈ 5–20, Lapa 2017; Herhaus P et al., Haematologica 2020 for
 * lymphoma); FDG SUVs typical of indolent-to-aggressive lymphoma. The right iliac bone lesion is
 * CXCR4-positive and FDG-negative (FDG SUV below its background's PERCIST threshold), as in
 * the discordant marrow lesions that motivate the study. Centres lie on multiples of 4 mm so that
 * on the default grid each lesion is centred on a voxel.
 */
export const LESIONS: readonly LesionSpec[] = [
  {
    name: 'mediastinal-node',
    label: 101,
    centreMm: [0, -60, 620],
    radiusMm: 15,
    suv: { pentixafor: 12, fdg: 9 },
    within: 'body-trunk',
  },
  {
    name: 'left-axillary-node',
    label: 102,
    centreMm: [148, -8, 700],
    radiusMm: 8,
    suv: { pentixafor: 9, fdg: 6 },
    within: 'body-trunk',
  },
  {
    name: 'para-aortic-node',
    label: 103,
    centreMm: [-24, 20, 300],
    radiusMm: 10,
    suv: { pentixafor: 10, fdg: 8 },
    within: 'body-trunk',
  },
  {
    name: 'left-inguinal-node',
    label: 104,
    centreMm: [72, -60, 40],
    radiusMm: 10,
    suv: { pentixafor: 8, fdg: 7 },
    within: 'body-trunk',
  },
  {
    name: 'vertebral-marrow',
    label: 105,
    centreMm: [0, 80, 460],
    radiusMm: 10,
    suv: { pentixafor: 10, fdg: 6 },
    within: 'spine',
  },
  {
    name: 'liver-lesion',
    label: 106,
    centreMm: [-60, -8, 400],
    radiusMm: 12,
    suv: { pentixafor: 8, fdg: 10 },
    within: 'liver',
  },
  {
    name: 'cervical-node',
    label: 107,
    centreMm: [40, -8, 752],
    radiusMm: 6,
    suv: { pentixafor: 7, fdg: 5 },
    within: 'body-neck',
  },
  {
    name: 'right-iliac-bone',
    label: 108,
    centreMm: [-112, 40, 152],
    radiusMm: 12,
    suv: { pentixafor: 9, fdg: 1.2 },
    within: 'body-trunk',
  },
];
