export { dciodvfyErrors, dciodvfyFindings, hasDciodvfy } from './dciodvfy.ts';
export { dicomFailure } from './dicom-failure.ts';
export { type DicomEdit, editDicom, naturalDataset, type RawElement } from './edit-dicom.ts';
