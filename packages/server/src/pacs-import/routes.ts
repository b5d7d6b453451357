import { listPacsNodes } from '@cxcr4pet/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf, participantOf } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { queueJob, requireStore } from '../routes/imaging.ts';
import { participantParams } from '../routes/participants.ts';
import { openPacsSource } from './import-job.ts';
import { analysisOf } from './send-job.ts';

const nodeIdField = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'a PACS node id');
const uidField = z
  .string()
  .trim()
  .regex(/^[0-9]+(\.[0-9]+)*$/, 'a DICOM UID (digits and dots)')
  .max(64);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
/** Letters of a DICOM code string (CS): a modality such as PT, CT, SEG. */
const modalityField = z.string().regex(/^[A-Z0-9 _]{1,16}$/, 'a DICOM modality such as PT or CT');

/** `YYYY-MM-DD` … `YYYY-MM-DD` as a DICOM date range (`YYYYMMDD-YYYYMMDD`; open ends allowed). */
function dicomDateRange(from: string | undefined, to: string | undefined): string | undefined {
  if (from === undefined && to === undefined) return undefined;
  const d = (iso: string | undefined) => (iso ?? '').replaceAll('-', '');
  if (from !== undefined && to !== undefined && from > to)
    throw new ApiError(
      400,
      'invalid-request',
      `query field 'dateFrom': ${from} is after dateTo ${to}`,
      'dateFrom',
    );
  return from === to ? d(from) : `${d(from)}-${d(to)}`;
}

/**
 * Configured PACS nodes as the source of imports (site staff and admins, for a participant of their
 * sites): which nodes there are, a study search on one (QIDO-RS or C-FIND), a study's series (with
 * what the participant already has of each), and an `import-pacs` job for chosen series. Secrets stay
 * on the server; each call opens the node's sealed secret with the server's key.
 */
export function pacsImportRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const store = requireStore(context);
  const db = store.db.kysely;
  return async (app) => {
    app.get(
      '/pacs/nodes',
      {
        schema: {
          tags: ['pacs'],
          summary: 'The active PACS nodes one may import from (id, name, protocol; no settings or secrets)',
        },
        config: { operation: 'pacs.nodes' },
      },
      async () => ({
        nodes: (await listPacsNodes(db))
          .filter((node) => node.active)
          .map((node) => ({
            nodeId: node.nodeId,
            name: node.name,
            protocol: node.dicomWebUrl !== undefined ? ('dicomweb' as const) : ('dimse' as const),
          })),
      }),
    );

    app.get(
      '/participants/:participantId/pacs/:nodeId/studies',
      {
        schema: {
          tags: ['pacs'],
          summary:
            'Search a PACS node for studies (QIDO-RS or C-FIND) by patient ID, date range and modality',
          params: participantParams.extend({ nodeId: nodeIdField }),
          querystring: z.object({
            patientId: z.string().trim().min(1).max(64).optional(),
            dateFrom: isoDate.optional(),
            dateTo: isoDate.optional(),
            modality: modalityField.optional(),
          }),
        },
        config: { operation: 'pacs.search' },
      },
      async (request) => {
        const { patientId, dateFrom, dateTo, modality } = request.query;
        if (patientId === undefined && dateFrom === undefined && dateTo === undefined)
          throw new ApiError(
            400,
            'invalid-request',
            "query field 'patientId': give a patient ID or a date range (a search of the whole PACS is refused)",
            'patientId',
          );
        const source = await openPacsSource(store, request.params.nodeId, context.secretKey);
        const studies = await source.searchStudies({
          patientId,
          studyDate: dicomDateRange(dateFrom, dateTo),
          modality,
        });
        return { nodeId: source.nodeId, protocol: source.protocol, studies };
      },
    );

    app.get(
      '/participants/:participantId/pacs/:nodeId/studies/:studyInstanceUid/series',
      {
        schema: {
          tags: ['pacs'],
          summary:
            "A study's series on a PACS node, with how many instances of each this participant has stored",
          params: participantParams.extend({ nodeId: nodeIdField, studyInstanceUid: uidField }),
        },
        config: { operation: 'pacs.search' },
      },
      async (request) => {
        const participant = participantOf(request);
        const source = await openPacsSource(store, request.params.nodeId, context.secretKey);
        const series = await source.searchSeries(request.params.studyInstanceUid);
        const counts = new Map<string, number>();
        if (series.length > 0) {
          const rows = await db
            .selectFrom('dicom_instance')
            .select((eb) => ['series_instance_uid', eb.fn.countAll<string | number>().as('n')])
            .where('participant_id', '=', participant.participantId)
            .where(
              'series_instance_uid',
              'in',
              series.map((s) => s.seriesInstanceUid),
            )
            .groupBy('series_instance_uid')
            .execute();
          for (const row of rows) counts.set(row.series_instance_uid, Number(row.n));
        }
        return {
          nodeId: source.nodeId,
          studyInstanceUid: request.params.studyInstanceUid,
          series: series.map((s) => ({
            ...s,
            instanceCount: s.instanceCount ?? null,
            storedInstances: counts.get(s.seriesInstanceUid) ?? 0,
          })),
        };
      },
    );

    app.post(
      '/participants/:participantId/pacs-imports',
      {
        schema: {
          tags: ['pacs'],
          summary:
            'Queue an import of chosen series from a PACS node into this participant (an import-pacs job)',
          description:
            'Idempotent by SOP Instance UID: instances already stored are not fetched again. The job retrieves ' +
            'over WADO-RS (DICOMweb nodes) or C-GET (DIMSE nodes); progress at /api/jobs/<id>/events.',
          params: participantParams,
          body: z.object({
            nodeId: nodeIdField,
            series: z
              .array(z.object({ studyInstanceUid: uidField, seriesInstanceUid: uidField }))
              .min(1)
              .max(100),
          }),
        },
        config: { operation: 'pacs.import' },
      },
      async (request, reply) => {
        const participant = participantOf(request);
        const { user } = accessOf(request);
        const { nodeId, series } = request.body;
        // The node must exist and be usable now (its secret opens): a typo fails here, not in the worker.
        await openPacsSource(store, nodeId, context.secretKey);
        const job = await queueJob(store, user.userId, {
          kind: 'import-pacs',
          payload: { nodeId, participantId: participant.participantId, series },
          participantId: participant.participantId,
        });
        return reply.code(202).send(job);
      },
    );

    app.post(
      '/participants/:participantId/pacs-sends',
      {
        schema: {
          tags: ['pacs'],
          summary:
            "Queue sending a stored analysis's results (DICOM SEG + SR) to a PACS node (a send-pacs job)",
          description:
            'The worker makes the SEG and SR again from the stored images (refusing when the analysis no longer ' +
            'reproduces) and sends them by STOW-RS (DICOMweb nodes) or C-STORE (DIMSE nodes).',
          params: participantParams,
          body: z.object({ nodeId: nodeIdField, analysisId: z.string().trim().min(1).max(64) }),
        },
        config: { operation: 'pacs.send' },
      },
      async (request, reply) => {
        const participant = participantOf(request);
        const { user } = accessOf(request);
        const { nodeId, analysisId } = request.body;
        await analysisOf(store, participant.participantId, analysisId);
        await openPacsSource(store, nodeId, context.secretKey);
        const job = await queueJob(store, user.userId, {
          kind: 'send-pacs',
          payload: { nodeId, participantId: participant.participantId, analysisId },
          participantId: participant.participantId,
        });
        return reply.code(202).send(job);
      },
    );
  };
}
