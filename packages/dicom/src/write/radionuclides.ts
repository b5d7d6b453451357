import type { Radionuclide } from './types.ts';

/** A coded concept as DICOM sequences carry it (CodeValue, CodingSchemeDesignator, CodeMeaning). */
export interface CodedConcept {
  readonly codeValue: string;
  readonly codingSchemeDesignator: string;
  readonly codeMeaning: string;
}

/**
 * Radionuclide codes of DICOM CID 4020 "PET Radionuclide" (PS3.16), in the SNOMED-RT (SRT) form
 * that PET scanners still write, and nominal half-lives (s) from the DDEP/NNDC tables:
 * 18F 109.77 min = 6586.2 s; 68Ga 67.71 min = 4062.6 s.
 */
export const RADIONUCLIDES: Readonly<Record<Radionuclide, { code: CodedConcept; halfLifeS: number }>> = {
  F18: {
    code: { codeValue: 'C-111A1', codingSchemeDesignator: 'SRT', codeMeaning: '^18^Fluorine' },
    halfLifeS: 6586.2,
  },
  Ga68: {
    code: { codeValue: 'C-131A3', codingSchemeDesignator: 'SRT', codeMeaning: '^68^Gallium' },
    halfLifeS: 4062.6,
  },
};

/** Positron fraction (RadionuclidePositronFraction): 18F 0.9673, 68Ga 0.8894 (NNDC). */
export const POSITRON_FRACTION: Readonly<Record<Radionuclide, number>> = { F18: 0.9673, Ga68: 0.8894 };
