import type { ProtocolDeviation } from './deviations.ts';
import { StudyError } from './errors.ts';
import { PROTOCOL, PROTOCOL_STAMP, type ProtocolStamp } from './protocol.ts';
import type { DoseRecord } from './records/dose.ts';
import type { Scan } from './records/scan.ts';
import { secondsBetween } from './time.ts';

/**
 * Physical half-lives (s) used for decay correction.
 * - Ga-68: 67.71 min = 4062.6 s, the ENSDF/NNDC evaluated value and the one PET vendors write into
 *   DICOM RadionuclideHalfLife, so our decay correction matches the scanner's SUV arithmetic. The DDEP
 *   value (67.83 min) differs by 0.18 %, which changes a 10-minute correction by about 0.02 %.
 * - F-18: 109.77 min = 6586.2 s (ENSDF/NNDC), likewise the value in scanner headers.
 */
export const HALF_LIFE_S = { 'Ga-68': 4062.6, 'F-18': 6586.2 } as const;

/** Something tolerated but worth telling the user (not a protocol deviation). */
export interface DoseWarning {
  readonly code: 'residual-not-measured';
  readonly message: string;
}

/** The net activity administered, decay-corrected to the injection time. */
export interface NetInjectedActivity {
  readonly netInjectedActivityBq: number;
  readonly netInjectedActivityMBq: number;
  /** The pre-injection syringe reading decayed forward to the injection time (MBq). */
  readonly beforeAtInjectionMBq: number;
  /** The residual reading decayed back to the injection time (MBq); 0 when not measured. */
  readonly residualAtInjectionMBq: number;
  readonly halfLifeS: number;
  readonly warnings: readonly DoseWarning[];
}

const REC = 'dose record';

/**
 * Net injected activity at injection time: A_before·2^(−(t_inj − t_before)/T½) − A_residual·2^((t_res −
 * t_inj)/T½). The pre-injection reading must be taken at or before injection and the residual at or
 * after it; a net activity that is not positive is rejected. A missing residual counts as 0 with a
 * warning. `halfLifeS` overrides the radionuclide's tabulated half-life.
 * The residual is measured and subtracted as the EANM tumour-imaging guideline asks for quantitative PET
 * (Boellaard et al., EJNMMI 2015;42:328–354, v2.0); decay uses the physical half-life only.
 */
export function netInjectedActivity(
  dose: DoseRecord,
  options: { halfLifeS?: number } = {},
): NetInjectedActivity {
  const halfLifeS = options.halfLifeS ?? HALF_LIFE_S[dose.radionuclide];
  if (!(halfLifeS > 0) || !Number.isFinite(halfLifeS)) {
    throw new StudyError(
      'invalid-value',
      `${REC}: half-life must be a positive number of seconds, got ${halfLifeS}.`,
      {
        record: REC,
        field: 'halfLifeS',
      },
    );
  }
  const injected = { record: REC, field: 'injectedAt' };
  const beforeS = secondsBetween(
    dose.syringeBefore.measuredAt,
    dose.injectedAt,
    { record: REC, field: 'syringeBefore.measuredAt' },
    injected,
  );
  if (beforeS < 0) {
    throw new StudyError(
      'time-order',
      `${REC}: field 'syringeBefore.measuredAt' is after the injection time.`,
      {
        record: REC,
        field: 'syringeBefore.measuredAt',
      },
    );
  }
  const beforeAtInjectionMBq = dose.syringeBefore.activityMBq * 2 ** (-beforeS / halfLifeS);
  const warnings: DoseWarning[] = [];
  let residualAtInjectionMBq = 0;
  if (dose.syringeResidual === undefined) {
    warnings.push({
      code: 'residual-not-measured',
      message: `${REC}: no residual syringe activity; net activity assumes none was left.`,
    });
  } else {
    const field = 'syringeResidual.measuredAt';
    const afterS = secondsBetween(dose.injectedAt, dose.syringeResidual.measuredAt, injected, {
      record: REC,
      field,
    });
    if (afterS < 0) {
      throw new StudyError('time-order', `${REC}: field '${field}' is before the injection time.`, {
        record: REC,
        field,
      });
    }
    residualAtInjectionMBq = dose.syringeResidual.activityMBq * 2 ** (afterS / halfLifeS);
  }
  const netMBq = beforeAtInjectionMBq - residualAtInjectionMBq;
  if (!(netMBq > 0)) {
    throw new StudyError(
      'invalid-value',
      `${REC}: field 'syringeResidual.activityMBq' decay-corrected to injection (${residualAtInjectionMBq.toFixed(2)} MBq) is not less than the activity before injection (${beforeAtInjectionMBq.toFixed(2)} MBq).`,
      { record: REC, field: 'syringeResidual.activityMBq' },
    );
  }
  return {
    netInjectedActivityBq: netMBq * 1e6,
    netInjectedActivityMBq: netMBq,
    beforeAtInjectionMBq,
    residualAtInjectionMBq,
    halfLifeS,
    warnings,
  };
}

