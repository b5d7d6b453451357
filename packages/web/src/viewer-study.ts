import type { Vec3 } from '@cxcr4pet/volume';

/**
 * What the viewer opens (schema `cxcr4pet-viewer-study/1`), served as `GET /studies/<id>/viewer.json`:
 * the ids of its volumes (each served as `/volumes/<id>/meta.json` + `/volumes/<id>/data.f32`, format
 * `cxcr4pet-volume/1` in `@cxcr4pet/volume`) and the engine's lesions, whose labels are the values of
 * the lesion label volume. Pure data: the server writes it from a stored analysis, the browser reads it.
 */
export const VIEWER_STUDY_SCHEMA = 'cxcr4pet-viewer-study/1';

export interface ViewerLesion {
  /** Its value in the lesion label volume (1..n, by descending SUVmax as `findLesions` numbers them). */
  readonly label: number;
  readonly suvMax: number;
  readonly suvMean: number;
  readonly suvPeak: number;
  readonly volumeMl: number;
  /** Centroid, patient LPS mm. */
  readonly centroidMm: Vec3;
}

export interface ViewerStudy {
  readonly schema: typeof VIEWER_STUDY_SCHEMA;
  readonly id: string;
  /** Shown in the title bar (tracer, participant code). */
  readonly title: string;
  /** The participant (study code) whose PET/CT this is, when the study server knows it: reviews are saved there. */
  readonly participantId?: string;
  /** CT in HU. */
  readonly ctVolumeId: string;
  /** PET in SUVbw. */
  readonly petVolumeId: string;
  /** Lesion labels on the PET grid (0 = none), or null when no analysis has run. */
  readonly lesionVolumeId: string | null;
  /** How the lesions were found, e.g. `suv:4` (shown above the table). */
  readonly segmentation: string;
  /**
   * The fixed SUV threshold and minimum volume (ml) of that segmentation, when it was a fixed threshold:
   * the reader's added lesions and re-runs start from them.
   */
  readonly thresholdSuv?: number;
  readonly minVolumeMl?: number;
  readonly lesions: readonly ViewerLesion[];
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** True for ids that are safe as one URL path segment and one folder name. */
export function isViewerId(id: unknown): id is string {
  return typeof id === 'string' && id.length <= 128 && ID.test(id);
}

/** Checks a parsed viewer.json (`source` names it in errors); throws an Error naming the field. */
export function parseViewerStudy(json: unknown, source: string): ViewerStudy {
  const fail = (field: string, why: string): never => {
    throw new Error(`${source}: field '${field}' ${why}`);
  };
  if (typeof json !== 'object' || json === null) throw new Error(`${source}: not a JSON object`);
  const s = json as Record<string, unknown>;
  if (s.schema !== VIEWER_STUDY_SCHEMA) fail('schema', `must be '${VIEWER_STUDY_SCHEMA}'`);
  for (const key of ['id', 'ctVolumeId', 'petVolumeId'] as const)
    if (!isViewerId(s[key])) fail(key, 'must be an id of letters, digits, dot, dash or underscore');
  if (s.lesionVolumeId !== null && !isViewerId(s.lesionVolumeId))
    fail('lesionVolumeId', 'must be an id or null');
  if (typeof s.title !== 'string') fail('title', 'must be a string');
  if (
    s.participantId !== undefined &&
    !(typeof s.participantId === 'string' && s.participantId.trim() !== '')
  )
    fail('participantId', 'must be a study code when present');
  if (typeof s.segmentation !== 'string') fail('segmentation', 'must be a string');
  for (const key of ['thresholdSuv', 'minVolumeMl'] as const)
    if (s[key] !== undefined && !(typeof s[key] === 'number' && Number.isFinite(s[key]) && s[key] >= 0))
      fail(key, 'must be a number ≥ 0 when present');
  if (!Array.isArray(s.lesions)) fail('lesions', 'must be an array');
  (s.lesions as unknown[]).forEach((lesion, n) => {
    const l = lesion as Record<string, unknown>;
    for (const key of ['label', 'suvMax', 'suvMean', 'suvPeak', 'volumeMl'])
      if (typeof l?.[key] !== 'number' || !Number.isFinite(l[key]))
        fail(`lesions[${n}].${key}`, 'must be a number');
    const c = l.centroidMm;
    if (!Array.isArray(c) || c.length !== 3 || !c.every((v) => typeof v === 'number' && Number.isFinite(v)))
      fail(`lesions[${n}].centroidMm`, 'must be 3 numbers');
  });
  return json as ViewerStudy;
}
