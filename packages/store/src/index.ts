export {
  type AnalyseSeriesPayload,
  analyseSeriesJob,
  insertAnalysis,
  listAnalyses,
  loadStudyOfSeries,
  type SeriesAnalyser,
  type SeriesAnalysis,
  type StoredAnalysis,
} from './analyse-job.ts';
export {
  BlobBatch,
  blobPath,
  listBlobs,
  listTempFiles,
  newTempFolder,
  putBlob,
  readBlob,
  sha256Hex,
  sweepTempFiles,
} from './blob-store.ts';
export { type CompareSeriesPayload, compareSeriesJob, type SeriesComparer } from './compare-job.ts';
export { StoreError, type StoreErrorCode } from './errors.ts';
export type { Cell, ColumnKind, ExportColumn, ExportTable } from './export/columns.ts';
export {
  dateShiftDaysOf,
  keyedPseudonym,
  type PseudonymKey,
  pseudonymise,
  pseudonymKey,
  shiftIsoDate,
} from './export/pseudonymise.ts';
export {
  type BuiltExport,
  buildExport,
  type ExportOptions,
  type ExportSummary,
  fileDigests,
  writeExport,
} from './export/write-export.ts';
export {
  type ImportProgress,
  type ImportSummary,
  type ScannedInstance,
  scanDicomFolder,
} from './import-dicom.ts';
export {
  type IncomingInstance,
  type InstancesImportRequest,
  importInstances,
} from './import-instances.ts';
export {
  type ImportCommit,
  type ImportFolderPayload,
  type ImportRequest,
  importFolder,
  importFolderJob,
} from './import-job.ts';
export {
  cancelJob,
  claimJob,
  enqueueJob,
  getJob,
  type Job,
  type JobKind,
  type JobState,
  listJobs,
  recoverJobs,
} from './jobs.ts';
export { defaultDataDir, openStore, type Store } from './open-store.ts';
export { loadSecretKey, SECRET_KEY_VARIABLE } from './secret-key.ts';
export {
  type JobContext,
  type JobHandler,
  type JobHandlers,
  newWorkerId,
  runJob,
  runWorker,
  type WorkerOptions,
} from './worker.ts';
