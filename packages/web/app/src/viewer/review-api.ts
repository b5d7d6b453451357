import type { OrganName } from '@cxcr4pet/imaging';
import {
  LESION_REVIEW_SIGNATURE_MEANING,
  type LesionReview,
  type referenceOrganSchema,
} from '@cxcr4pet/study';
import type { z } from 'zod';
import { api } from '../study/api.ts';
import type { Review } from './lesion-review.ts';

// The imaging room's organ names and the study record's must stay the same set.
const _organsMatch: readonly z.infer<typeof referenceOrganSchema>[] = [] as OrganName[];
void _organsMatch;

/** A saved review as the server keeps it (a `lesion-review` study record). */
export interface SavedReview {
  readonly recordId: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly data: LesionReview;
}

export { LESION_REVIEW_SIGNATURE_MEANING };

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/** The record body of a review (what the save routes take: no participant, no signature). */
export function reviewRecord(
  review: Review,
  studyId: string,
): Omit<LesionReview, 'participantId' | 'signature'> {
  return {
    studyId,
    segmentation: { thresholdSuv: review.thresholdSuv, minVolumeMl: review.minVolumeMl },
    lesions: review.lesions.map((l) => ({
      label: l.label,
      origin: l.origin,
      suvMax: l.suvMax,
      suvMean: l.suvMean,
      suvPeak: finiteOrNull(l.suvPeak),
      volumeMl: l.volumeMl,
      centroidMm: [...l.centroidMm],
    })),
    references: review.references.map((r) => ({
      organ: r.organ,
      centreLps: [...r.centreLps],
      diameterMm: r.diameterMm,
      meanSuv: r.meanSuv,
      sdSuv: finiteOrNull(r.sdSuv),
      maxSuv: r.maxSuv,
      peakSuv: finiteOrNull(r.peakSuv),
      volumeMl: r.volumeMl,
    })),
    edits: [...review.edits],
  };
}

const path = (participantId: string) => `/participants/${encodeURIComponent(participantId)}/lesion-reviews`;

/** The latest saved review of this study, if any (the records API, newest version). */
export async function loadSavedReview(
  participantId: string,
  studyId: string,
): Promise<SavedReview | undefined> {
  const { records } = await api<{ records: SavedReview[] }>(
    'GET',
    `/participants/${encodeURIComponent(participantId)}/records?type=lesion-review`,
  );
  return records.filter((r) => r.data.studyId === studyId).at(-1);
}

/** Saves: the first time a new record, then a change of the loaded version with a reason. */
export function saveReview(
  participantId: string,
  studyId: string,
  review: Review,
  saved: SavedReview | undefined,
  reason: string,
): Promise<SavedReview> {
  const data = reviewRecord(review, studyId);
  return saved === undefined
    ? api<SavedReview>('POST', path(participantId), { data })
    : api<SavedReview>('PUT', `${path(participantId)}/${saved.recordId}`, {
        version: saved.version,
        reason,
        data,
      });
}

/** Signs the saved version with the password, stating the meaning of the signature. */
export function signReview(
  participantId: string,
  saved: SavedReview,
  password: string,
): Promise<SavedReview> {
  return api<SavedReview>('POST', `${path(participantId)}/${saved.recordId}/sign`, {
    version: saved.version,
    password,
    meaning: LESION_REVIEW_SIGNATURE_MEANING,
  });
}
