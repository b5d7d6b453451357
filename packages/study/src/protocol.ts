/**
 * The protocol facts that the rules of this room enforce, taken from ClinicalTrials.gov record
 * NCT04504526 ("Value of Chemokine Receptor CXCR4 Imaging for Diagnosis and Prognostic Evaluation in
 * Lymphoproliferative Diseases", last updated 2023-09-15; /work/shared/seed/NCT04504526.txt).
 * Every verdict and derived result carries `PROTOCOL.id` and `PROTOCOL.version` so that a later protocol
 * amendment can be told apart from this one.
 */
export const PROTOCOL = {
  id: 'NCT04504526',
  /** The registry record's "Last Updated" date, used as the protocol version until an amendment number exists. */
  version: '2023-09-15',
  /** "Minimum Eligible Age 18 Years", "Maximum Eligible Age 80 Years": completed years at screening, inclusive. */
  minAgeYears: 18,
  maxAgeYears: 80,
  /** "18F-FDG PET/CT within two weeks" (of the 68Ga-Pentixafor PET/CT): at most 14 calendar days apart. */
  maxScanIntervalDays: 14,
  /** "Intravenous injection of one dose of 74-148 MBq (2-4 mCi) 68Ga-Pentixafor", inclusive. */
  pentixaforDoseMinMBq: 74,
  pentixaforDoseMaxMBq: 148,
} as const;

/** The protocol identity stamped on verdicts and derived results. */
export interface ProtocolStamp {
  readonly id: string;
  readonly version: string;
}

/** The stamp of the protocol implemented here. */
export const PROTOCOL_STAMP: ProtocolStamp = { id: PROTOCOL.id, version: PROTOCOL.version };
