import { addSeconds, type DecayCorrection, type LocalDateTime, type PetUnits } from '@cxcr4pet/dicom';
import { TRACERS, type Tracer } from './tracers.ts';

/** Vendor variants of the PET files, so that tests can exercise every path of a SUV reader. */
export interface PhantomVariant {
  /** DecayCorrection written, and the reference the stored values are corrected to. Default START. */
  readonly decayCorrection?: DecayCorrection;
  /** Units of the stored values: BQML (default), GML (SUVbw) or CNTS (Philips private factors). */
  readonly units?: PetUnits;
  /** Inject at 23:30 and start the series after midnight (the next day). */
  readonly injectionAcrossMidnight?: boolean;
  /** Write RadiopharmaceuticalStartDateTime (default true); false = start time only. */
  readonly writeInjectionDate?: boolean;
  /** Leave PatientWeight out of the files (truth.json still has the true weight). */
  readonly omitWeight?: boolean;
  /** AcquisitionTime − SeriesTime of every slice (s, default 0). Matters for DecayCorrection NONE. */
  readonly acquisitionDelayS?: number;
}

/**
 * The facts of one participant's scan, for phantoms made for a synthetic cohort (default: the tracer's
 * protocol activity, injection on 2026-03-16 at 09:00, a male patient). SUV truth does not depend on
 * them: the phantom's Bq/ml are made from SUV with these same numbers.
 */
export interface AcquisitionOverrides {
  /** Net activity injected (Bq). */
  readonly injectedActivityBq?: number;
  /** Local date and time of the injection, `YYYY-MM-DDTHH:MM:SS`. */
  readonly injectionDateTime?: LocalDateTime;
  readonly sex?: 'F' | 'M';
}

/** The acquisition facts of a phantom study: all the numbers a SUV calculation needs. */
export interface Acquisition {
  readonly tracer: Tracer;
  readonly radiopharmaceutical: string;
  readonly radionuclide: 'Ga68' | 'F18';
  readonly halfLifeS: number;
  readonly injectedActivityBq: number;
  readonly injectionDateTime: LocalDateTime;
  readonly seriesDateTime: LocalDateTime;
  readonly acquisitionDateTime: LocalDateTime;
  /** Series start − injection (s). */
  readonly uptakeS: number;
  /** exp(−ln2 · uptake / T½): the injected activity left at series start, as a fraction. */
  readonly decayToSeriesStart: number;
  readonly weightKg: number;
  readonly heightM: number;
  readonly sex: 'F' | 'M';
  readonly units: PetUnits;
  readonly decayCorrection: DecayCorrection;
  /** SUVbw per Bq/ml (decay-corrected to series start): weight (g) / injected activity at series start (Bq). */
  readonly suvBwPerBqMl: number;
  /** Philips Activity Concentration Scale Factor used with CNTS: Bq/ml per count (written in 7053,1009). */
  readonly philipsBqMlPerCount: number;
  /** ActualFrameDuration of every slice (s). */
  readonly frameDurationS: number;
}

const WEIGHT_KG = 72;
const HEIGHT_M = 1.74;
/** Bq/ml per count for the CNTS variant: an arbitrary scanner calibration (Philips writes its own). */
const BQML_PER_COUNT = 0.25;
/** Frame duration of every slice (s): 2 min per bed position, as clinical protocols do. */
const FRAME_DURATION_S = 120;

/** The acquisition of a tracer's study with the given variant. Fixed dates: same input, same output. */
export function acquisitionFor(
  tracer: Tracer,
  variant: PhantomVariant = {},
  overrides: AcquisitionOverrides = {},
): Acquisition {
  const protocol = TRACERS[tracer];
  const injectedActivityBq = overrides.injectedActivityBq ?? protocol.injectedActivityBq;
  if (!(Number.isFinite(injectedActivityBq) && injectedActivityBq > 0))
    throw new RangeError(`phantom injected activity must be a number > 0 Bq, got ${injectedActivityBq}`);
  const injectionDateTime =
    overrides.injectionDateTime ??
    (variant.injectionAcrossMidnight ? '2026-03-15T23:30:00' : '2026-03-16T09:00:00');
  const seriesDateTime = addSeconds(injectionDateTime, protocol.uptakeS);
  const decayToSeriesStart = Math.exp((-Math.LN2 * protocol.uptakeS) / protocol.halfLifeS);
  return {
    tracer,
    radiopharmaceutical: protocol.radiopharmaceutical,
    radionuclide: protocol.radionuclide,
    halfLifeS: protocol.halfLifeS,
    injectedActivityBq,
    injectionDateTime,
    seriesDateTime,
    acquisitionDateTime: addSeconds(seriesDateTime, variant.acquisitionDelayS ?? 0),
    uptakeS: protocol.uptakeS,
    decayToSeriesStart,
    weightKg: WEIGHT_KG,
    heightM: HEIGHT_M,
    sex: overrides.sex ?? 'M',
    units: variant.units ?? 'BQML',
    decayCorrection: variant.decayCorrection ?? 'START',
    suvBwPerBqMl: (WEIGHT_KG * 1000) / (injectedActivityBq * decayToSeriesStart),
    philipsBqMlPerCount: BQML_PER_COUNT,
    frameDurationS: FRAME_DURATION_S,
  };
}

/**
 * Factor from Bq/ml decay-corrected to series start (the truth) to the stored value's unit:
 * START ×1; ADMIN ×e^{λ·uptake} (corrected back to injection); NONE ×e^{−λ·delay} ×
 * (1 − e^{−λD})/(λD) (not corrected: the average activity over the frame of duration D that
 * starts `delay` after series start, as a scanner measures it); then GML ×SUVbw factor, CNTS ÷ Bq/ml
 * per count.
 */
export function storedPerTrueBqMl(acquisition: Acquisition, acquisitionDelayS = 0): number {
  const lambda = Math.LN2 / acquisition.halfLifeS;
  const decay =
    acquisition.decayCorrection === 'ADMIN'
      ? Math.exp(lambda * acquisition.uptakeS)
      : acquisition.decayCorrection === 'NONE'
        ? Math.exp(-lambda * acquisitionDelayS) * frameAverage(lambda, acquisition.frameDurationS)
        : 1;
  const unit =
    acquisition.units === 'GML'
      ? acquisition.suvBwPerBqMl
      : acquisition.units === 'CNTS'
        ? 1 / acquisition.philipsBqMlPerCount
        : 1;
  return decay * unit;
}

/** Mean of e^{−λt} over a frame 0 ≤ t ≤ D: (1 − e^{−λD}) / (λD). */
function frameAverage(lambdaPerS: number, durationS: number): number {
  const x = lambdaPerS * durationS;
  return x === 0 ? 1 : -Math.expm1(-x) / x;
}
