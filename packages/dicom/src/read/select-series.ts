import { DicomError } from '../errors.ts';
import type { DicomInstance } from './dicom-instance.ts';

/** One series found in a set of instances, for listings and choices. */
export interface SeriesSummary {
  readonly seriesInstanceUid: string;
  readonly modality: string;
  readonly description: string;
  readonly frameOfReferenceUid: string | undefined;
  readonly imageCount: number;
}

/** Image instances grouped by SeriesInstanceUID, in first-seen order. */
export function groupBySeries(
  instances: readonly DicomInstance[],
): ReadonlyMap<string, readonly DicomInstance[]> {
  const groups = new Map<string, DicomInstance[]>();
  for (const instance of instances) {
    if (instance.image === undefined) continue;
    const group = groups.get(instance.seriesInstanceUid);
    if (group === undefined) groups.set(instance.seriesInstanceUid, [instance]);
    else group.push(instance);
  }
  return groups;
}

function summary(group: readonly DicomInstance[]): SeriesSummary {
  const first = group[0];
  return {
    seriesInstanceUid: first?.seriesInstanceUid ?? '',
    modality: first?.modality ?? '',
    description: first?.seriesDescription ?? '',
    frameOfReferenceUid: first?.frameOfReferenceUid,
    imageCount: group.length,
  };
}

/** Every image series, summarised. */
export function listSeries(instances: readonly DicomInstance[]): readonly SeriesSummary[] {
  return [...groupBySeries(instances).values()].map(summary);
}

function describe(series: SeriesSummary): string {
  const slices = `${series.imageCount} slice${series.imageCount === 1 ? '' : 's'}`;
  return `${series.seriesInstanceUid} '${series.description}' (${slices})`;
}

/** The PET and CT instances chosen from a study, and what the choice had to tolerate. */
export interface SeriesChoice {
  readonly pet: readonly DicomInstance[];
  readonly ct: readonly DicomInstance[] | undefined;
  readonly warnings: readonly string[];
}

/**
 * Picks the PET series (modality PT) and the CT series of the same FrameOfReferenceUID.
 * With several PET series, `seriesInstanceUid` chooses; without it, throws `several-pet-series`
 * listing each (uid, description, slice count). Several matching CTs: the one with most slices,
 * with a warning. Instances repeated in two files (same SOPInstanceUID) are kept once, with a warning.
 */
export function selectPetAndCt(
  instances: readonly DicomInstance[],
  options: { readonly seriesInstanceUid?: string | undefined } = {},
): SeriesChoice {
  const warnings: string[] = [];
  const seen = new Map<string, string>();
  const unique: DicomInstance[] = [];
  for (const instance of instances) {
    const earlier = instance.sopInstanceUid === '' ? undefined : seen.get(instance.sopInstanceUid);
    if (earlier !== undefined) {
      warnings.push(`${instance.fileName} repeats ${earlier} (same SOPInstanceUID); read once`);
      continue;
    }
    seen.set(instance.sopInstanceUid, instance.fileName);
    unique.push(instance);
  }
  const groups = groupBySeries(unique);
  const pets = [...groups.values()].filter((group) => group[0]?.modality === 'PT');
  let pet: readonly DicomInstance[] | undefined;
  if (options.seriesInstanceUid !== undefined) {
    pet = groups.get(options.seriesInstanceUid);
    if (pet === undefined || pet[0]?.modality !== 'PT')
      throw new DicomError(
        'series-not-found',
        `no PET series with SeriesInstanceUID ${options.seriesInstanceUid}; PET series found: ${pets.map((g) => describe(summary(g))).join('; ') || 'none'}`,
        { attribute: 'SeriesInstanceUID' },
      );
  } else if (pets.length === 1) {
    pet = pets[0];
  } else if (pets.length === 0) {
    const found = [...groups.values()].map((g) => `${summary(g).modality || '?'}: ${describe(summary(g))}`);
    throw new DicomError(
      'no-pet-series',
      `no PET (modality PT) image series found${found.length > 0 ? `; series found: ${found.join('; ')}` : ''}`,
      { attribute: 'Modality' },
    );
  } else {
    throw new DicomError(
      'several-pet-series',
      `${pets.length} PET series found, choose one by SeriesInstanceUID (--series <uid>): ${pets.map((g) => describe(summary(g))).join('; ')}`,
      { attribute: 'SeriesInstanceUID' },
    );
  }
  const frame = pet?.[0]?.frameOfReferenceUid;
  const cts = [...groups.values()]
    .filter(
      (group) =>
        group[0]?.modality === 'CT' && frame !== undefined && group[0]?.frameOfReferenceUid === frame,
    )
    .sort((a, b) => b.length - a.length);
  if (cts.length > 1)
    warnings.push(
      `${cts.length} CT series share the PET's frame of reference; using ${describe(summary(cts[0] ?? []))}`,
    );
  return { pet: pet ?? [], ct: cts[0], warnings };
}
