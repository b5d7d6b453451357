import {
  findLesions,
  labelComponents,
  measureLesion,
  ORGAN_NAMES,
  type OrganName,
  type OrganReference,
  organReference,
  PEAK_SPHERE_RADIUS_MM,
  sphereOffsets,
  thresholdMask,
  voxelsOf,
} from '@cxcr4pet/imaging';
import { lpsToIjk, type Vec3, type Volume } from '@cxcr4pet/volume';
import type { ViewerLesion } from '../../../src/viewer-study.ts';

// A reader's corrections of the engine's lesions, computed in the browser with the imaging room's own
// functions on the served PET voxels, so that every number equals what the engine would give.

/** A lesion of the review: the engine's, or added by the reader's click. */
export interface ReviewLesion extends ViewerLesion {
  readonly origin: 'engine' | 'reader';
}

/** The review of one study: the segmentation threshold, the label map, the lesions, organ references, edits. */
export interface Review {
  readonly thresholdSuv: number;
  readonly minVolumeMl: number;
  /** Lesion labels on the PET grid (0 = none); lesion `label` owns the voxels holding it. */
  readonly labels: Int32Array;
  readonly lesions: readonly ReviewLesion[];
  readonly references: readonly OrganReference[];
  /** What the reader changed, in words, oldest first. */
  readonly edits: readonly string[];
}

/** Labels 1..(REFERENCE_LABEL_BASE − 1) are lesions; organ reference spheres are drawn above it. */
export const REFERENCE_LABEL_BASE = 200;
/** A click seeds the lesion at the hottest voxel within this distance (mm). */
export const SEED_SEARCH_RADIUS_MM = 10;

const mm = (p: Vec3) => `(${p.map((v) => v.toFixed(0)).join(', ')}) mm`;

function asReviewLesion(l: ViewerLesion, origin: ReviewLesion['origin']): ReviewLesion {
  const { label, suvMax, suvMean, suvPeak, volumeMl, centroidMm } = l;
  return { label, suvMax, suvMean, suvPeak, volumeMl, centroidMm, origin };
}

export function startReview(
  labels: Int32Array,
  lesions: readonly ViewerLesion[],
  thresholdSuv: number,
  minVolumeMl: number,
): Review {
  return {
    thresholdSuv,
    minVolumeMl,
    labels,
    lesions: lesions.map((l) => asReviewLesion(l, 'engine')),
    references: [],
    edits: [],
  };
}

/**
 * Segments the whole PET again at another fixed SUV threshold (`findLesions`, `suv:<t>`, the review's
 * minimum volume): the lesions are replaced, the reader's earlier additions and deletions with them.
 */
export function rerunSegmentation(review: Review, pet: Volume, thresholdSuv: number): Review {
  const found = findLesions(pet, { kind: 'suv', thresholdSuv }, { minVolumeMl: review.minVolumeMl });
  if (found.lesions.length >= REFERENCE_LABEL_BASE)
    throw new Error(
      `SUV ${thresholdSuv} finds ${found.lesions.length} lesions; the viewer shows at most ${REFERENCE_LABEL_BASE - 1}`,
    );
  return {
    ...review,
    thresholdSuv,
    labels: found.labels,
    lesions: found.lesions.map((l) => asReviewLesion(l, 'engine')),
    edits: [
      ...review.edits,
      `segmentation re-run at SUV ≥ ${thresholdSuv} (was ${review.thresholdSuv}): ${found.lesions.length} lesions`,
    ],
  };
}

/** Removes a lesion: its voxels leave the label map. */
export function deleteLesion(review: Review, label: number): Review {
  const lesion = review.lesions.find((l) => l.label === label);
  if (lesion === undefined) return review;
  const labels = review.labels.map((v) => (v === label ? 0 : v));
  return {
    ...review,
    labels,
    lesions: review.lesions.filter((l) => l !== lesion),
    edits: [
      ...review.edits,
      `lesion ${label} deleted (SUVmax ${lesion.suvMax.toFixed(2)} at ${mm(lesion.centroidMm)})`,
    ],
  };
}

/**
 * Adds the lesion a click points at: the hottest voxel within `SEED_SEARCH_RADIUS_MM` of the click, and
 * every voxel at or above the review's threshold connected to it (26 neighbours), measured as the engine
 * measures lesions. An Error (shown to the reader) when nothing there reaches the threshold or the
 * region is already a lesion.
 */
