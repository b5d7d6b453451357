export {
  formatLoadProgress,
  type LoadPetStudyOptions,
  type LoadProgress,
  loadPetStudy,
} from './load-pet-study.ts';
export { writeFilesAtomically } from './write-files-atomically.ts';
