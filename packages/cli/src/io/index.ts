export { type FileEntry, listFiles } from './list-files.ts';
export {
  formatLoadProgress,
  type LoadPetStudyOptions,
  type LoadProgress,
  loadPetStudy,
} from './load-pet-study.ts';
export { loadRegionMap, parseRegionNames, type RegionMap } from './load-regions.ts';
export { isNiftiPath, loadVoiFile, NIFTI_MASK_RULE, readOptionFile, type VoiMask } from './load-vois.ts';
export { writeFilesAtomically } from './write-files-atomically.ts';
export { type FileToWrite, folderState, writeFolderAtomically } from './write-folder-atomically.ts';
