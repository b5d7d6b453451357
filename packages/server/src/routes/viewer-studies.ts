import { createHash } from 'node:crypto';
import { buildPetStudy } from '@cxcr4pet/dicom';
import { findLesions, parseSegmentation, type Segmentation } from '@cxcr4pet/imaging';
import { listAnalyses, loadStudyOfSeries, type Store, type StoredAnalysis } from '@cxcr4pet/store';
import {
  type LabelMap,
  type Volume,
  type VolumeWireMeta,
  volumeWireBytes,
  volumeWireMeta,
  type WireModality,
  type WireUnit,
  wireFileName,
} from '@cxcr4pet/volume';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { participantOf } from '../access.ts';
import type { ServerExtension } from '../app.ts';
import { ApiError } from '../errors.ts';
import { participantParams } from './participants.ts';

/** The viewer's study format (`cxcr4pet-viewer-study/1`, checked by the web room's `parseViewerStudy`). */
const VIEWER_STUDY_SCHEMA = 'cxcr4pet-viewer-study/1';

/** Bumped when what is built from the same DICOM and analysis changes, so that browsers refetch. */
const BUILD_VERSION = 1;

/** Studies kept built in memory (a 500-slice study is ~170 MB of wire bytes). */
const CACHED_STUDIES = 2;

const uid = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)*$/, 'a DICOM UID (digits and dots)')
  .max(64);
const studyParams = participantParams.extend({ seriesUid: uid });
const PARTS = ['ct', 'pet', 'lesions'] as const;
const volumeParams = participantParams.extend({
  volumeId: z
    .string()
    .max(80)
    .regex(/^[0-9]+(\.[0-9]+)*-(ct|pet|lesions)$/, '<PET series UID>-ct|pet|lesions'),
});
const dataParams = volumeParams.extend({ file: z.enum(['data.f32', 'data.i16', 'data.u8']) });

interface ServedVolume {
  readonly meta: VolumeWireMeta;
  readonly bytes: Uint8Array;
}

interface BuiltStudy {
  readonly etag: string;
  readonly viewerJson: Record<string, unknown>;
  readonly volumes: ReadonlyMap<string, ServedVolume>;
}

function served(id: string, volume: Volume, modality: WireModality, unit: WireUnit): ServedVolume {
  const meta = volumeWireMeta(volume, { id, modality, unit });
  return { meta, bytes: volumeWireBytes(volume, meta.dataType) };
}

interface StoredLesion {
  readonly label: number;
  readonly suvMax: number;
  readonly suvMean: number;
  readonly suvPeak: number;
  readonly volumeMl: number;
  readonly centroidMm: readonly [number, number, number];
}

/** The lesion table and segmentation of an `analyze --json` result, or a 500 naming what is missing. */
function analysisFindings(analysis: StoredAnalysis): {
  segmentation: Segmentation;
  text: string;
  minVolumeMl: number;
  lesions: readonly StoredLesion[];
} {
  const result = analysis.result as {
    segmentation?: { parameters?: unknown; minVolumeMl?: unknown };
    lesions?: unknown;
  };
  const text = result.segmentation?.parameters;
  const minVolumeMl = result.segmentation?.minVolumeMl;
  if (typeof text !== 'string' || typeof minVolumeMl !== 'number' || !Array.isArray(result.lesions))
    throw new Error(
      `analysis ${analysis.analysisId}: result lacks segmentation.parameters, segmentation.minVolumeMl or lesions`,
    );
  const lesions = (result.lesions as Record<string, unknown>[]).map((l) => ({
    label: Number(l.label),
    suvMax: Number(l.suvMax),
    suvMean: Number(l.suvMean),
    suvPeak: Number(l.suvPeak),
    volumeMl: Number(l.volumeMl),
    centroidMm: l.centroidMm as [number, number, number],
  }));
  return { segmentation: parseSegmentation(text), text, minVolumeMl, lesions };
}

/**
 * The lesion labels of an analysis, found again on the served SUV with its segmentation and minimum
 * volume: kept only when that reproduces the stored lesions (same count, each SUVmax equal to 1e-6
 * relative), else null (an analysis with exclusions or a PERCIST reference is not reproduced from
 * these parameters alone; its table is still served).
 */
