import type { CodedConcept } from '../write/radionuclides.ts';

/**
 * Segment property codes (PS3.16 CID 7150 "Segmentation Property Categories", CID 7151 "Segmentation
 * Property Types", SNOMED CT). A lesion is category "Morphologically Altered Structure", type "Lesion";
 * an organ reference is category "Anatomical Structure" with the organ as type.
 */
export const SEGMENT_CODES = {
  morphologicallyAlteredStructure: sct('49755003', 'Morphologically Altered Structure'),
  lesion: sct('52988006', 'Lesion'),
  anatomicalStructure: sct('123037004', 'Anatomical Structure'),
} as const;

/** The organ of each reference sphere (`--ref` names), SNOMED CT body structures. */
export const ORGAN_CODES: Readonly<Record<string, CodedConcept>> = {
  liver: sct('10200004', 'Liver'),
  // PERCIST's blood-pool reference is the descending aorta.
  'blood-pool': sct('15825003', 'Aorta'),
  spleen: sct('78961009', 'Spleen'),
  brain: sct('12738006', 'Brain'),
  muscle: sct('127954009', 'Skeletal muscle'),
  marrow: sct('14016003', 'Bone marrow'),
};

function sct(codeValue: string, codeMeaning: string): CodedConcept {
  return { codeValue, codingSchemeDesignator: 'SCT', codeMeaning };
}

/** A coded concept as a keyword-named sequence item for dcmjs. */
export function codeItem(code: CodedConcept): Record<string, string> {
  return {
    CodeValue: code.codeValue,
    CodingSchemeDesignator: code.codingSchemeDesignator,
    CodeMeaning: code.codeMeaning,
  };
}
