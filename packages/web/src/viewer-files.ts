import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type LabelMap,
  type Volume,
  volumeWireBytes,
  volumeWireMeta,
  type WireDataType,
  type WireModality,
  type WireUnit,
  wireFileName,
} from '@cxcr4pet/volume';
import type { ViewerPair } from './viewer-pair.ts';
import { isViewerId, VIEWER_STUDY_SCHEMA, type ViewerLesion, type ViewerStudy } from './viewer-study.ts';

/** A study for the viewer, in memory: volumes and the engine's lesions. */
export interface ViewerStudyInput {
  readonly id: string;
  readonly title: string;
  readonly participantId?: string;
  readonly ctHu: Volume;
  readonly petSuv: Volume;
  /** Lesion labels on the PET grid (lesion n of `lesions` has label `lesions[n].label`). */
  readonly lesionLabels?: LabelMap;
  readonly segmentation: string;
  readonly thresholdSuv?: number;
  readonly minVolumeMl?: number;
  readonly lesions: readonly ViewerLesion[];
  /**
   * `float32` writes every volume as float32 (the format before CT went as int16 and labels as uint8;
   * the benchmark's baseline); default: each in its narrowest exact type.
   */
  readonly wire?: 'float32' | 'narrowest';
}

async function writeVolume(
  dataDir: string,
  id: string,
  volume: Volume,
  modality: WireModality,
  unit: WireUnit,
  dataType?: WireDataType,
) {
  const final = join(dataDir, 'volumes', id);
  const temp = `${final}.tmp-${randomBytes(4).toString('hex')}`;
  await mkdir(temp, { recursive: true });
  const meta = volumeWireMeta(volume, { id, modality, unit }, dataType);
  await writeFile(join(temp, wireFileName(meta)), volumeWireBytes(volume, meta.dataType));
  await writeFile(join(temp, 'meta.json'), `${JSON.stringify(meta)}\n`);
  await rm(final, { recursive: true, force: true });
  await rename(temp, final);
}

/**
 * Writes a study in the layout the viewer reads (`serveStatic` serves it; the server will serve the same
 * paths): `volumes/<study>-ct|pet|lesions/{meta.json,data.f32|i16|u8}` and `studies/<study>/viewer.json`, the
 * latter written last so that a reader never sees a study whose volumes are missing.
 */
export async function writeViewerStudy(dataDir: string, input: ViewerStudyInput): Promise<ViewerStudy> {
  if (!isViewerId(input.id))
    throw new Error(`study id '${input.id}': use letters, digits, dot, dash, underscore`);
  const lesionVolumeId = input.lesionLabels === undefined ? null : `${input.id}-lesions`;
  const study: ViewerStudy = {
    schema: VIEWER_STUDY_SCHEMA,
    id: input.id,
    title: input.title,
    ...(input.participantId === undefined ? {} : { participantId: input.participantId }),
    ctVolumeId: `${input.id}-ct`,
    petVolumeId: `${input.id}-pet`,
    lesionVolumeId,
    segmentation: input.segmentation,
    ...(input.thresholdSuv === undefined ? {} : { thresholdSuv: input.thresholdSuv }),
    ...(input.minVolumeMl === undefined ? {} : { minVolumeMl: input.minVolumeMl }),
    lesions: input.lesions,
  };
  const forced = input.wire === 'float32' ? 'float32' : undefined;
  await writeVolume(dataDir, study.ctVolumeId, input.ctHu, 'CT', 'HU', forced);
  await writeVolume(dataDir, study.petVolumeId, input.petSuv, 'PT', 'SUVbw', forced);
  if (input.lesionLabels !== undefined && lesionVolumeId !== null) {
    const labels: Volume = { ...input.petSuv, data: Float32Array.from(input.lesionLabels) };
    await writeVolume(dataDir, lesionVolumeId, labels, 'SEG', 'label', forced);
  }
  await writeJsonAtomically(join(dataDir, 'studies', input.id), 'viewer.json', study);
  return study;
}

async function writeJsonAtomically(folder: string, name: string, json: unknown): Promise<void> {
  await mkdir(folder, { recursive: true });
  const temp = join(folder, `${name}.tmp-${randomBytes(4).toString('hex')}`);
  await writeFile(temp, `${JSON.stringify(json, null, 1)}\n`);
  await rename(temp, join(folder, name));
}

/**
 * Writes a side-by-side pair as `pairs/<id>/viewer-pair.json` (its two studies are written on their own
 * with `writeViewerStudy`, before it).
 */
export async function writeViewerPair(dataDir: string, pair: ViewerPair): Promise<void> {
  if (!isViewerId(pair.id))
    throw new Error(`pair id '${pair.id}': use letters, digits, dot, dash, underscore`);
  await writeJsonAtomically(join(dataDir, 'pairs', pair.id), 'viewer-pair.json', pair);
}
