import type { CriterionId } from '@cxcr4pet/study';

/**
 * The proportional-hazards model that the cohort's progression-free survival is drawn from:
 * h(t | x) = h0(t) · exp(β_cxcr4 · cxcr4High + β_ldh · ldhElevated), with a Weibull baseline
 * S0(t) = exp(−(t / scaleDays)^shape). `cxcr4High` is 1 when the participant's Pentixafor SUVmax (the
 * partial-volume-recovered SUVmax of the hottest lesion at the stated PSF) is at least
 * `cxcr4HighCutoffSuv`; `ldhElevated` is 1 when LDH exceeds the laboratory's upper limit of normal.
 * Times are drawn by inversion: T = scale · (−ln U / exp(η))^(1/shape).
 * Censoring: administrative at the end of the study (accrual spread uniformly over `accrualDays`, then at
 * least `minFollowUpDays`), and random drop-out with an exponential time of rate −ln(1 − p)/365.25 per day
 * for a yearly drop-out probability p. Observed time = ceil(min(T, C)) days, the event when T ≤ C.
 * @see Bender R, Augustin T, Blettner M. Generating survival times to simulate Cox proportional hazards
 *   models. Stat Med 2005;24:1713–1723.
 */
export interface HazardModel {
  readonly kind: 'weibull-proportional-hazards';
  readonly shape: number;
  readonly scaleDays: number;
  /** Log hazard ratios. */
  readonly logHazardRatio: { readonly cxcr4High: number; readonly ldhElevated: number };
  readonly cxcr4HighCutoffSuv: number;
  readonly accrualDays: number;
  readonly minFollowUpDays: number;
  readonly dropoutPerYear: number;
}

/** Diagnoses the cohort draws from (one key per lesion pattern, see `diseases.ts`). */
export type DiseaseKey =
  | 'dlbcl'
  | 'follicular'
  | 'marginal-zone'
  | 'mantle-cell'
  | 'primary-cns'
  | 'multiple-myeloma'
  | 'cll'
  | 'aml';

/** Every stated parameter of a synthetic cohort: what the report's methods section cites. */
export interface CohortModel {
  readonly hazard: HazardModel;
  /** Share of screened people failing each eligibility criterion (one criterion each); the rest enrol. */
  readonly screenFailure: Readonly<Record<CriterionId, number>>;
  /** Relative share of each diagnosis among the enrolled. */
  readonly diagnosisMix: Readonly<Record<DiseaseKey, number>>;
  /** Share of Pentixafor administrations below, inside and above the protocol window 74–148 MBq. */
  readonly pentixaforDose: { readonly below: number; readonly within: number; readonly above: number };
  /** Scanner PSF (FWHM, mm) used for the expected SUVmax of each lesion (partial-volume recovery). */
  readonly fwhmMm: number;
  /** First day of accrual (the study start), YYYY-MM-DD. */
  readonly accrualStart: string;
  /** Share of enrolled participants with each adverse event kind (see `records.ts`). */
  readonly adverseEvents: {
    readonly injectionSiteReaction: number;
    readonly nausea: number;
    readonly anaemia: number;
  };
}

/**
 * The default model: HR 2.0 for CXCR4-high (Pentixafor SUVmax ≥ 11.5, about the median of the default
 * diagnosis mix), HR 1.5 for elevated LDH, baseline median PFS 900 · ln(2)^(1/1.2) ≈ 663 days (22 months).
 */
export const DEFAULT_COHORT_MODEL: CohortModel = {
  hazard: {
    kind: 'weibull-proportional-hazards',
    shape: 1.2,
    scaleDays: 900,
    logHazardRatio: { cxcr4High: Math.log(2), ldhElevated: Math.log(1.5) },
    cxcr4HighCutoffSuv: 11.5,
    accrualDays: 730,
    minFollowUpDays: 365,
    dropoutPerYear: 0.05,
  },
  screenFailure: {
    'age-18-to-80': 0.025,
    'untreated-lymphoproliferative-disease': 0.025,
    'fdg-pet-ct-within-14-days': 0.025,
    'signed-consent': 0.025,
    pregnancy: 0.025,
    breastfeeding: 0.025,
    'pentixafor-allergy': 0.025,
  },
  diagnosisMix: {
    dlbcl: 0.2,
    follicular: 0.1,
    'marginal-zone': 0.15,
    'mantle-cell': 0.075,
    'primary-cns': 0.075,
    'multiple-myeloma': 0.2,
    cll: 0.125,
    aml: 0.075,
  },
  pentixaforDose: { below: 0.1, within: 0.8, above: 0.1 },
  fwhmMm: 7,
  accrualStart: '2024-01-08',
  adverseEvents: { injectionSiteReaction: 0.05, nausea: 0.08, anaemia: 0.1 },
};