function reproducedLabels(suv: Volume, findings: ReturnType<typeof analysisFindings>): LabelMap | null {
  if (findings.segmentation.kind === 'percist') return null;
  const found = findLesions(suv, findings.segmentation, { minVolumeMl: findings.minVolumeMl });
  const same =
    found.lesions.length === findings.lesions.length &&
    found.lesions.every((l, n) => {
      const stored = findings.lesions[n]?.suvMax ?? Number.NaN;
      return Math.abs(l.suvMax - stored) <= 1e-6 * Math.max(1, Math.abs(stored));
    });
  return same ? found.labels : null;
}

/** The tag of what a study is built from: its instances' SHA-256s and the newest analysis. */
async function studyTag(
  store: Store,
  participantId: string,
  seriesUid: string,
): Promise<{ etag: string; analysis: StoredAnalysis | undefined }> {
  const db = store.db.kysely;
  const pet = await db
    .selectFrom('dicom_instance')
    .select(['study_instance_uid', 'modality'])
    .where('series_instance_uid', '=', seriesUid)
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
  if (pet === undefined || pet.modality !== 'PT')
    throw new ApiError(404, 'not-found', `no stored PET series ${seriesUid} of participant ${participantId}`);
  const rows = await db
    .selectFrom('dicom_instance')
    .select('sha256')
    .where('study_instance_uid', '=', pet.study_instance_uid)
    .where('participant_id', '=', participantId)
    .orderBy('sha256')
    .execute();
  const analysis = (await listAnalyses(db, { seriesInstanceUid: seriesUid }))
    .filter((a) => a.participantId === participantId)
    .at(-1);
  const hash = createHash('sha256').update(`v${BUILD_VERSION} ${participantId} ${seriesUid}\n`);
  for (const row of rows) hash.update(row.sha256);
  hash.update(`\nanalysis ${analysis?.analysisId ?? 'none'}`);
  return { etag: `"${hash.digest('hex').slice(0, 32)}"`, analysis };
}

async function buildStudy(
  store: Store,
  participantId: string,
  seriesUid: string,
  etag: string,
  analysis: StoredAnalysis | undefined,
): Promise<BuiltStudy> {
  const { instances } = await loadStudyOfSeries(store, seriesUid);
  const study = await buildPetStudy(instances, { seriesInstanceUid: seriesUid, values: 'bw' });
  if (study.ct === undefined)
    throw new ApiError(
      409,
      'invalid-request',
      `PET series ${seriesUid} has no CT of its frame of reference in the store: the viewer fuses PET and CT`,
    );
  const suv = study.pet.volume;
  const findings = analysis === undefined ? undefined : analysisFindings(analysis);
  const labels = findings === undefined ? null : reproducedLabels(suv, findings);
  const ids = Object.fromEntries(PARTS.map((p) => [p, `${seriesUid}-${p}`])) as Record<
    (typeof PARTS)[number],
    string
  >;
  const volumes = new Map<string, ServedVolume>([
    [ids.ct, served(ids.ct, study.ct, 'CT', 'HU')],
    [ids.pet, served(ids.pet, suv, 'PT', 'SUVbw')],
  ]);
  if (labels !== null)
    volumes.set(
      ids.lesions,
      served(ids.lesions, { ...suv, data: Float32Array.from(labels) }, 'SEG', 'label'),
    );
  const segmentation = findings?.segmentation;
  const viewerJson = {
    schema: VIEWER_STUDY_SCHEMA,
    id: seriesUid,
    title: `${participantId} · PET ${seriesUid}${analysis === undefined ? ' · no analysis' : ` · analysis ${analysis.analysisId}`}`,
    participantId,
    ctVolumeId: ids.ct,
    petVolumeId: ids.pet,
    lesionVolumeId: labels === null ? null : ids.lesions,
    segmentation:
      findings === undefined
        ? 'no analysis'
        : `${findings.text}, ≥ ${findings.minVolumeMl} ml${labels === null ? ' (labels not reproduced)' : ''}`,
    ...(segmentation?.kind === 'suv'
      ? { thresholdSuv: segmentation.thresholdSuv, minVolumeMl: findings?.minVolumeMl }
      : {}),
    lesions: findings?.lesions ?? [],
  };
  return { etag, viewerJson, volumes };
}

