import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { recordActivity, withChange } from '@cxcr4pet/db';
import {
  enqueueJob,
  getJob,
  importFolder,
  type Job,
  type JobKind,
  newTempFolder,
  type Store,
} from '@cxcr4pet/store';
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf, participantOf } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { participantParams } from './participants.ts';

const uidField = z
  .string()
  .trim()
  .regex(/^[0-9]+(\.[0-9]+)*$/, 'a DICOM UID (digits and dots)')
  .max(64);

/** A file name safe to create in the upload folder: the last path segment, no control characters. */
function safeName(given: string | undefined, index: number, taken: Set<string>): string {
  const base =
    basename((given ?? '').replace(/\\/g, '/'))
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      .replace(/[\u0000-\u001f/]/g, '_')
      .trim() || `upload-${index}.dcm`;
  let name = base === '.' || base === '..' ? `upload-${index}.dcm` : base;
  for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
  taken.add(name);
  return name;
}

/** Writes `stream` to `path`, refusing (413, naming the file) once it passes `limitBytes`. */
async function receiveFile(stream: Readable, path: string, name: string, limitBytes: number): Promise<void> {
  let received = 0;
  await pipeline(
    stream,
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        received += chunk.length;
        if (received > limitBytes)
          throw new ApiError(413, 'too-large', `file '${name}' is larger than ${limitBytes} bytes`, 'file');
        yield chunk;
      }
    },
    createWriteStream(path, { flags: 'wx' }),
  );
}

/** The file name of an `application/dicom` body: `Content-Disposition: …; filename="…"`, if sent. */
function dispositionName(request: FastifyRequest): string | undefined {
  const header = request.headers['content-disposition'];
  const match = typeof header === 'string' ? /filename="?([^";]+)"?/i.exec(header) : null;
  return match?.[1];
}

/** Fastify's multipart limit errors (too many files, a file too large) as one-line API errors. */
function uploadLimitError(error: unknown, context: ServerContext, current: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new ApiError(
      413,
      'too-large',
      `file '${current}' is larger than ${context.config.uploadFileLimitBytes} bytes`,
      'file',
    );
  if (code === 'FST_FILES_LIMIT')
    return new ApiError(
      413,
      'too-large',
      `an upload holds at most ${context.config.uploadFilesLimit} files`,
      'file',
    );
  return error;
}

/**
 * The upload's request body in the OpenAPI document (the route has no body schema: the body is read as
 * a stream by the handler, not parsed before it). Added by `buildApp`'s swagger `transformObject`.
 */
export const UPLOAD_OPENAPI = {
  path: '/api/participants/{participantId}/dicom',
  requestBody: {
    required: true,
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } } },
        },
      },
      'application/dicom': { schema: { type: 'string', format: 'binary' } },
    },
  },
} as const;

export function requireStore(context: ServerContext): Store {
  if (context.store === undefined) throw new Error('imaging routes need the store');
  return context.store;
}

/**
 * DICOM into the content-addressed store and analyses of stored series:
 * - upload (site staff): `multipart/form-data` with one or more files, or one `application/dicom` body,
 *   streamed to a temporary folder (size-limited), then imported exactly as `cxcr4pet import` imports a
 *   folder — all or nothing: a file that is not DICOM, damaged, or conflicting with a stored instance
 *   stops the upload with its name and the reason, and nothing is indexed;
 * - import from a folder on the server (admins): queued as an `import-folder` job;
 * - the stored series of a participant;
 * - queue an analysis of a stored PET series (`analyse-series` job) with `cxcr4pet analyze`'s options.
 * Queued jobs are audited as `activity` rows (`job.queue`).
 */
