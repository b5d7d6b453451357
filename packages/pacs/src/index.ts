export {
  DicomWebClient,
  type ReceivedInstance,
  type SeriesHit,
  type StudyHit,
  type StudyQuery,
  sopInstanceUidOf,
} from './dicomweb/client.ts';
export {
  type MultipartPart,
  multipartBody,
  multipartBoundary,
  multipartParts,
} from './dicomweb/multipart.ts';
export { findInstanceUids, findSeries, getSeries } from './dimse/retrieve.ts';
export { part10Of, type StoreScpConfig, startStoreScp } from './dimse/scp.ts';
export {
  type DimseNode,
  type DimseStudyHit,
  echo,
  findStudies,
  type MoveProgress,
  moveStudy,
  storeFiles,
} from './dimse/scu.ts';
export { PacsError, type PacsErrorCode } from './errors.ts';
export {
  type ImportProgress,
  type ImportResult,
  importSeries,
  instancePath,
  writeInstance,
} from './import-series.ts';
