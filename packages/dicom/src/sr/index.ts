export {
  type LesionMeasurementsRead,
  type MeasurementReportRead,
  type ReferenceMeasurementsRead,
  readMeasurementReport,
} from './read-measurement-report.ts';
export { SR_CODES, SUV_CONCEPTS, sameCode } from './sr-codes.ts';
export {
  COMPREHENSIVE_3D_SR_STORAGE,
  type LesionMeasurements,
  lesionMeasurements,
  type MeasurementReportInput,
  type ReferenceMeasurements,
  writeMeasurementReport,
} from './write-measurement-report.ts';
