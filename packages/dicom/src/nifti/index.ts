export { readNifti } from './read-nifti.ts';
