import type { BaselineClinical, Cytogenetics } from '../records/baseline.ts';
import type { Disease } from '../records/diagnosis.ts';
import type { Labs } from '../records/labs.ts';
import { binet, cllIpi, rai } from './cll.ts';
import { ielsg, mskcc } from './cns-lymphoma.ts';
import { durieSalmon, durieSalmonPlus } from './durie-salmon.ts';
import { flipi, mzlIpi } from './indolent-lymphoma.ts';
import { ageAdjustedIpi, cnsIpi, ipi } from './ipi.ts';
import { iss, r2Iss, rIss } from './myeloma-iss.ts';
import type { ScoreResult } from './result.ts';

/** What the scores of a participant are computed from. */
export interface ScoreRecords {
  readonly disease: Disease;
  /** Age in completed years at baseline (see `completedYears`). */
  readonly ageYears: number | undefined;
  readonly labs: Labs | undefined;
  readonly clinical: BaselineClinical | undefined;
  readonly cytogenetics: Cytogenetics | undefined;
}

/**
 * Every score that applies to the participant's disease, computed from the records: DLBCL → IPI,
 * age-adjusted IPI, CNS-IPI; T-cell lymphoma → IPI; follicular → FLIPI; marginal zone → MZL-IPI;
 * primary CNS → MSKCC, IELSG; CLL/SLL and CLL → Rai, Binet, CLL-IPI; multiple myeloma → ISS, R-ISS,
 * R2-ISS, Durie–Salmon, Durie/Salmon PLUS; smouldering myeloma → Durie/Salmon PLUS. Other diseases get
 * none. Results with missing inputs are included and say what is missing.
 */
export function applicableScores(records: ScoreRecords): readonly ScoreResult<string>[] {
  const { disease } = records;
  const input = {
    ...records.labs,
    ...records.clinical,
    ...records.cytogenetics,
    ageYears: records.ageYears,
    marginalZoneType: disease.subtype === 'marginal-zone' ? disease.marginalZoneType : undefined,
  };
  switch (disease.subtype) {
    case 'dlbcl':
      return [ipi(input), ageAdjustedIpi(input), cnsIpi(input)];
    case 't-cell':
      return [ipi(input)];
    case 'follicular':
      return [flipi(input)];
    case 'marginal-zone':
      return [mzlIpi(input)];
    case 'primary-cns':
      return [mskcc(input), ielsg(input)];
    case 'cll-sll':
    case 'cll':
      return [rai(input), binet(input), cllIpi(input)];
    case 'multiple-myeloma':
      return [
        iss(input),
        rIss(input),
        r2Iss(input),
        durieSalmon(input),
        durieSalmonPlus({ ...input, smouldering: false }),
      ];
    case 'smouldering-myeloma':
      return [durieSalmonPlus({ ...input, smouldering: true })];
    default:
      return [];
  }
}
