import { DicomError } from '../errors.ts';
import type { SuvScale } from './suv-factors.ts';

/** Which body size SUV is normalised to: body weight, lean body mass (Janmahasatian) or body surface area. */
export type SuvKind = 'bw' | 'lbm' | 'bsa';

/**
 * The factor for one kind of SUV (SUV = Bq/ml × factor). Throws `missing-attribute` naming
 * PatientSize (height) or PatientSex when LBM or BSA cannot be computed.
 */
export function suvScaleFactor(
  pet: {
    readonly suvScale: SuvScale;
    readonly heightM: number | undefined;
    readonly sex: string | undefined;
  },
  kind: SuvKind,
): number {
  const factor = pet.suvScale[kind];
  if (factor !== undefined) return factor;
  if (pet.heightM === undefined)
    throw new DicomError(
      'missing-attribute',
      `SUV${kind} needs the patient's height: PatientSize (0010,1020) is missing; give it with --height-m`,
      {
        attribute: 'PatientSize',
      },
    );
  throw new DicomError(
    'missing-attribute',
    `SUV${kind} needs the patient's sex (M or F): PatientSex (0010,0040) is '${pet.sex ?? ''}'`,
    {
      attribute: 'PatientSex',
    },
  );
}
