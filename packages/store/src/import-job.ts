import {
  type ImportSummary,
  indexInstances,
  partitionAgainstIndex,
  scanDicomFolder,
  seriesOf,
  storeFiles,
} from './import-dicom.ts';
import type { JobHandler } from './worker.ts';

/** The payload of an `import-folder` job: a folder on the worker's machine and the participant it belongs to. */
export interface ImportFolderPayload {
  readonly folder: string;
  readonly participantId: string;
}

function importPayload(payload: Readonly<Record<string, unknown>>): ImportFolderPayload {
  const { folder, participantId } = payload;
  if (typeof folder !== 'string' || typeof participantId !== 'string')
    throw new Error('import-folder job payload needs folder and participantId strings');
  return { folder, participantId };
}

/**
 * Imports a folder of DICOM files for one participant: scan (read, hash, check), copy the new files
 * into the content-addressed store, then index every new instance and mark the job done in one
 * transaction. Idempotent: a second run over the same files adds nothing, so a job interrupted by a
 * crash is simply run again. A crash before the commit leaves the index as it was; files copied
 * before the crash are content-addressed and reused by the next run.
 */
export const importFolderJob: JobHandler = async (context) => {
  const { folder, participantId } = importPayload(context.job.payload);
  const report = (p: { phase: string; done: number; total: number }): void =>
    context.progress(p.phase, p.done, p.total);
  const scanned = await scanDicomFolder(folder, report);
  const db = context.store.db.kysely;
  const { fresh } = await partitionAgainstIndex(db, participantId, scanned.instances);
  await storeFiles(context.store.dataDir, fresh, report);
  await context.complete(async (trx) => {
    // Checked again inside the transaction: another worker may have indexed some meanwhile.
    const again = await partitionAgainstIndex(trx, participantId, scanned.instances);
    context.progress('indexing', 0, again.fresh.length);
    await indexInstances(trx, again.fresh, {
      participantId,
      importedBy: context.job.createdBy,
      jobId: context.job.jobId,
    });
    context.progress('indexing', again.fresh.length, again.fresh.length);
    const summary: ImportSummary = {
      participantId,
      folder,
      instancesAdded: again.fresh.length,
      instancesAlreadyStored: again.stored.length,
      series: seriesOf(scanned.instances),
      warnings: scanned.warnings,
    };
    return { ...summary };
  });
};
