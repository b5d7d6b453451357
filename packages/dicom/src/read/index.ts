export { buildVolume, SLICE_GAP_TOLERANCE } from './build-volume.ts';
export type {
  DicomInstance,
  ImagePlane,
  PetInstanceFacts,
  PixelData,
  PixelReader,
  StudyIdentity,
} from './dicom-instance.ts';
export { type HeaderReader, readDicomHeader, readDicomInstance, seriesHeaderReader } from './map-instance.ts';
export {
  buildPetSeries,
  buildPetStudy,
  type PetSeries,
  type PetSeriesOptions,
  type PetStudy,
  type PetStudyOptions,
  type PetValues,
  suvVolume,
} from './read-pet-study.ts';
export {
  groupBySeries,
  listSeries,
  type SeriesChoice,
  type SeriesSummary,
  selectPetAndCt,
} from './select-series.ts';
export { EMPTY_STUDY_IDENTITY, type SourceSeries, sourceSeries, studyModules } from './source-series.ts';
export { pixelEncoding, transferSyntaxLabel } from './transfer-syntax.ts';