/**
 * The viewer's data from the store (an extension, in `WEB_APP_EXTENSIONS`): for a stored PET series of
 * a participant, the layout the viewer reads from a web root under `/api/participants/<id>/viewer`:
 * `studies/<PET series UID>/viewer.json` (`cxcr4pet-viewer-study/1`) and `volumes/<UID>-ct|pet|lesions/`
 * `meta.json` + `data.f32|i16|u8` (`cxcr4pet-volume/1`: SUVbw float32, CT HU int16, labels uint8). The
 * study is built from the stored DICOM as `analyze` reads a folder (PET and the CT of its frame of
 * reference) and the newest analysis of the series (its lesion table; its labels found again with its
 * segmentation). Readers and site staff of the participant's site (and admins) may read it; reads are
 * not audited, as the other read routes are not. Every response carries an ETag of the stored
 * instances and the analysis (`Cache-Control: private, no-cache`: the browser asks again and gets a
 * 304), and the last `CACHED_STUDIES` built studies stay in memory.
 */
export const viewerStudiesExtension: ServerExtension = {
  name: 'viewer-studies',
  policies: {
    'viewer.read': { roles: ['admin', 'investigator', 'coordinator', 'reader'], scope: 'participant' },
  },
  routes: (context) => async (app) => {
    const store = context.store;
    if (store === undefined) return; // without a store (an API-only server) there is nothing to view
    const cache = new Map<string, Promise<BuiltStudy>>();

    /** The built study, or undefined after answering 304 (the browser holds this version). */
    const studyFor = async (
      request: FastifyRequest,
      reply: FastifyReply,
      seriesUid: string,
    ): Promise<BuiltStudy | undefined> => {
      const { participantId } = participantOf(request);
      const { etag, analysis } = await studyTag(store, participantId, seriesUid);
      void reply.header('etag', etag).header('cache-control', 'private, no-cache');
      if (request.headers['if-none-match'] === etag) {
        void reply.code(304).send();
        return undefined;
      }
      const key = `${participantId} ${seriesUid} ${etag}`;
      let built = cache.get(key);
      if (built === undefined) {
        built = buildStudy(store, participantId, seriesUid, etag, analysis);
        built.catch(() => cache.delete(key));
      } else cache.delete(key);
      cache.set(key, built); // most recently used last
      while (cache.size > CACHED_STUDIES) cache.delete(cache.keys().next().value as string);
      return built;
    };
    const volumeOf = (built: BuiltStudy, volumeId: string): ServedVolume => {
      const volume = built.volumes.get(volumeId);
      if (volume === undefined)
        throw new ApiError(404, 'not-found', `volume ${volumeId}: the study's analysis has no lesion labels`);
      return volume;
    };
    const seriesOf = (volumeId: string) => volumeId.replace(/-(ct|pet|lesions)$/, '');
    const config = { operation: 'viewer.read' };

    app.get(
      '/participants/:participantId/viewer/studies/:seriesUid/viewer.json',
      {
        schema: {
          tags: ['viewer'],
          summary:
            'The viewer study (cxcr4pet-viewer-study/1) of a stored PET series and its newest analysis',
          params: studyParams,
        },
        config,
      },
      async (request, reply) => {
        const built = await studyFor(request, reply, request.params.seriesUid);
        return built === undefined ? reply : reply.send(built.viewerJson);
      },
    );

    app.get(
      '/participants/:participantId/viewer/volumes/:volumeId/meta.json',
      {
        schema: {
          tags: ['viewer'],
          summary: 'A volume’s geometry and wire type (cxcr4pet-volume/1)',
          params: volumeParams,
        },
        config,
      },
      async (request, reply) => {
        const built = await studyFor(request, reply, seriesOf(request.params.volumeId));
        return built === undefined ? reply : reply.send(volumeOf(built, request.params.volumeId).meta);
      },
    );

    app.get(
      '/participants/:participantId/viewer/volumes/:volumeId/:file',
      {
        schema: {
          tags: ['viewer'],
          summary: 'A volume’s voxels, raw little-endian in the type its meta.json names',
          params: dataParams,
        },
        config,
      },
      async (request, reply) => {
        const built = await studyFor(request, reply, seriesOf(request.params.volumeId));
        if (built === undefined) return reply;
        const volume = volumeOf(built, request.params.volumeId);
        if (request.params.file !== wireFileName(volume.meta))
          throw new ApiError(
            404,
            'not-found',
            `volume ${request.params.volumeId} is served as ${wireFileName(volume.meta)}`,
          );
        return reply
          .type('application/octet-stream')
          .send(Buffer.from(volume.bytes.buffer, volume.bytes.byteOffset, volume.bytes.byteLength));
      },
    );
  },
};
