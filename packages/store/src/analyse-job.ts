import type { DbSchema } from '@cxcr4pet/db';
import { type DicomInstance, readDicomInstance } from '@cxcr4pet/dicom';
import type { Kysely, Transaction } from 'kysely';
import { readBlob } from './blob-store.ts';
import { StoreError } from './errors.ts';
import type { Store } from './open-store.ts';
import type { JobHandler } from './worker.ts';

/** The payload of an `analyse-series` job: the PET series and the `analyze` options to run it with. */
export interface AnalyseSeriesPayload {
  readonly seriesInstanceUid: string;
  /** Options exactly as `cxcr4pet analyze` takes them (e.g. `['--segment', 'suv:4']`). */
  readonly arguments: readonly string[];
}

/** What an analysis produced, stored with its provenance. */
export interface SeriesAnalysis {
  /** The parameters as run (at least the arguments; the analyser may add what it resolved). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Which code ran it: software, version, commit. */
  readonly software: Readonly<Record<string, unknown>>;
  /** Every series the result depends on (the PET series, its CT). */
  readonly inputSeriesUids: readonly string[];
  /** The result as `analyze --json` prints it. */
  readonly result: Readonly<Record<string, unknown>>;
}

/**
 * Runs an analysis on the instances of one study. Supplied by whoever runs the worker (the CLI wires
 * `analyze`'s pipeline), so that this room does not import the analysis code.
 */
export type SeriesAnalyser = (
  instances: readonly DicomInstance[],
  request: AnalyseSeriesPayload,
) => Promise<SeriesAnalysis>;

/** An analysis as stored. */
export interface StoredAnalysis extends SeriesAnalysis {
  readonly analysisId: string;
  readonly participantId: string;
  readonly seriesInstanceUid: string;
  readonly jobId: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

function analysePayload(payload: Readonly<Record<string, unknown>>): AnalyseSeriesPayload {
  const { seriesInstanceUid, arguments: args = [] } = payload;
  if (
    typeof seriesInstanceUid !== 'string' ||
    !Array.isArray(args) ||
    args.some((a) => typeof a !== 'string')
  )
    throw new Error('analyse-series job payload needs seriesInstanceUid and arguments (strings)');
  return { seriesInstanceUid, arguments: args as string[] };
}

/**
 * Reads the stored instances of the study holding `seriesInstanceUid` (so that the PET series finds its
 * CT), each checked against its SHA-256. Throws `series-not-found` when the series is not stored.
 */
export async function loadStudyOfSeries(
  store: Store,
  seriesInstanceUid: string,
): Promise<{ readonly participantId: string; readonly instances: readonly DicomInstance[] }> {
  const db = store.db.kysely;
  const series = await db
    .selectFrom('dicom_instance')
    .select(['study_instance_uid', 'participant_id'])
    .where('series_instance_uid', '=', seriesInstanceUid)
    .executeTakeFirst();
  if (series === undefined)
    throw new StoreError('series-not-found', `series ${seriesInstanceUid} is not stored`, seriesInstanceUid);
  const rows = await db
    .selectFrom('dicom_instance')
    .select(['sop_instance_uid', 'sha256', 'source_name'])
    .where('study_instance_uid', '=', series.study_instance_uid)
    .where('participant_id', '=', series.participant_id)
    .orderBy('sop_instance_uid')
    .execute();
  const instances: DicomInstance[] = [];
  for (const row of rows)
    instances.push(readDicomInstance(await readBlob(store.dataDir, row.sha256), row.source_name));
  return { participantId: series.participant_id, instances };
}

/**
 * The `analyse-series` job: loads the series' study from the store, runs `analyse`, and stores the
 * analysis (parameters, software, input series, result) and the job's success in one transaction.
 */
export function analyseSeriesJob(analyse: SeriesAnalyser): JobHandler {
  return async (context) => {
    const request = analysePayload(context.job.payload);
    context.progress('loading', 0, 1);
    const { participantId, instances } = await loadStudyOfSeries(context.store, request.seriesInstanceUid);
    context.progress('analysing', 0, 1);
    const analysis = await analyse(instances, request);
    context.progress('analysing', 1, 1);
    await context.complete((trx) =>
      insertAnalysis(trx, analysis, {
        participantId,
        seriesInstanceUid: request.seriesInstanceUid,
        jobId: context.job.jobId,
        createdBy: context.job.createdBy,
      }),
    );
  };
}

/** Stores one analysis row (immutable, audited by its trigger) in the job's transaction; returns its id. */
export async function insertAnalysis(
  trx: Transaction<DbSchema>,
  analysis: SeriesAnalysis,
  of: {
    readonly participantId: string;
    readonly seriesInstanceUid: string;
    readonly jobId: string;
    readonly createdBy: string;
  },
): Promise<{ readonly analysisId: string }> {
  const row = await trx
    .insertInto('analysis')
    .values({
      participant_id: of.participantId,
      series_instance_uid: of.seriesInstanceUid,
      input_series_uids: JSON.stringify(analysis.inputSeriesUids),
      parameters: JSON.stringify(analysis.parameters),
      software: JSON.stringify(analysis.software),
      result: JSON.stringify(analysis.result),
      job_id: of.jobId,
      created_by: of.createdBy,
    })
    .returning('analysis_id')
    .executeTakeFirstOrThrow();
  return { analysisId: row.analysis_id };
}

/** Stored analyses, oldest first, optionally of one series. */
export async function listAnalyses(
  db: Kysely<DbSchema>,
  filter: { readonly seriesInstanceUid?: string } = {},
): Promise<readonly StoredAnalysis[]> {
  let query = db.selectFrom('analysis').selectAll();
  if (filter.seriesInstanceUid !== undefined)
    query = query.where('series_instance_uid', '=', filter.seriesInstanceUid);
  const rows = await query.orderBy('created_at').orderBy('analysis_id').execute();
  return rows.map((r) => ({
    analysisId: r.analysis_id,
    participantId: r.participant_id,
    seriesInstanceUid: r.series_instance_uid,
    inputSeriesUids: r.input_series_uids as string[],
    parameters: r.parameters as Record<string, unknown>,
    software: r.software as Record<string, unknown>,
    result: r.result as Record<string, unknown>,
    jobId: r.job_id,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
  }));
}
