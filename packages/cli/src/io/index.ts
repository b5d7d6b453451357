export {
  formatLoadProgress,
  type LoadPetStudyOptions,
  type LoadProgress,
  loadPetStudy,
} from './load-pet-study.ts';
