import { calculateSUVScalingFactors, type InstanceMetadata } from '@cornerstonejs/calculate-suv';
import { DicomError } from '../errors.ts';
import { formatDt, formatIsoLocal } from './dicom-time.ts';
import { jamesLeanBodyMassKg } from './james-lbm.ts';

/** Everything an SUV factor depends on, typed and in named units. Times are local clock seconds. */
export interface SuvInput {
  readonly injectedActivityBq: number;
  readonly halfLifeS: number;
  readonly injectionClockS: number;
  /** SeriesDate + SeriesTime, if known. */
  readonly seriesClockS: number | undefined;
  /** Earliest AcquisitionDate + AcquisitionTime over the series' slices, if known. */
  readonly earliestAcquisitionClockS: number | undefined;
  /** GE private post-injection date-time, if present. */
  readonly gePostInjectionClockS: number | undefined;
  /** START or ADMIN: how the Bq/ml values passed in are decay corrected (NONE is corrected to START first). */
  readonly decayCorrection: 'START' | 'ADMIN';
  readonly weightKg: number;
  readonly heightM: number | undefined;
  readonly sex: 'M' | 'F' | undefined;
}

/**
 * SUV per Bq/ml: SUV = activity concentration (Bq/ml) × factor.
 * - `bw`: body weight, g/Bq (SUV in g/ml).
 * - `lbm`: lean body mass by Janmahasatian (the default, EANM 2015 / Tahari 2014 for PERCIST SUL),
 *   `lbmJames` by James (1976, hand-written: see james-lbm.ts); undefined without height and sex M/F.
 * - `bsa`: body surface area by Du Bois (1916), cm²/Bq; undefined without height.
 */
export interface SuvScale {
  readonly bw: number;
  readonly lbm: number | undefined;
  readonly lbmJanmahasatian: number | undefined;
  readonly lbmJames: number | undefined;
  readonly bsa: number | undefined;
}

/** The factors plus the time the injected activity was decayed to. */
export interface SuvComputation {
  readonly suvScale: SuvScale;
  /** Local clock seconds the dose is decayed to (QIBA / calculate-suv rule). */
  readonly decayReferenceClockS: number;
  /** Seconds from injection to the decay reference. */
  readonly decayTimeS: number;
}

/**
 * The time the injected activity is decayed to, as QIBA's SUV pseudo-code and calculate-suv 1.1.0
 * choose it for DecayCorrection START: the series date-time, unless it is later than the earliest
 * acquisition (series re-created or post-processed), then the GE private post-injection time if
 * present, else the earliest acquisition time. ADMIN: the injection time itself (no decay).
 * @see QIBA FDG-PET/CT profile, SUV calculation pseudo-code (2013)
 */
export function decayReferenceClockS(input: SuvInput): number {
  if (input.decayCorrection === 'ADMIN') return input.injectionClockS;
  const series = input.seriesClockS;
  const earliest = input.earliestAcquisitionClockS;
  if (series !== undefined && (earliest === undefined || series <= earliest)) return series;
  if (earliest === undefined)
    throw new DicomError(
      'missing-attribute',
      'neither SeriesDate/SeriesTime nor AcquisitionDate/AcquisitionTime is present: no scan time to decay the dose to',
      {
        attribute: 'SeriesTime',
      },
    );
  return input.gePostInjectionClockS ?? earliest;
}

function splitDt(clockS: number): { date: string; time: string } {
  const dt = formatDt(clockS);
  return { date: dt.slice(0, 8), time: dt.slice(8) };
}

/**
 * SUV factors for Bq/ml data, computed by `@cornerstonejs/calculate-suv` (decay of the dose, LBM
 * and BSA formulas). This adapter maps the typed input to the library's DICOM-keyword input: the
 * decay reference chosen above is given as both series and acquisition time, so the library decays
 * to exactly that time; the units are BQML because callers convert CNTS/GML to Bq/ml first; when
 * height or sex is unknown a placeholder is passed (the library otherwise logs to the console) and
 * the LBM/BSA results are dropped.
 */
export function computeSuvScale(input: SuvInput): SuvComputation {
  const reference = decayReferenceClockS(input);
  const decayTimeS = reference - input.injectionClockS;
  if (decayTimeS < 0)
    throw new DicomError(
      'invalid-attribute',
      `injection time ${formatIsoLocal(input.injectionClockS)} is after the scan time ${formatIsoLocal(reference)}`,
      { attribute: 'RadiopharmaceuticalStartDateTime' },
    );
  const scan = splitDt(reference);
  const metadata: InstanceMetadata = {
    CorrectedImage: ['ATTN', 'DECY'],
    Units: 'BQML',
    RadionuclideHalfLife: input.halfLifeS,
    RadionuclideTotalDose: input.injectedActivityBq,
    DecayCorrection: 'START',
    PatientWeight: input.weightKg,
    SeriesDate: scan.date,
    SeriesTime: scan.time,
    AcquisitionDate: scan.date,
    AcquisitionTime: scan.time,
    RadiopharmaceuticalStartDateTime: formatDt(input.injectionClockS),
    PatientSize: input.heightM ?? 1.7,
    PatientSex: input.sex ?? 'M',
  };
  let result: ReturnType<typeof calculateSUVScalingFactors>[number] | undefined;
  try {
    result = calculateSUVScalingFactors([metadata])[0];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DicomError('invalid-attribute', `SUV factors could not be computed: ${reason}`);
  }
  if (result === undefined) throw new DicomError('invalid-attribute', 'SUV factors could not be computed');
  const hasHeight = input.heightM !== undefined;
  const hasLbm = hasHeight && input.sex !== undefined;
  const lbmJanmahasatian = hasLbm ? result.suvlbmJanma : undefined;
  return {
    suvScale: {
      bw: result.suvbw,
      lbm: lbmJanmahasatian,
      lbmJanmahasatian,
      lbmJames:
        input.heightM !== undefined && input.sex !== undefined
          ? (result.suvbw * jamesLeanBodyMassKg(input.weightKg, input.heightM, input.sex)) / input.weightKg
          : undefined,
      bsa: hasHeight ? result.suvbsa : undefined,
    },
    decayReferenceClockS: reference,
    decayTimeS,
  };
}
