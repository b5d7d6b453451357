import type { DbSchema } from '@cxcr4pet/db';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { StoreError } from './errors.ts';

/**
 * A job queue in the study database, hand-written (≈150 lines) rather than graphile-worker or pg-boss:
 * both need a `pg` connection pool and their own schema, so neither runs on PGlite, and neither can
 * mark a job done in the same transaction as the rows the job wrote. Here a job's effect and its
 * `succeeded` state commit together (a crash before the commit leaves neither). Claiming uses
 * `SELECT … FOR UPDATE SKIP LOCKED`, so several worker processes share one PostgreSQL queue without
 * taking the same job. A running job holds a lease its worker renews (heartbeat); a lease that expired
 * means the worker died: the job is queued again, or failed once it used its attempts.
 */

export type JobKind = 'import-folder' | 'import-pacs' | 'send-pacs' | 'analyse-series' | 'compare-series';
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly payload: Readonly<Record<string, unknown>>;
  /** The participant the job is about (imported into, analysed), when known. */
  readonly participantId: string | null;
  readonly state: JobState;
  /** Times a worker started it (a restart after a crash is a new attempt). */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly progress: { readonly phase: string | null; readonly done: number; readonly total: number | null };
  readonly result: unknown;
  readonly error: string | null;
  readonly lockedBy: string | null;
  readonly leaseUntil: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  /** Who cancelled it and why (state `cancelled`). */
  readonly cancelledBy: string | null;
  readonly cancelReason: string | null;
}

type JobRow = Selectable<DbSchema['job']>;

function toJob(row: JobRow): Job {
  return {
    jobId: row.job_id,
    kind: row.kind as JobKind,
    payload: row.payload as Record<string, unknown>,
    participantId: row.participant_id,
    state: row.state as JobState,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    progress: { phase: row.progress_phase, done: row.progress_done, total: row.progress_total },
    result: row.result,
    error: row.error,
    lockedBy: row.locked_by,
    leaseUntil: row.lease_until?.toISOString() ?? null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    cancelledBy: row.cancelled_by,
    cancelReason: row.cancel_reason,
  };
}

/** Adds a job to the queue and returns its id. `createdBy` becomes the actor of what the job writes. */
export async function enqueueJob(
  db: Kysely<DbSchema>,
  job: {
    readonly kind: JobKind;
    readonly payload: Readonly<Record<string, unknown>>;
    readonly createdBy: string;
    readonly maxAttempts?: number;
    /** The participant it is about (defaults to `payload.participantId` when that is a string). */
    readonly participantId?: string;
  },
): Promise<string> {
  const participantId =
    job.participantId ?? (typeof job.payload.participantId === 'string' ? job.payload.participantId : null);
  const row = await db
    .insertInto('job')
    .values({
      kind: job.kind,
      payload: JSON.stringify(job.payload),
      created_by: job.createdBy,
      participant_id: participantId,
      ...(job.maxAttempts === undefined ? {} : { max_attempts: job.maxAttempts }),
    })
    .returning('job_id')
    .executeTakeFirstOrThrow();
  return row.job_id;
}

export async function getJob(db: Kysely<DbSchema> | Transaction<DbSchema>, jobId: string): Promise<Job> {
  const row = await db.selectFrom('job').selectAll().where('job_id', '=', jobId).executeTakeFirst();
  if (row === undefined) throw new StoreError('job-not-found', `job ${jobId} does not exist`, jobId);
  return toJob(row);
}

/** Jobs, oldest first; with `siteIds`, only jobs about participants of those sites. */
export async function listJobs(
  db: Kysely<DbSchema>,
  filter: {
    readonly siteIds?: readonly string[];
    readonly participantId?: string;
    readonly state?: JobState;
    readonly limit?: number;
    readonly offset?: number;
  } = {},
): Promise<readonly Job[]> {
  let query = db.selectFrom('job').selectAll();
  const { siteIds } = filter;
  if (siteIds !== undefined) {
    if (siteIds.length === 0) return [];
    query = query.where('participant_id', 'in', (eb) =>
      eb.selectFrom('participant').select('participant_id').where('site_id', 'in', siteIds),
    );
  }
  if (filter.participantId !== undefined) query = query.where('participant_id', '=', filter.participantId);
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  query = query.orderBy('created_at').orderBy('job_id');
  if (filter.limit !== undefined) query = query.limit(filter.limit).offset(filter.offset ?? 0);
  const rows = await query.execute();
  return rows.map(toJob);
}

/**
 * Cancels a queued or running job: it becomes `cancelled` (with who and why) and is never claimed
 * again. A running job's worker loses its lease: its progress writes stop, its handler is told through
 * `JobContext.signal`, and its commit is refused and rolled back (`lease-lost`), so a cancelled job
 * leaves no effects. A job that already ended is refused (`job-finished`).
 */