export function imagingRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const store = requireStore(context);
  const db = store.db.kysely;
  return async (app) => {
    await app.register(multipart, {
      limits: {
        fileSize: context.config.uploadFileLimitBytes,
        files: context.config.uploadFilesLimit,
        fields: 0,
      },
    });
    // The body stays a stream: the handler writes it to disk with its own size limit.
    app.addContentTypeParser('application/dicom', (_request, payload, done) => done(null, payload));

    app.post(
      '/participants/:participantId/dicom',
      {
        schema: {
          tags: ['imaging'],
          summary:
            'Upload DICOM files (multipart/form-data, or one application/dicom body): all imported or none',
          description:
            'Every file must be DICOM Part 10 of this participant. A file that is not DICOM, is damaged, or whose ' +
            'SOP Instance UID is stored with other bytes or for another participant stops the upload (400/409, ' +
            'the message names the file); nothing is indexed then. Files already stored are counted, not duplicated.',
          params: participantParams,
          consumes: ['multipart/form-data', 'application/dicom'],
        },
        config: { operation: 'dicom.upload' },
      },
      async (request, reply) => {
        const participant = participantOf(request);
        const { user } = accessOf(request);
        const folder = await newTempFolder(store.dataDir, 'upload');
        let result: Readonly<Record<string, unknown>> | undefined;
        const limit = context.config.uploadFileLimitBytes;
        try {
          const names = new Set<string>();
          if (request.isMultipart()) {
            let current = '(first file)';
            try {
              for await (const part of request.files()) {
                current = safeName(part.filename, names.size + 1, names);
                await receiveFile(part.file, join(folder, current), current, limit);
                if (part.file.truncated)
                  throw new ApiError(
                    413,
                    'too-large',
                    `file '${current}' is larger than ${limit} bytes`,
                    'file',
                  );
              }
            } catch (error) {
              throw uploadLimitError(error, context, current);
            }
          } else if (request.body !== undefined && request.headers['content-type'] === 'application/dicom') {
            const name = safeName(dispositionName(request), 1, names);
            await receiveFile(request.body as Readable, join(folder, name), name, limit);
          }
          if (names.size === 0)
            throw new ApiError(
              400,
              'invalid-request',
              'no file: send multipart/form-data with files, or one application/dicom body',
              'file',
            );
          const summary = await importFolder(store, {
            folder,
            participantId: participant.participantId,
            actor: user.userId,
            jobId: null,
            notDicom: 'refuse',
          });
          const { folder: _temporary, ...rest } = summary;
          result = { ...rest, files: names.size };
        } finally {
          await rm(folder, { recursive: true, force: true });
        }
        // Sent after the temporary folder is gone, so that nothing of the upload outlives the response.
        return reply.code(201).send(result);
      },
    );

    app.post(
      '/participants/:participantId/imports',
      {
        schema: {
          tags: ['imaging'],
          summary: 'Queue an import of a folder on the server (admins): an import-folder job',
          params: participantParams,
          body: z.object({
            folder: z.string().trim().min(1).max(4096).refine(isAbsolute, 'an absolute path on the server'),
          }),
        },
        config: { operation: 'dicom.import' },
      },
      async (request, reply) => {
        const participant = participantOf(request);
        const { user } = accessOf(request);
        const { folder } = request.body;
        const info = await stat(folder).catch(() => undefined);
        if (info === undefined || !info.isDirectory())
          throw new ApiError(
            400,
            'invalid-request',
            `body field 'folder': ${folder} is not a folder on the server`,
            'folder',
          );
        const job = await queueJob(store, user.userId, {
          kind: 'import-folder',
          payload: { folder, participantId: participant.participantId },
          participantId: participant.participantId,
        });
        return reply.code(202).send(job);
      },
    );

    app.get(
      '/participants/:participantId/series',
      {
        schema: {
          tags: ['imaging'],
          summary: 'The stored DICOM series of a participant, with their instance counts',
          params: participantParams,
        },
        config: { operation: 'series.list' },
      },
      async (request) => {
        const participant = participantOf(request);
        const rows = await db
          .selectFrom('dicom_instance')
          .select((eb) => [
            'series_instance_uid',
            'study_instance_uid',
            'modality',
            'series_description',
            eb.fn.countAll<string | number>().as('instances'),
            eb.fn.sum<string | number>('size_bytes').as('size_bytes'),
            eb.fn.max('imported_at').as('imported_at'),
          ])
          .where('participant_id', '=', participant.participantId)
          .groupBy(['series_instance_uid', 'study_instance_uid', 'modality', 'series_description'])
          .orderBy('study_instance_uid')
          .orderBy('series_instance_uid')
          .execute();
        return {
          series: rows.map((r) => ({
            seriesInstanceUid: r.series_instance_uid,
            studyInstanceUid: r.study_instance_uid,
            modality: r.modality,
            seriesDescription: r.series_description,
            instances: Number(r.instances),
            sizeBytes: Number(r.size_bytes),
            lastImportedAt: new Date(r.imported_at).toISOString(),
          })),
        };
      },
    );

    app.post(
      '/participants/:participantId/analyses',
      {
        schema: {
          tags: ['imaging'],
          summary: 'Queue an analysis of a stored PET series with the options of cxcr4pet analyze',
          params: participantParams,
          body: z.object({
            seriesInstanceUid: uidField,
            arguments: z.array(z.string().max(500)).max(64).default([]),
          }),
        },
        config: { operation: 'analyses.queue' },
      },
      async (request, reply) => {
        const participant = participantOf(request);
        const { user } = accessOf(request);
        const { seriesInstanceUid, arguments: args } = request.body;
        const stored = await db
          .selectFrom('dicom_instance')
          .select('modality')
          .where('series_instance_uid', '=', seriesInstanceUid)
          .where('participant_id', '=', participant.participantId)
          .executeTakeFirst();
        if (stored === undefined)
          throw new ApiError(
            404,
            'not-found',
            `body field 'seriesInstanceUid': series ${seriesInstanceUid} is not stored for this participant`,
            'seriesInstanceUid',
          );
        if (stored.modality !== 'PT')
          throw new ApiError(
            400,
            'invalid-request',
            `body field 'seriesInstanceUid': series ${seriesInstanceUid} is ${stored.modality}, not PET`,
            'seriesInstanceUid',
          );
        const check = context.checkAnalyseArguments;
        if (check === undefined)
          throw new ApiError(503, 'unavailable', 'this server has no analyser configured');
        try {
          check(args);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new ApiError(400, 'invalid-request', `body field 'arguments': ${reason}`, 'arguments');
        }
        const job = await queueJob(store, user.userId, {
          kind: 'analyse-series',
          payload: { seriesInstanceUid, arguments: args, participantId: participant.participantId },
          participantId: participant.participantId,
        });
        return reply.code(202).send(job);
      },
    );
  };
}

/** Queues a job and records who queued it (`activity` `job.queue`) in one audited transaction. */
export async function queueJob(
  store: Store,
  actor: string,
  job: {
    readonly kind: JobKind;
    readonly payload: Readonly<Record<string, unknown>>;
    readonly participantId: string;
  },
): Promise<Job> {
  const db = store.db.kysely;
  const jobId = await withChange(db, { actor }, async (trx) => {
    const id = await enqueueJob(trx, { ...job, createdBy: actor });
    await recordActivity(
      db,
      { actor },
      {
        action: 'job.queue',
        participantId: job.participantId,
        details: { jobId: id, kind: job.kind, payload: job.payload },
      },
      trx,
    );
    return id;
  });
  return getJob(db, jobId);
}