/**
 * The protocol's dose window for 68Ga-Pentixafor, 74–148 MBq inclusive (NCT04504526, "Interventions").
 * Outside it, a protocol deviation is returned (never an error: the scan happened and its data count).
 * FDG activity is not set by the protocol, so FDG doses yield no deviation.
 */
export function doseWindowDeviations(
  tracer: DoseRecord['tracer'],
  netInjectedActivityMBq: number,
): readonly ProtocolDeviation[] {
  if (tracer !== 'pentixafor') return [];
  const { pentixaforDoseMinMBq: min, pentixaforDoseMaxMBq: max } = PROTOCOL;
  const shown = netInjectedActivityMBq.toFixed(1);
  if (netInjectedActivityMBq < min) {
    return [
      deviation(
        'dose-below-window',
        `68Ga-Pentixafor net injected activity ${shown} MBq is below the protocol window ${min}–${max} MBq.`,
      ),
    ];
  }
  if (netInjectedActivityMBq > max) {
    return [
      deviation(
        'dose-above-window',
        `68Ga-Pentixafor net injected activity ${shown} MBq is above the protocol window ${min}–${max} MBq.`,
      ),
    ];
  }
  return [];
}

function deviation(code: 'dose-below-window' | 'dose-above-window', message: string): ProtocolDeviation {
  return {
    kind: 'protocol-deviation',
    code,
    field: 'netInjectedActivityMBq',
    message,
    protocol: PROTOCOL_STAMP,
  };
}

/** Uptake time: from injection to the start of the PET acquisition, in seconds and minutes. */
export function uptakeTime(
  dose: DoseRecord,
  scan: Scan,
): { readonly uptakeS: number; readonly uptakeMin: number } {
  if (dose.participantId !== scan.participantId || dose.tracer !== scan.tracer) {
    throw new StudyError(
      'participant-mismatch',
      `scan ${scan.scanId}: participant/tracer (${scan.participantId}, ${scan.tracer}) does not match the dose record (${dose.participantId}, ${dose.tracer}).`,
      { record: 'scan', field: 'participantId' },
    );
  }
  const uptakeS = secondsBetween(
    dose.injectedAt,
    scan.acquisitionStartAt,
    { record: REC, field: 'injectedAt' },
    { record: 'scan', field: 'acquisitionStartAt' },
  );
  if (uptakeS < 0) {
    throw new StudyError(
      'time-order',
      `scan ${scan.scanId}: field 'acquisitionStartAt' is before the injection time.`,
      {
        record: 'scan',
        field: 'acquisitionStartAt',
      },
    );
  }
  return { uptakeS, uptakeMin: uptakeS / 60 };
}

/** Everything derived from a dose record (and, when given, its scan): net activity, window, uptake time. */
export interface DoseAssessment extends NetInjectedActivity {
  readonly deviations: readonly ProtocolDeviation[];
  readonly uptakeS: number | undefined;
  readonly uptakeMin: number | undefined;
  readonly protocol: ProtocolStamp;
}

/** Derives net injected activity, the dose-window deviation and (with a scan) the uptake time. */
export function assessDose(dose: DoseRecord, scan?: Scan): DoseAssessment {
  const net = netInjectedActivity(dose);
  const uptake = scan === undefined ? undefined : uptakeTime(dose, scan);
  return {
    ...net,
    deviations: doseWindowDeviations(dose.tracer, net.netInjectedActivityMBq),
    uptakeS: uptake?.uptakeS,
    uptakeMin: uptake?.uptakeMin,
    protocol: PROTOCOL_STAMP,
  };
}
