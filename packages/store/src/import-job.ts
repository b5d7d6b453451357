import { type DbSchema, withChange } from '@cxcr4pet/db';
import type { Transaction } from 'kysely';
import { StoreError } from './errors.ts';
import {
  type ImportProgress,
  type ImportSummary,
  indexInstances,
  partitionAgainstIndex,
  type ScannedInstance,
  scanDicomFolder,
  seriesOf,
  storeFiles,
} from './import-dicom.ts';
import type { Store } from './open-store.ts';
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

/** What `importFolder` imports, for whom, and what it does with files that are not DICOM. */
export interface ImportRequest extends ImportFolderPayload {
  /** Who imports (the actor of the audited index rows). */
  readonly actor: string;
  readonly jobId: string | null;
  /**
   * `skip` (a folder from a scanner export often holds other files): a warning names each one;
   * `refuse` (an upload, where every file was chosen): the import stops, naming them.
   */
  readonly notDicom: 'skip' | 'refuse';
}

/** Runs `work` in the one audited transaction of the import (a job also marks itself done in it). */
export type ImportCommit = (work: (trx: Transaction<DbSchema>) => Promise<ImportSummary>) => Promise<void>;

/**
 * Imports a folder of DICOM files for one participant: scan (read, hash, check), copy the new files
 * into the content-addressed store, then index every new instance in one transaction (`commit`;
 * by default an audited transaction of `request.actor`). Idempotent: a second run over the same files
 * adds nothing. A failure before the commit leaves the index as it was; files copied before it are
 * content-addressed and reused by the next run.
 */
export async function importFolder(
  store: Store,
  request: ImportRequest,
  options: { readonly onProgress?: (progress: ImportProgress) => void; readonly commit?: ImportCommit } = {},
): Promise<ImportSummary> {
  const { folder, participantId } = request;
  const report = options.onProgress ?? (() => {});
  const db = store.db.kysely;
  const scanned = await scanDicomFolder(folder, report);
  if (request.notDicom === 'refuse' && scanned.warnings.length > 0) {
    const names = scanned.warnings.map((w) => w.replace(/^skipped (.*): not a DICOM file$/, '$1'));
    throw new StoreError(
      'not-dicom',
      `${names.length === 1 ? 'file' : `${names.length} files`} not DICOM (no Part 10 header): ${names.join(', ')}; nothing was imported`,
      names[0],
    );
  }
  const { fresh } = await partitionAgainstIndex(db, participantId, scanned.instances);
  await storeFiles(store.dataDir, fresh, report);
  return commitIndex(store, request, scanned.instances, {
    source: folder,
    warnings: scanned.warnings,
    report,
    commit: options.commit,
  });
}

/**
 * Indexes the new ones of `instances` (their files already stored) in one transaction — `commit`, by
 * default an audited transaction of `request.actor` — checking them against the index again inside it
 * (another worker may have indexed some meanwhile); returns the import's summary.
 */
export async function commitIndex(
  store: Store,
  request: { readonly participantId: string; readonly actor: string; readonly jobId: string | null },
  instances: readonly ScannedInstance[],
  options: {
    readonly source: string;
    readonly warnings: readonly string[];
    readonly report: (progress: ImportProgress) => void;
    readonly commit: ImportCommit | undefined;
  },
): Promise<ImportSummary> {
  const { participantId } = request;
  const { report } = options;
  let summary: ImportSummary | undefined;
  const commit: ImportCommit =
    options.commit ??
    (async (work) => {
      await withChange(store.db.kysely, { actor: request.actor }, work);
    });
  await commit(async (trx) => {
    const again = await partitionAgainstIndex(trx, participantId, instances);
    report({ phase: 'indexing', done: 0, total: again.fresh.length });
    await indexInstances(trx, again.fresh, {
      participantId,
      importedBy: request.actor,
      jobId: request.jobId,
    });
    report({ phase: 'indexing', done: again.fresh.length, total: again.fresh.length });
    summary = {
      participantId,
      folder: options.source,
      instancesAdded: again.fresh.length,
      instancesAlreadyStored: again.stored.length,
      series: seriesOf(instances),
      warnings: options.warnings,
    };
    return summary;
  });
  if (summary === undefined) throw new Error('import commit did not run its work');
  return summary;
}

/**
 * The `import-folder` job: `importFolder` with the job's payload, non-DICOM files skipped with a
 * warning, the index rows and the job's success committed together. A job interrupted by a crash is
 * simply run again.
 */
export const importFolderJob: JobHandler = async (context) => {
  const { folder, participantId } = importPayload(context.job.payload);
  await importFolder(
    context.store,
    { folder, participantId, actor: context.job.createdBy, jobId: context.job.jobId, notDicom: 'skip' },
    {
      onProgress: (p) => context.progress(p.phase, p.done, p.total),
      commit: (work) => context.complete(async (trx) => ({ ...(await work(trx)) })),
    },
  );
};