export async function cancelJob(
  db: Kysely<DbSchema> | Transaction<DbSchema>,
  jobId: string,
  by: { readonly actor: string; readonly reason: string },
): Promise<Job> {
  const result = await sql<JobRow>`
    update job set state = 'cancelled', finished_at = now(), locked_by = null, lease_until = null,
      cancelled_by = ${by.actor}, cancel_reason = ${by.reason}
    where job_id = ${jobId} and state in ('queued', 'running')
    returning *`.execute(db);
  const row = result.rows[0];
  if (row !== undefined) return toJob(row);
  const job = await getJob(db, jobId);
  throw new StoreError('job-finished', `job ${jobId} already ended (${job.state}); nothing to cancel`, jobId);
}

/**
 * Takes the oldest queued job (or the one named by `jobId`) for `workerId` with a lease of `leaseMs`;
 * undefined when none is free. Expired leases are recovered first.
 */
export async function claimJob(
  db: Kysely<DbSchema>,
  workerId: string,
  options: { readonly leaseMs: number; readonly jobId?: string },
): Promise<Job | undefined> {
  await recoverJobs(db, { allRunning: false });
  const only = options.jobId === undefined ? sql`true` : sql`job_id = ${options.jobId}`;
  const result = await sql<JobRow>`
    with next as (
      select job_id from job where state = 'queued' and ${only}
      order by created_at, job_id limit 1 for update skip locked)
    update job set state = 'running', attempts = job.attempts + 1, locked_by = ${workerId},
      lease_until = now() + make_interval(secs => ${options.leaseMs / 1000}),
      started_at = coalesce(job.started_at, now()), progress_done = 0, progress_phase = null
    from next where job.job_id = next.job_id
    returning job.*`.execute(db);
  const row = result.rows[0];
  return row === undefined ? undefined : toJob(row);
}

/** Extends the lease of a job this worker runs; false when the lease was lost (taken over or finished). */
export async function renewLease(
  db: Kysely<DbSchema>,
  jobId: string,
  workerId: string,
  leaseMs: number,
): Promise<boolean> {
  const result = await sql`
    update job set lease_until = now() + make_interval(secs => ${leaseMs / 1000})
    where job_id = ${jobId} and locked_by = ${workerId} and state = 'running'`.execute(db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/**
 * Records how far a running job has come (shown by `import` and the server's progress events); false
 * when this worker no longer holds the job (cancelled, or taken over after its lease expired).
 */
export async function recordProgress(
  db: Kysely<DbSchema>,
  jobId: string,
  workerId: string,
  progress: { readonly phase: string; readonly done: number; readonly total: number },
): Promise<boolean> {
  const result = await db
    .updateTable('job')
    .set({ progress_phase: progress.phase, progress_done: progress.done, progress_total: progress.total })
    .where('job_id', '=', jobId)
    .where('locked_by', '=', workerId)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Marks the job succeeded inside `trx`, the transaction that writes the job's effects, so that both
 * commit together. Throws `lease-lost` (rolling the effects back) if another worker took the job over.
 */
export async function finishJob(
  trx: Transaction<DbSchema>,
  jobId: string,
  workerId: string,
  result: unknown,
): Promise<void> {
  const updated = await sql`
    update job set state = 'succeeded', result = ${JSON.stringify(result)}::jsonb, finished_at = now(),
      locked_by = null, lease_until = null, error = null
    where job_id = ${jobId} and locked_by = ${workerId} and state = 'running'`.execute(trx);
  if (Number(updated.numAffectedRows ?? 0) !== 1)
    throw new StoreError('lease-lost', `job ${jobId}: worker ${workerId} no longer holds it`, jobId);
}

/** Marks a job this worker runs as failed with a one-line reason (bad input is not retried). */
export async function failJob(
  db: Kysely<DbSchema>,
  jobId: string,
  workerId: string,
  reason: string,
): Promise<void> {
  await sql`
    update job set state = 'failed', error = ${reason}, finished_at = now(), locked_by = null, lease_until = null
    where job_id = ${jobId} and locked_by = ${workerId} and state = 'running'`.execute(db);
}

/**
 * Jobs left `running` by a worker that died: with `allRunning` every running job (right for PGlite,
 * where the caller is the only process), otherwise those whose lease expired. Each is queued again,
 * or failed when it has used `max_attempts` attempts; the reason names the lost worker.
 */
export async function recoverJobs(
  db: Kysely<DbSchema>,
  options: { readonly allRunning: boolean },
): Promise<{ readonly requeued: number; readonly failed: number }> {
  const result = await sql<{ state: string }>`
    update job set
      state = case when attempts >= max_attempts then 'failed' else 'queued' end,
      finished_at = case when attempts >= max_attempts then now() else null end,
      error = 'worker ' || locked_by || ' stopped during attempt ' || attempts || ' of ' || max_attempts
        || case when attempts >= max_attempts then ' (no attempts left)' else ' (queued again)' end,
      locked_by = null, lease_until = null
    where state = 'running' and (${options.allRunning} or lease_until < now())
    returning state`.execute(db);
  const failed = result.rows.filter((r) => r.state === 'failed').length;
  return { requeued: result.rows.length - failed, failed };
}
