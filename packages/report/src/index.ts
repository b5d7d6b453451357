export * from './analyses.ts';
export { consortSvg } from './consort-svg.ts';
export * from './dataset.ts';
export { forestSpec, kaplanMeierSpec, pairedSpec, renderFigures, rocSpec } from './figures.ts';
export { count, escapeHtml, fixed, plural, pValue } from './format.ts';
export {
  type DatabaseDatasetOptions,
  datasetFromDatabase,
  lesionsOfComparisonResult,
  type ReferenceLesion,
} from './from-database.ts';
export { buildStudyReport, type StudyReport } from './html.ts';
export { coversTruth, imagingMethods, methodsParagraphs } from './methods.ts';
export {
  CHROMIUM_ARGS,
  DEFAULT_CHROMIUM,
  PAGE_MM,
  PdfError,
  type PrintedFigure,
  type PrintedReport,
  renderPdf,
} from './pdf.ts';
export {
  type BaselineImaging,
  datasetFromRecords,
  diseaseLabel,
  type ExcludedParticipant,
  type ParticipantData,
  type TypedData,
  treatmentFacts,
} from './records-dataset.ts';
export { quantile } from './summary.ts';
export {
  cohortModelDescription,
  cohortReferenceLesions,
  datasetFromCohort,
  defaultParameters,
} from './synthetic.ts';
export { vegaLiteSvg } from './vega-svg.ts';
