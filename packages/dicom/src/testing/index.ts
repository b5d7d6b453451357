export { type DicomEdit, editDicom, naturalDataset, type RawElement } from './edit-dicom.ts';
