import { StudyError } from './errors.ts';
import type { Disease } from './records/diagnosis.ts';
import type { Response, ResponseAssessment } from './records/follow-up.ts';

/**
 * The response systems that apply to a disease: Lugano 2014 (PET-CT or CT) for lymphoma, IMWG 2016 for
 * plasma-cell disease. Leukemias have their own criteria (iwCLL 2018, ELN for AML) that this room does
 * not implement yet, so none applies.
 */
export function responseSystemsFor(disease: Disease): readonly Response['system'][] {
  switch (disease.family) {
    case 'lymphoma':
      return ['lugano-pet', 'lugano-ct'];
    case 'plasma-cell':
      return ['imwg'];
    case 'leukemia':
      return [];
  }
}

/** Throws `invalid-value` naming `response.system` when an assessment uses criteria that do not fit the disease. */
export function checkResponseSystem(disease: Disease, assessment: ResponseAssessment): void {
  const allowed = responseSystemsFor(disease);
  if (!allowed.includes(assessment.response.system)) {
    throw new StudyError(
      'invalid-value',
      `response assessment: field 'response.system' is ${assessment.response.system}, but ${disease.family} (${disease.subtype}) is assessed with ${allowed.length === 0 ? 'criteria not implemented here' : allowed.join(' or ')}.`,
      { record: 'response assessment', field: 'response.system' },
    );
  }
}
