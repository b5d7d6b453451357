import { DicomError } from '../errors.ts';
import type { DicomInstance, PetInstanceFacts } from '../read/dicom-instance.ts';
import type { DecayCorrection, PetUnits } from '../write/types.ts';
import { formatIsoLocal, parseClockInput } from './dicom-time.ts';
import { resolveInjectionClockS } from './injection-time.ts';
import { checkHalfLife, identifyNuclide, type Nuclide, REFERENCE_HALF_LIFE_S } from './nuclide.ts';
import { computeSuvScale, type SuvScale } from './suv-factors.ts';

export type Sex = 'M' | 'F' | 'O';

/** Values a person gives when the files lack (or get wrong) a fact needed for SUV. */
export interface PetOverrides {
  readonly weightKg?: number | undefined;
  readonly heightM?: number | undefined;
  readonly injectedActivityBq?: number | undefined;
  /** `YYYY-MM-DDTHH:MM[:SS]`, DICOM DT `YYYYMMDDHHMMSS`, or a time of day `HH:MM[:SS]` / `HHMMSS`. */
  readonly injectionTime?: string | undefined;
  readonly halfLifeS?: number | undefined;
}

/** The acquisition facts of a PET series and its SUV factors. */
export interface PetAcquisition {
  readonly radiopharmaceutical: string | undefined;
  readonly nuclide: Nuclide | undefined;
  readonly injectedActivityBq: number;
  /** ISO `YYYY-MM-DDTHH:MM:SS.ffffff`, the scanner's clock (no zone). */
  readonly injectionDateTime: string;
  /** When the Bq/ml values (and the dose in the SUV factor) are decay corrected to. */
  readonly decayReferenceDateTime: string;
  /** Injection to decay reference, seconds. */
  readonly decayTimeS: number;
  readonly halfLifeS: number;
  readonly weightKg: number;
  readonly heightM: number | undefined;
  readonly sex: Sex | undefined;
  readonly units: PetUnits;
  readonly decayCorrection: DecayCorrection;
  readonly suvScale: SuvScale;
}

/** The facts, and for each instance the factor from rescaled stored value to Bq/ml. */
export interface PetAcquisitionResult {
  readonly acquisition: PetAcquisition;
  /** Bq/ml per rescaled stored value of each instance (same order as given). */
  readonly bqmlPerStored: readonly number[];
  readonly warnings: readonly string[];
}

function missing(attribute: string, tag: string, file: string, hint: string): DicomError {
  return new DicomError('missing-attribute', `${attribute} ${tag} is missing in ${file}; ${hint}`, {
    attribute,
    file,
  });
}

function petFacts(instance: DicomInstance): PetInstanceFacts {
  if (instance.pet === undefined)
    throw new DicomError('invalid-attribute', `${instance.fileName} is not a PET image`, {
      file: instance.fileName,
      attribute: 'Modality',
    });
  return instance.pet;
}

function overridden<T>(
  label: string,
  fromFile: T | undefined,
  override: T | undefined,
  warnings: string[],
): T | undefined {
  if (override === undefined) return fromFile;
  if (fromFile !== undefined && fromFile !== override)
    warnings.push(`${label}: the given ${override} replaces the file's ${fromFile}`);
  return override;
}

function minimum(values: readonly (number | undefined)[]): number | undefined {
  let least: number | undefined;
  for (const value of values)
    if (value !== undefined && (least === undefined || value < least)) least = value;
  return least;
}

function units(facts: PetInstanceFacts, file: string): PetUnits {
  const value = facts.units;
  if (value === 'BQML' || value === 'CNTS' || value === 'GML') return value;
  if (value === undefined)
    throw missing('Units', '(0054,1001)', file, 'the unit of the PET values is unknown');
  throw new DicomError(
    'invalid-attribute',
    `Units ${value} in ${file} is not supported (BQML, CNTS or GML)`,
    {
      attribute: 'Units',
      file,
    },
  );
}

function decayCorrection(facts: PetInstanceFacts, file: string, warnings: string[]): DecayCorrection {
  const value = facts.decayCorrection;
  if (value === 'START' || value === 'ADMIN' || value === 'NONE') return value;
  if (value === undefined) {
    warnings.push(`DecayCorrection (0054,1102) is missing in ${file}; assumed START`);
    return 'START';
  }
  throw new DicomError(
    'invalid-attribute',
    `DecayCorrection ${value} in ${file} is not START, ADMIN or NONE`,
    {
      attribute: 'DecayCorrection',
      file,
    },
  );
}

