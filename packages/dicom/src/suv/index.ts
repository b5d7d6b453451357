export { type ClockInput, formatIsoLocal, parseClockInput } from './dicom-time.ts';
export { resolveInjectionClockS } from './injection-time.ts';
export {
  checkHalfLife,
  HALF_LIFE_TOLERANCE,
  identifyNuclide,
  type Nuclide,
  REFERENCE_HALF_LIFE_S,
} from './nuclide.ts';
export {
  type PetAcquisition,
  type PetAcquisitionResult,
  type PetOverrides,
  resolvePetAcquisition,
  type Sex,
} from './pet-acquisition.ts';
export {
  computeSuvScale,
  decayReferenceClockS,
  type SuvInput,
  type SuvScale,
} from './suv-factors.ts';
export { type SuvKind, suvScaleFactor } from './suv-kind.ts';
