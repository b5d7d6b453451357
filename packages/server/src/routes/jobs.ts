import { recordActivity, withChange } from '@cxcr4pet/db';
import { cancelJob, getJob, type Job, listJobs } from '@cxcr4pet/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { pageQuery, reasonField } from './common.ts';
import { requireStore } from './imaging.ts';

const jobParams = z.object({ jobId: z.uuid() });
const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
const ENDED: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);

function jobOf(request: { access: Parameters<typeof accessOf>[0]['access'] }): Job {
  const job = accessOf(request).job;
  if (job === undefined) throw new Error('route has no job: is its scope job?');
  return job;
}

/** What a progress event carries: the job's state and its progress (the whole job once it ended). */
function progressEvent(job: Job): Readonly<Record<string, unknown>> {
  return {
    jobId: job.jobId,
    kind: job.kind,
    state: job.state,
    attempts: job.attempts,
    phase: job.progress.phase,
    done: job.progress.done,
    total: job.progress.total,
    ...(ENDED.has(job.state)
      ? { result: job.result, error: job.error, cancelledBy: job.cancelledBy, cancelReason: job.cancelReason }
      : {}),
  };
}

/**
 * The job queue as users see it: the jobs about participants of their sites (list, one, cancel), and
 * a job's progress as server-sent events. The events are read from the job row, so they follow a job
 * whichever process runs it (`serve`'s in-process worker or `cxcr4pet worker` elsewhere).
 */
export function jobRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const store = requireStore(context);
  const db = store.db.kysely;
  return async (app) => {
    app.get(
      '/jobs',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Jobs about participants of your sites, oldest first',
          querystring: pageQuery.extend({
            state: z.enum(JOB_STATES).optional(),
            participantId: z.string().trim().min(1).max(64).optional(),
          }),
        },
        config: { operation: 'jobs.list' },
      },
      async (request) => {
        const { user } = accessOf(request);
        const { state, participantId, limit, offset } = request.query;
        const jobs = await listJobs(db, {
          siteIds: user.siteIds,
          ...(state === undefined ? {} : { state }),
          ...(participantId === undefined ? {} : { participantId }),
          limit,
          offset,
        });
        return { items: jobs };
      },
    );

    app.get(
      '/jobs/:jobId',
      {
        schema: { tags: ['jobs'], summary: 'One job with its progress and result', params: jobParams },
        config: { operation: 'jobs.read' },
      },
      async (request) => jobOf(request),
    );

    app.post(
      '/jobs/:jobId/cancel',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Cancel a queued or running job (a running one is rolled back); 409 once it ended',
          params: jobParams,
          body: z.object({ reason: reasonField }),
        },
        config: { operation: 'jobs.cancel' },
      },
      async (request) => {
        const { user } = accessOf(request);
        const job = jobOf(request);
        const actor = user.userId;
        return withChange(db, { actor, reason: request.body.reason }, async (trx) => {
          const cancelled = await cancelJob(trx, job.jobId, { actor, reason: request.body.reason });
          await recordActivity(
            db,
            { actor },
            {
              action: 'job.cancel',
              participantId: job.participantId,
              details: {
                jobId: job.jobId,
                kind: job.kind,
                stateBefore: job.state,
                reason: request.body.reason,
              },
            },
            trx,
          );
          return cancelled;
        });
      },
    );

    app.get(
      '/jobs/:jobId/events',
      {
        schema: {
          tags: ['jobs'],
          summary:
            'The job’s progress as server-sent events: `progress` on every change, `end` (with result or error) when it ends',
          params: jobParams,
        },
        config: { operation: 'jobs.events' },
      },
      async (request, reply) => {
        const first = jobOf(request);
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        let open = true;
        raw.on('close', () => {
          open = false;
        });
        let last = '';
        let sentAt = Date.now();
        let id = 0;
        let job = first;
        try {
          while (open) {
            const data = JSON.stringify(progressEvent(job));
            const ended = ENDED.has(job.state);
            if (data !== last) {
              raw.write(`id: ${++id}\nevent: ${ended ? 'end' : 'progress'}\ndata: ${data}\n\n`);
              last = data;
              sentAt = Date.now();
            } else if (Date.now() - sentAt > 15_000) {
              raw.write(': keep-alive\n\n');
              sentAt = Date.now();
            }
            if (ended) break;
            await new Promise((resolve) => setTimeout(resolve, context.config.jobEventsPollMs));
            if (open) job = await getJob(db, first.jobId);
          }
        } catch (error) {
          request.log.error({ err: error }, 'job events failed');
          if (open) raw.write(`event: error\ndata: ${JSON.stringify({ code: 'internal' })}\n\n`);
        } finally {
          raw.end();
        }
      },
    );
  };
}
