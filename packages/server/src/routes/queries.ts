import { advanceQuery, listQueries, participantSite, raiseQuery } from '@cxcr4pet/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf, participantOf } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { reasonField, versionField } from './common.ts';
import { participantParams } from './participants.ts';

const queryParams = z.object({ queryId: z.string().trim().min(1).max(64) });

/**
 * EDC data queries: a monitor raises one on a field of a participant's data, site staff answer it, the
 * monitor closes it. Every step is a new audited version; open or answered queries block the data lock.
 */
export function queryRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.db.kysely;
  return async (app) => {
    app.get(
      '/queries',
      {
        schema: {
          tags: ['queries'],
          summary: 'Data queries of your sites, newest first',
          querystring: z.object({
            status: z.enum(['open', 'answered', 'closed']).optional(),
            participantId: z.string().trim().min(1).max(64).optional(),
          }),
        },
        config: { operation: 'queries.list' },
      },
      async (request) => {
        const { user } = accessOf(request);
        const { status, participantId } = request.query;
        if (participantId !== undefined) {
          const found = await participantSite(db, participantId);
          if (found === undefined || !user.siteIds.includes(found.siteId)) {
            throw new ApiError(
              404,
              'not-found',
              `participant '${participantId}' does not exist at your sites`,
              'participantId',
            );
          }
        }
        const queries = await listQueries(db, {
          siteIds: user.siteIds,
          ...(status === undefined ? {} : { status }),
          ...(participantId === undefined ? {} : { participantId }),
        });
        return { queries };
      },
    );

    app.post(
      '/participants/:participantId/queries',
      {
        schema: {
          tags: ['queries'],
          summary: 'Raise a data query on a field (monitor)',
          params: participantParams,
          body: z.object({
            recordId: z.string().trim().min(1).max(64).optional(),
            field: z.string().trim().min(1).max(200),
            question: z.string().trim().min(1).max(2000),
          }),
        },
        config: { operation: 'queries.raise' },
      },
      async (request, reply) => {
        const { recordId, field, question } = request.body;
        const query = await raiseQuery(
          db,
          { actor: accessOf(request).user.userId },
          {
            participantId: participantOf(request).participantId,
            field,
            question,
            ...(recordId === undefined ? {} : { recordId }),
          },
        );
        return reply.code(201).send(query);
      },
    );

    app.post(
      '/queries/:queryId/answer',
      {
        schema: {
          tags: ['queries'],
          summary: 'Answer a data query (site staff)',
          params: queryParams,
          body: z.object({ version: versionField, answer: reasonField }),
        },
        config: { operation: 'queries.answer' },
      },
      async (request) => {
        const { version, answer } = request.body;
        const actor = accessOf(request).user.userId;
        return advanceQuery(db, { actor, reason: answer }, request.params.queryId, version, {
          kind: 'answer',
          answer,
        });
      },
    );

    app.post(
      '/queries/:queryId/close',
      {
        schema: {
          tags: ['queries'],
          summary: 'Close a data query (monitor)',
          params: queryParams,
          body: z.object({ version: versionField, note: reasonField.optional() }),
        },
        config: { operation: 'queries.close' },
      },
      async (request) => {
        const { version, note } = request.body;
        const actor = accessOf(request).user.userId;
        return advanceQuery(
          db,
          { actor, reason: note ?? 'query closed by the monitor' },
          request.params.queryId,
          version,
          {
            kind: 'close',
          },
        );
      },
    );
  };
}