/**
 * Resolves every fact SUV needs from the PET instances of one series (series-level values from
 * the first instance, checked against the others) and the overrides, then computes the SUV
 * factors with calculate-suv. Rules:
 * - BQML: stored × slope is Bq/ml. CNTS (Philips, as calculate-suv): with the private SUV scale
 *   factor (7053,xx00), Bq/ml = value × that factor ÷ SUVbw factor (the Bq/ml the scanner's own
 *   SUV implies, so SUVbw = value × private factor); without it, Bq/ml = value × the private
 *   activity concentration scale factor (7053,xx09). GML (values already SUVbw): Bq/ml =
 *   value ÷ SUVbw factor, so SUV = Bq/ml × bw returns the stored SUV exactly.
 * - DecayCorrection NONE: each slice is decay corrected to the QIBA reference time, including
 *   decay during its frame (λD / (1 − e^(−λD))), and then treated as START.
 * - Half-life from the file, checked against the nuclide (warning beyond 1 %); from the nuclide
 *   when the file has none.
 * Throws `DicomError` `missing-attribute` naming the attribute and the override to use.
 */
export function resolvePetAcquisition(
  instances: readonly DicomInstance[],
  overrides: PetOverrides = {},
): PetAcquisitionResult {
  const first = instances[0];
  if (first === undefined) throw new DicomError('no-pet-series', 'no PET images');
  const file = first.fileName;
  const facts = petFacts(first);
  const all = instances.map(petFacts);
  const warnings: string[] = [];

  const unit = units(facts, file);
  const correction = decayCorrection(facts, file, warnings);
  if (facts.correctedImage.length > 0 && !facts.correctedImage.includes('ATTN'))
    throw new DicomError(
      'invalid-attribute',
      `CorrectedImage in ${file} lacks ATTN: the PET is not attenuation corrected, so SUV is meaningless`,
      { attribute: 'CorrectedImage', file },
    );
  if (facts.correctedImage.length > 0 && correction !== 'NONE' && !facts.correctedImage.includes('DECY'))
    warnings.push(`CorrectedImage in ${file} lacks DECY although DecayCorrection is ${correction}`);
  if (facts.correctedImage.length === 0)
    warnings.push(`CorrectedImage (0028,0051) is missing in ${file}; assumed ATTN and DECY`);
  if (unit === 'GML' && facts.suvType !== undefined && facts.suvType !== 'BW')
    throw new DicomError(
      'invalid-attribute',
      `${file} stores SUV of type ${facts.suvType}; only SUVbw (SUVType BW) is read`,
      {
        attribute: 'SUVType',
        file,
      },
    );
  for (const other of all) {
    if (
      other.units !== facts.units ||
      other.injectedActivityBq !== facts.injectedActivityBq ||
      other.weightKg !== facts.weightKg
    ) {
      warnings.push(
        "Units, RadionuclideTotalDose or PatientWeight differ between slices; the first slice's values are used",
      );
      break;
    }
  }

  const noDrug = facts.hasRadiopharmaceuticalInformation
    ? ''
    : ' (the RadiopharmaceuticalInformationSequence (0054,0016) is missing)';
  const weightKg = overridden('weight (kg)', facts.weightKg, overrides.weightKg, warnings);
  if (weightKg === undefined)
    throw missing('PatientWeight', '(0010,1030)', file, 'give the weight with --weight-kg');
  const heightM = overridden('height (m)', facts.heightM, overrides.heightM, warnings);
  const injectedActivityBq = overridden(
    'injected activity (Bq)',
    facts.injectedActivityBq,
    overrides.injectedActivityBq,
    warnings,
  );
  if (injectedActivityBq === undefined && noDrug !== '')
    throw new DicomError(
      'missing-attribute',
      `${file} has no radiopharmaceutical data (RadiopharmaceuticalInformationSequence (0054,0016) is missing): injected activity, injection time and half-life are unknown; give them with --injected-bq and --injection-time`,
      { attribute: 'RadiopharmaceuticalInformationSequence', file },
    );
  if (injectedActivityBq === undefined)
    throw missing(
      'RadionuclideTotalDose',
      '(0018,1074)',
      file,
      'give the injected activity with --injected-bq',
    );

  const nuclide = identifyNuclide(facts.radionuclideCode, facts.radionuclideText, facts.radiopharmaceutical);
  let halfLifeS = overridden('half-life (s)', facts.halfLifeS, overrides.halfLifeS, warnings);
  if (halfLifeS === undefined && nuclide !== undefined) {
    halfLifeS = REFERENCE_HALF_LIFE_S[nuclide];
    warnings.push(`RadionuclideHalfLife is missing in ${file}; ${nuclide}'s ${halfLifeS} s is used`);
  }
  if (halfLifeS === undefined)
    throw missing(
      'RadionuclideHalfLife',
      `(0018,1075)${noDrug}`,
      file,
      'and the nuclide is not named; give the half-life in seconds (--half-life-s)',
    );
  if (nuclide === undefined)
    warnings.push(`the radionuclide is not recognised in ${file}; half-life ${halfLifeS} s not checked`);
  else {
    const check = checkHalfLife(halfLifeS, nuclide);
    if (check !== undefined) warnings.push(check);
  }

  const override =
    overrides.injectionTime === undefined ? undefined : parseClockInput(overrides.injectionTime);
  if (overrides.injectionTime !== undefined && override === undefined)
    throw new DicomError(
      'invalid-attribute',
      `injection time '${overrides.injectionTime}' is not YYYY-MM-DDTHH:MM[:SS], YYYYMMDDHHMMSS or HH:MM[:SS]`,
      {
        attribute: 'RadiopharmaceuticalStartDateTime',
      },
    );
  const earliestAcquisitionClockS = minimum(all.map((f) => f.acquisitionDateTimeS));
  let injection: ReturnType<typeof resolveInjectionClockS>;
  try {
    injection = resolveInjectionClockS({
      override,
      dateTimeS: facts.injectionDateTimeS,
      timeOfDayS: facts.injectionTimeOfDayS,
      scanClockS: minimum([facts.seriesDateTimeS, earliestAcquisitionClockS]),
      seriesDateS: facts.seriesDateS,
    });
  } catch (error) {
    if (error instanceof DicomError && noDrug !== '')
      throw new DicomError(error.code, `${error.message}${noDrug} in ${file}`, {
        file,
        attribute: 'RadiopharmaceuticalInformationSequence',
      });
    throw error;
  }
  warnings.push(...injection.warnings);

  const sex = facts.sex === 'M' || facts.sex === 'F' || facts.sex === 'O' ? facts.sex : undefined;
  const suv = computeSuvScale({
    injectedActivityBq,
    halfLifeS,
    injectionClockS: injection.clockS,
    seriesClockS: facts.seriesDateTimeS,
    earliestAcquisitionClockS,
    gePostInjectionClockS: facts.gePostInjectionDateTimeS,
    decayCorrection: correction === 'ADMIN' ? 'ADMIN' : 'START',
    weightKg,
    heightM,
    sex: sex === 'O' ? undefined : sex,
  });

  const lambdaPerS = Math.LN2 / halfLifeS;
  const bqmlPerStored = instances.map((instance, n) => {
    const slice = all[n] as PetInstanceFacts;
    let scale = 1;
    if (unit === 'GML') scale = 1 / suv.suvScale.bw;
    else if (unit === 'CNTS') {
      if (slice.philipsSuvScaleFactor !== undefined) scale = slice.philipsSuvScaleFactor / suv.suvScale.bw;
      else if (slice.philipsActivityScaleFactor !== undefined) scale = slice.philipsActivityScaleFactor;
      else
        throw missing(
          'Philips activity concentration scale factor',
          '(7053,1009)',
          instance.fileName,
          'Units CNTS cannot be converted to Bq/ml without it or the Philips SUV scale factor (7053,1000)',
        );
    }
    if (correction === 'NONE') {
      const startS = slice.acquisitionDateTimeS;
      if (startS === undefined)
        throw missing(
          'AcquisitionTime',
          '(0008,0032)',
          instance.fileName,
          'needed to decay correct a PET with DecayCorrection NONE',
        );
      const frameS = (slice.frameDurationMs ?? 0) / 1000;
      const inFrame = frameS > 0 ? (lambdaPerS * frameS) / -Math.expm1(-lambdaPerS * frameS) : 1;
      scale *= inFrame * Math.exp(lambdaPerS * (startS - suv.decayReferenceClockS));
    }
    return scale;
  });
  if (unit === 'CNTS') {
    const suvFactor = facts.philipsSuvScaleFactor;
    const activity = facts.philipsActivityScaleFactor;
    if (suvFactor !== undefined && activity !== undefined) {
      const difference = (activity * suv.suvScale.bw) / suvFactor - 1;
      if (Math.abs(difference) > 0.01)
        warnings.push(
          `the Philips SUV scale factor ${suvFactor} differs by ${(difference * 100).toFixed(1)} % from activity scale × SUVbw factor (${activity * suv.suvScale.bw}); the SUV scale factor is used, as Philips and calculate-suv prescribe`,
        );
    }
  }
  if (correction === 'NONE')
    warnings.push(
      `DecayCorrection NONE: slices decay corrected to ${formatIsoLocal(suv.decayReferenceClockS)}`,
    );

  return {
    acquisition: {
      radiopharmaceutical: facts.radiopharmaceutical,
      nuclide,
      injectedActivityBq,
      injectionDateTime: formatIsoLocal(injection.clockS),
      decayReferenceDateTime: formatIsoLocal(suv.decayReferenceClockS),
      decayTimeS: suv.decayTimeS,
      halfLifeS,
      weightKg,
      heightM,
      sex,
      units: unit,
      decayCorrection: correction,
      suvScale: suv.suvScale,
    },
    bqmlPerStored,
    warnings,
  };
}
