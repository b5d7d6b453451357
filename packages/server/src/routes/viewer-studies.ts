import { createHash } from 'node:crypto';
import { buildPetStudy } from '@cxcr4pet/dicom';
import { listAnalyses, loadStudyOfSeries, type Store } from '@cxcr4pet/store';
import {
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
import {
  findingsOf,
  isComparison,
  reproducedLabels,
  type SeriesFindings,
  tracerLabel,
  viewerPairOf,
} from './viewer-findings.ts';

/** The viewer's study format (`cxcr4pet-viewer-study/1`, checked by the web room's `parseViewerStudy`). */
const VIEWER_STUDY_SCHEMA = 'cxcr4pet-viewer-study/1';

/** Bumped when what is built from the same DICOM and analysis changes, so that browsers refetch. */
const BUILD_VERSION = 1;

/** Studies kept built in memory (a 500-slice study is ~170 MB of wire bytes; a pair is two studies). */
const CACHED_STUDIES = 4;

/** `<PET series UID>` or `<PET series UID>_<analysis id>` (see `parseStudyId`). */
const STUDY_ID = '[0-9]+(?:\\.[0-9]+)*(?:_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?';
const studyId = z
  .string()
  .max(101)
  .regex(new RegExp(`^${STUDY_ID}$`), 'a PET series UID, optionally _<analysis id>');
const studyParams = participantParams.extend({ studyId });
const PARTS = ['ct', 'pet', 'lesions'] as const;
const volumeParams = participantParams.extend({
  volumeId: z
    .string()
    .max(109)
    .regex(new RegExp(`^${STUDY_ID}-(ct|pet|lesions)$`), '<study id>-ct|pet|lesions'),
});
const dataParams = volumeParams.extend({ file: z.enum(['data.f32', 'data.i16', 'data.u8']) });
const pairParams = participantParams.extend({ pairId: z.uuid() });

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

/** A study id: `<PET series UID>` (its newest analysis) or `<PET series UID>_<analysis id>` (that one's findings). */
function parseStudyId(studyId: string): { seriesUid: string; analysisId: string | undefined } {
  const [seriesUid = '', analysisId] = studyId.split('_');
  return { seriesUid, analysisId };
}

/** What a study is built from, and its tag: the instances' SHA-256s and the analysis whose findings it shows. */
async function studyTag(
  store: Store,
  participantId: string,
  studyId: string,
): Promise<{ etag: string; seriesUid: string; findings: SeriesFindings | undefined }> {
  const { seriesUid, analysisId } = parseStudyId(studyId);
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
  const analyses = (await listAnalyses(db, analysisId === undefined ? { seriesInstanceUid: seriesUid } : {}))
    .filter((a) => a.participantId === participantId)
    .filter((a) =>
      analysisId === undefined
        ? !isComparison(a) // a comparison is stored under series A but is not this series' own analysis
        : a.analysisId === analysisId && a.inputSeriesUids.includes(seriesUid),
    );
  const analysis = analyses.at(-1);
  if (analysisId !== undefined && analysis === undefined)
    throw new ApiError(404, 'not-found', `no analysis ${analysisId} of PET series ${seriesUid}`);
  const hash = createHash('sha256').update(`v${BUILD_VERSION} ${participantId} ${studyId}\n`);
  for (const row of rows) hash.update(row.sha256);
  hash.update(`\nanalysis ${analysis?.analysisId ?? 'none'}`);
  let findings: SeriesFindings | undefined;
  try {
    findings = analysis === undefined ? undefined : findingsOf(analysis, seriesUid);
  } catch (error) {
    throw new ApiError(500, 'internal', error instanceof Error ? error.message : String(error));
  }
  return { etag: `"${hash.digest('hex').slice(0, 32)}"`, seriesUid, findings };
}

async function buildStudy(
  store: Store,
  participantId: string,
  studyId: string,
  { etag, seriesUid, findings }: Awaited<ReturnType<typeof studyTag>>,
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
  const labels = findings === undefined ? null : reproducedLabels(suv, findings);
  const ids = Object.fromEntries(PARTS.map((p) => [p, `${studyId}-${p}`])) as Record<
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
    id: studyId,
    title: `${participantId} · PET ${seriesUid}${findings === undefined ? ' · no analysis' : ` · analysis ${findings.analysisId}`}`,
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
 * 304), and the last `CACHED_STUDIES` built studies stay in memory. A study id `<UID>_<analysis id>`
 * shows that analysis' findings of the series (its own, or its side of a comparison). The pair viewer's
 * data come from the participant's comparisons: `pairs` lists them, `pairs/<analysis id>/viewer-pair.json`
 * (`cxcr4pet-viewer-pair/1`) names the two sides' studies, the registration and the lesion matching.
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
      id: string,
    ): Promise<BuiltStudy | undefined> => {
      const { participantId } = participantOf(request);
      const tag = await studyTag(store, participantId, id);
      const etag = tag.etag;
      void reply.header('etag', etag).header('cache-control', 'private, no-cache');
      if (request.headers['if-none-match'] === etag) {
        void reply.code(304).send();
        return undefined;
      }
      const key = `${participantId} ${id} ${etag}`;
      let built = cache.get(key);
      if (built === undefined) {
        built = buildStudy(store, participantId, id, tag);
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
    const studyOf = (volumeId: string) => volumeId.replace(/-(ct|pet|lesions)$/, '');
    const config = { operation: 'viewer.read' };

    app.get(
      '/participants/:participantId/viewer/studies/:studyId/viewer.json',
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
        const built = await studyFor(request, reply, request.params.studyId);
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
        const built = await studyFor(request, reply, studyOf(request.params.volumeId));
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
        const built = await studyFor(request, reply, studyOf(request.params.volumeId));
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

    /** The participant's stored comparisons (`compare-series` results), newest first. */
    const comparisons = async (participantId: string) =>
      (await listAnalyses(store.db.kysely))
        .filter((a) => a.participantId === participantId && isComparison(a))
        .reverse();

    app.get(
      '/participants/:participantId/viewer/pairs',
      {
        schema: {
          tags: ['viewer'],
          summary:
            'The participant’s stored comparisons of two PET series that the pair viewer opens, newest first',
          params: participantParams,
        },
        config,
      },
      async (request) => {
        const { participantId } = participantOf(request);
        return {
          pairs: (await comparisons(participantId)).map((a) => {
            const side = (key: 'a' | 'b') => {
              const pet = ((a.result[key] ?? {}) as { pet?: { radiopharmaceutical?: unknown } }).pet;
              return {
                seriesInstanceUid:
                  key === 'a' ? a.seriesInstanceUid : String(a.parameters.otherSeriesInstanceUid),
                label: tracerLabel(pet?.radiopharmaceutical, key.toUpperCase()),
              };
            };
            const perPatient = (a.result.perPatient ?? {}) as Record<string, unknown>;
            return {
              pairId: a.analysisId,
              createdAt: a.createdAt,
              a: side('a'),
              b: side('b'),
              lesionsA: Number(perPatient.lesionsA ?? 0),
              lesionsB: Number(perPatient.lesionsB ?? 0),
              paired: Number(perPatient.paired ?? 0),
            };
          }),
        };
      },
    );

    app.get(
      '/participants/:participantId/viewer/pairs/:pairId/viewer-pair.json',
      {
        schema: {
          tags: ['viewer'],
          summary:
            'The viewer pair (cxcr4pet-viewer-pair/1) of a stored comparison: its two studies, registration and lesion matching',
          params: pairParams,
        },
        config,
      },
      async (request, reply) => {
        const { participantId } = participantOf(request);
        const analysis = (await comparisons(participantId)).find(
          (a) => a.analysisId === request.params.pairId,
        );
        if (analysis === undefined)
          throw new ApiError(
            404,
            'not-found',
            `no comparison ${request.params.pairId} of participant ${participantId}`,
          );
        let pair: Record<string, unknown>;
        try {
          pair = viewerPairOf(analysis, participantId);
        } catch (error) {
          throw new ApiError(500, 'internal', error instanceof Error ? error.message : String(error));
        }
        // A stored analysis never changes: the pair of one id is always the same.
        return reply.header('cache-control', 'private, max-age=3600').send(pair);
      },
    );
  },
};
