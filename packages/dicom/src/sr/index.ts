export {
  type LesionMeasurementsRead,
  type MeasurementReportRead,
  readMeasurementReport,
} from './read-measurement-report.ts';
export { SR_CODES, SUV_CONCEPTS, sameCode } from './sr-codes.ts';
export {
  COMPREHENSIVE_3D_SR_STORAGE,
  type LesionMeasurements,
  lesionMeasurements,
  type MeasurementReportInput,
  writeMeasurementReport,
} from './write-measurement-report.ts';
