import type { DicomInstance } from '@cxcr4pet/dicom';
import { insertAnalysis, loadStudyOfSeries, type SeriesAnalysis } from './analyse-job.ts';
import { StoreError } from './errors.ts';
import type { JobHandler } from './worker.ts';

/**
 * The payload of a `compare-series` job: two PET series of one participant (A = `seriesInstanceUid`,
 * B = `otherSeriesInstanceUid`) and the options `cxcr4pet compare` takes for them.
 */
export interface CompareSeriesPayload {
  readonly seriesInstanceUid: string;
  readonly otherSeriesInstanceUid: string;
  /** Options exactly as `cxcr4pet compare` takes them, without the two folders. */
  readonly arguments: readonly string[];
}

/** Compares the stored studies of two PET series; supplied by the caller (the CLI wires `compare`). */
export type SeriesComparer = (
  a: readonly DicomInstance[],
  b: readonly DicomInstance[],
  request: CompareSeriesPayload,
) => Promise<SeriesAnalysis>;

function comparePayload(payload: Readonly<Record<string, unknown>>): CompareSeriesPayload {
  const { seriesInstanceUid, otherSeriesInstanceUid, arguments: args = [] } = payload;
  if (
    typeof seriesInstanceUid !== 'string' ||
    typeof otherSeriesInstanceUid !== 'string' ||
    !Array.isArray(args) ||
    args.some((a) => typeof a !== 'string')
  )
    throw new Error(
      'compare-series job payload needs seriesInstanceUid, otherSeriesInstanceUid and arguments (strings)',
    );
  return { seriesInstanceUid, otherSeriesInstanceUid, arguments: args as string[] };
}

/**
 * The `compare-series` job: loads both series' studies from the store (they must belong to one
 * participant), runs `compare`, and stores the result as an analysis of series A — its
 * `inputSeriesUids` name both studies' series — together with the job's success in one transaction.
 */
export function compareSeriesJob(compare: SeriesComparer): JobHandler {
  return async (context) => {
    const request = comparePayload(context.job.payload);
    context.progress('loading', 0, 2);
    const a = await loadStudyOfSeries(context.store, request.seriesInstanceUid);
    context.progress('loading', 1, 2);
    const b = await loadStudyOfSeries(context.store, request.otherSeriesInstanceUid);
    if (a.participantId !== b.participantId)
      throw new StoreError(
        'participant-conflict',
        `series ${request.seriesInstanceUid} belongs to ${a.participantId} and ${request.otherSeriesInstanceUid} to ${b.participantId}: compare pairs the studies of one participant`,
        request.otherSeriesInstanceUid,
      );
    context.progress('comparing', 0, 1);
    const analysis = await compare(a.instances, b.instances, request);
    context.progress('comparing', 1, 1);
    await context.complete((trx) =>
      insertAnalysis(trx, analysis, {
        participantId: a.participantId,
        seriesInstanceUid: request.seriesInstanceUid,
        jobId: context.job.jobId,
        createdBy: context.job.createdBy,
      }),
    );
  };
}
