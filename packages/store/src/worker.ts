import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type DbSchema, withChange } from '@cxcr4pet/db';
import type { Transaction } from 'kysely';
import { StoreError } from './errors.ts';
import {
  claimJob,
  failJob,
  finishJob,
  getJob,
  type Job,
  type JobKind,
  recordProgress,
  renewLease,
} from './jobs.ts';
import type { Store } from './open-store.ts';

/** What a job handler gets: its job, the store, progress reporting and the one commit of its effects. */
export interface JobContext {
  readonly job: Job;
  readonly store: Store;
  readonly workerId: string;
  /**
   * Aborted when this worker no longer holds the job (cancelled by a user, or its lease taken over):
   * its commit would be refused, so a long handler may stop early. `progress` throws once it is aborted.
   */
  readonly signal: AbortSignal;
  /** Records progress in the job row (at most every 250 ms within a phase; a new phase or the last step always) and passes it to the worker's `onProgress`. */
  progress(phase: string, done: number, total: number): void;
  /**
   * Runs `work` in one audited transaction (actor: who queued the job) that also marks the job
   * succeeded with the result `work` returns; nothing of it is visible unless all of it commits.
   */
  complete(work: (trx: Transaction<DbSchema>) => Promise<Readonly<Record<string, unknown>>>): Promise<void>;
}

export type JobHandler = (context: JobContext) => Promise<void>;
export type JobHandlers = Partial<Readonly<Record<JobKind, JobHandler>>>;

export interface WorkerOptions {
  /** Defaults to `<host>:<pid>:<random>`. */
  readonly workerId?: string;
  /** How long a claimed job stays this worker's without a heartbeat (default 30 s; renewed every third). */
  readonly leaseMs?: number;
  /** Called on each progress report (for the CLI's stderr line). */
  readonly onProgress?: (job: Job, phase: string, done: number, total: number) => void;
}

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

const DEFAULT_LEASE_MS = 30_000;
const PROGRESS_EVERY_MS = 250;

/** One line for a job's error column: the message and the error's code when it has one. */
function reasonOf(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  const code =
    error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` [${error.code}]` : '';
  return `${message}${code}`;
}

/**
 * Runs one claimed job with its handler, renewing the lease while it runs. A handler's error marks the
 * job failed with a one-line reason (bad input does not get better by retrying; a crash is retried by
 * the lease instead). Returns the job as it ended.
 */
export async function runJob(
  store: Store,
  job: Job,
  handlers: JobHandlers,
  options: WorkerOptions & { readonly workerId: string },
): Promise<Job> {
  const db = store.db.kysely;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const handler = handlers[job.kind];
  if (handler === undefined) {
    await failJob(db, job.jobId, options.workerId, `this worker has no handler for ${job.kind} jobs`);
    return getJob(db, job.jobId);
  }
  let lastWrite = 0;
  let lastPhase = '';
  let pending: Promise<void> = Promise.resolve();
  const lost = new AbortController();
  const stillHeld = (held: boolean): void => {
    if (!held) lost.abort();
  };
  const heartbeat = setInterval(() => {
    pending = pending.then(() => renewLease(db, job.jobId, options.workerId, leaseMs).then(stillHeld));
  }, leaseMs / 3);
  heartbeat.unref();
  const context: JobContext = {
    job,
    store,
    workerId: options.workerId,
    signal: lost.signal,
    progress(phase, done, total) {
      if (lost.signal.aborted)
        throw new StoreError(
          'lease-lost',
          `job ${job.jobId} was cancelled or taken over; stopping`,
          job.jobId,
        );
      options.onProgress?.(job, phase, done, total);
      const now = Date.now();
      if (now - lastWrite < PROGRESS_EVERY_MS && done !== total && phase === lastPhase) return;
      lastWrite = now;
      lastPhase = phase;
      pending = pending.then(() =>
        recordProgress(db, job.jobId, options.workerId, { phase, done, total }).then(stillHeld),
      );
    },
    async complete(work) {
      await pending;
      await withChange(db, { actor: job.createdBy }, async (trx) => {
        const result = await work(trx);
        await finishJob(trx, job.jobId, options.workerId, result);
      });
    },
  };
  try {
    await handler(context);
    await pending;
  } catch (error) {
    await pending.catch(() => undefined);
    if (!(error instanceof StoreError && error.code === 'lease-lost'))
      await failJob(db, job.jobId, options.workerId, reasonOf(error));
  } finally {
    clearInterval(heartbeat);
  }
  return getJob(db, job.jobId);
}

/**
 * A worker: claims queued jobs one at a time and runs them until `signal` aborts (or, with `drain`,
 * until the queue is empty). Several workers — processes, machines — may share one PostgreSQL queue.
 * Returns the jobs it ran.
 */
export async function runWorker(
  store: Store,
  handlers: JobHandlers,
  options: WorkerOptions & {
    readonly signal?: AbortSignal;
    readonly drain?: boolean;
    readonly pollMs?: number;
    readonly onJobDone?: (job: Job) => void;
  } = {},
): Promise<readonly Job[]> {
  const workerId = options.workerId ?? newWorkerId();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const ran: Job[] = [];
  while (options.signal?.aborted !== true) {
    const job = await claimJob(store.db.kysely, workerId, { leaseMs });
    if (job === undefined) {
      if (options.drain === true) break;
      await sleep(options.pollMs ?? 1000, options.signal);
      continue;
    }
    const done = await runJob(store, job, handlers, { ...options, workerId, leaseMs });
    ran.push(done);
    options.onJobDone?.(done);
  }
  return ran;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