export function addLesionAt(review: Review, pet: Volume, lps: Vec3): Review {
  const [nx, ny, nz] = pet.dims;
  const centre = lpsToIjk(pet, lps).map(Math.round) as [number, number, number];
  const reach = pet.spacingMm.map((s) => Math.ceil(SEED_SEARCH_RADIUS_MM / s)) as [number, number, number];
  let seed = -1;
  let seedSuv = Number.NEGATIVE_INFINITY;
  for (let k = centre[2] - reach[2]; k <= centre[2] + reach[2]; k++)
    for (let j = centre[1] - reach[1]; j <= centre[1] + reach[1]; j++)
      for (let i = centre[0] - reach[0]; i <= centre[0] + reach[0]; i++) {
        if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) continue;
        const d = [
          (i - centre[0]) * pet.spacingMm[0],
          (j - centre[1]) * pet.spacingMm[1],
          (k - centre[2]) * pet.spacingMm[2],
        ];
        if (Math.hypot(d[0] as number, d[1] as number, d[2] as number) > SEED_SEARCH_RADIUS_MM) continue;
        const index = i + nx * (j + ny * k);
        const value = pet.data[index] as number;
        if (value > seedSuv) [seed, seedSuv] = [index, value];
      }
  if (seed < 0 || seedSuv < review.thresholdSuv)
    throw new Error(
      `no voxel of SUV ≥ ${review.thresholdSuv} within ${SEED_SEARCH_RADIUS_MM} mm of ${mm(lps)}` +
        (seed < 0 ? ' (outside the PET)' : ` (highest there ${seedSuv.toFixed(2)})`),
    );
  const existing = review.labels[seed] as number;
  if (existing > 0 && existing < REFERENCE_LABEL_BASE) throw new Error(`that is lesion ${existing} already`);
  const components = labelComponents(pet, thresholdMask(pet, review.thresholdSuv));
  const voxels = voxelsOf(components.regions, components.labels[seed] as number);
  const label = Math.max(0, ...review.lesions.map((l) => l.label)) + 1;
  if (label >= REFERENCE_LABEL_BASE)
    throw new Error(`the viewer shows at most ${REFERENCE_LABEL_BASE - 1} lesions`);
  const labels = review.labels.slice();
  for (const index of voxels) if (labels[index] === 0) labels[index] = label;
  const lesion = asReviewLesion(
    measureLesion(pet, voxels, label, sphereOffsets(pet, PEAK_SPHERE_RADIUS_MM)),
    'reader',
  );
  return {
    ...review,
    labels,
    lesions: [...review.lesions, lesion],
    edits: [
      ...review.edits,
      `lesion ${label} added at ${mm(lesion.centroidMm)} (SUV ≥ ${review.thresholdSuv}, SUVmax ${lesion.suvMax.toFixed(2)}, ${lesion.volumeMl.toFixed(2)} ml)`,
    ],
  };
}

/** Places (or moves) an organ's reference sphere (the imaging room's `organReference`: diameter and statistics). */
export function placeReference(review: Review, pet: Volume, organ: OrganName, lps: Vec3): Review {
  const reference = organReference(pet, { organ, centreLps: lps });
  const others = review.references.filter((r) => r.organ !== organ);
  return {
    ...review,
    references: [...others, reference],
    edits: [
      ...review.edits,
      `${organ} reference at ${mm(lps)}: SUVmean ${reference.meanSuv.toFixed(2)} in ${reference.diameterMm} mm`,
    ],
  };
}

/** Label of an organ's reference sphere in the displayed label map. */
export function referenceLabel(organ: OrganName): number {
  return REFERENCE_LABEL_BASE + ORGAN_NAMES.indexOf(organ);
}

/**
 * What the overlay shows: the lesions' labels, and each reference sphere (voxel centres within its
 * radius, the rule `organReference` measures with) where no lesion is.
 */
export function displayLabels(review: Review, pet: Volume): Int32Array {
  const labels = review.labels.slice();
  const [nx, ny, nz] = pet.dims;
  for (const reference of review.references) {
    const radiusMm = reference.diameterMm / 2;
    const [ci, cj, ck] = lpsToIjk(pet, reference.centreLps);
    const reach = pet.spacingMm.map((s) => Math.ceil(radiusMm / s) + 1);
    const label = referenceLabel(reference.organ);
    for (let k = Math.round(ck) - (reach[2] as number); k <= Math.round(ck) + (reach[2] as number); k++)
      for (let j = Math.round(cj) - (reach[1] as number); j <= Math.round(cj) + (reach[1] as number); j++)
        for (let i = Math.round(ci) - (reach[0] as number); i <= Math.round(ci) + (reach[0] as number); i++) {
          if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) continue;
          const d = Math.hypot(
            (i - ci) * pet.spacingMm[0],
            (j - cj) * pet.spacingMm[1],
            (k - ck) * pet.spacingMm[2],
          );
          const index = i + nx * (j + ny * k);
          if (d <= radiusMm * (1 + 1e-9) && labels[index] === 0) labels[index] = label;
        }
  }
  return labels;
}

/** What a saved review holds that the viewer redraws (the `lesion-review` record's data). */
export interface SavedReviewContent {
  readonly segmentation: { readonly thresholdSuv: number; readonly minVolumeMl: number };
  readonly lesions: readonly {
    readonly origin: 'engine' | 'reader';
    readonly label: number;
    readonly centroidMm: readonly number[];
  }[];
  readonly references: readonly { readonly organ: OrganName; readonly centreLps: readonly number[] }[];
  readonly edits: readonly string[];
}

/**
 * A saved review redrawn on the served PET from the engine's start: the segmentation re-run when the
 * saved threshold or minimum volume differs, the engine's lesions the reader deleted removed again, the
 * reader's lesions added again at their centroids (seeded as at the first click), the references placed
 * again; the edit list is the saved one. Deterministic, so the numbers are the saved ones.
 */
export function restoreReview(start: Review, pet: Volume, saved: SavedReviewContent): Review {
  let review: Review = { ...start, minVolumeMl: saved.segmentation.minVolumeMl };
  if (
    saved.segmentation.thresholdSuv !== start.thresholdSuv ||
    saved.segmentation.minVolumeMl !== start.minVolumeMl
  )
    review = rerunSegmentation(review, pet, saved.segmentation.thresholdSuv);
  const kept = new Set(saved.lesions.filter((l) => l.origin === 'engine').map((l) => l.label));
  for (const lesion of review.lesions)
    if (!kept.has(lesion.label)) review = deleteLesion(review, lesion.label);
  for (const lesion of saved.lesions)
    if (lesion.origin === 'reader') review = addLesionAt(review, pet, lesion.centroidMm as unknown as Vec3);
  for (const reference of saved.references)
    review = placeReference(review, pet, reference.organ, reference.centreLps as unknown as Vec3);
  return { ...review, edits: [...saved.edits] };
}
