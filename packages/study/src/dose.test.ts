import { describe, expect, it } from 'vitest';
import { assessDose, doseWindowDeviations, HALF_LIFE_S, netInjectedActivity, uptakeTime } from './dose.ts';
import type { DoseRecord } from './records/dose.ts';
import type { Scan } from './records/scan.ts';

const dose: DoseRecord = {
  participantId: 'CX-001',
  tracer: 'pentixafor',
  radionuclide: 'Ga-68',
  syringeBefore: { activityMBq: 150, measuredAt: '2024-03-01T10:00:00+08:00' },
  syringeResidual: { activityMBq: 5, measuredAt: '2024-03-01T10:20:00+08:00' },
  injectedAt: '2024-03-01T10:10:00+08:00',
};

const scan: Scan = {
  scanId: 'S1',
  participantId: 'CX-001',
  tracer: 'pentixafor',
  timepoint: 'baseline',
  acquisitionStartAt: '2024-03-01T11:07:30+08:00',
};

describe('net injected activity', () => {
  it('decays the syringe reading forward and the residual back to injection (68Ga, hand calculation)', () => {
    // Hand calculation, T½(68Ga) = 4062.6 s (ENSDF 67.71 min), both readings 600 s from injection:
    //   600 / 4062.6 = 0.147688672; × ln 2 = 0.102370...; e^-0.102370 = 0.9026955
    //   before at injection  = 150 MBq × 0.9026955 = 135.40433 MBq
    //   residual at injection = 5 MBq / 0.9026955  =   5.53897 MBq  (e^+0.102370 = 1.1077933)
    //   net                                       = 129.86536 MBq
    // Tolerance 1e-9 relative: the only error is floating-point rounding of a few operations.
    const r = netInjectedActivity(dose);
    expect(r.halfLifeS).toBe(4062.6);
    expect(r.beforeAtInjectionMBq).toBeCloseTo(135.40433, 4);
    expect(r.residualAtInjectionMBq).toBeCloseTo(5.53897, 4);
    expect(Math.abs(r.netInjectedActivityMBq - 129.8653593) / 129.8653593).toBeLessThan(1e-8);
    expect(r.netInjectedActivityBq).toBeCloseTo(129.8653593e6, -1);
    expect(r.warnings).toEqual([]);
  });

  it('halves the syringe activity over exactly one half-life of 18F', () => {
    const f18: DoseRecord = {
      participantId: 'CX-001',
      tracer: 'fdg',
      radionuclide: 'F-18',
      syringeBefore: { activityMBq: 400, measuredAt: '2024-03-01T08:00:00Z' },
      syringeResidual: { activityMBq: 0, measuredAt: '2024-03-01T09:49:46.2Z' },
      injectedAt: '2024-03-01T09:49:46.2Z', // 08:00:00 + 6586.2 s
    };
    expect(HALF_LIFE_S['F-18']).toBe(6586.2);
    expect(netInjectedActivity(f18).netInjectedActivityMBq).toBeCloseTo(200, 9);
  });

  it('counts a missing residual as zero and says so', () => {
    const { syringeResidual: _, ...noResidual } = dose;
    const r = netInjectedActivity(noResidual);
    expect(r.netInjectedActivityMBq).toBeCloseTo(135.40433, 4);
    expect(r.warnings.map((x) => x.code)).toEqual(['residual-not-measured']);
  });

  it('rejects a residual measured before the injection', () => {
    const bad = { ...dose, syringeResidual: { activityMBq: 5, measuredAt: '2024-03-01T10:05:00+08:00' } };
    expect(() => netInjectedActivity(bad)).toThrow(
      /field 'syringeResidual.measuredAt' is before the injection time/,
    );
  });

  it('rejects a pre-injection reading taken after the injection', () => {
    const bad = { ...dose, syringeBefore: { activityMBq: 150, measuredAt: '2024-03-01T10:11:00+08:00' } };
    expect(() => netInjectedActivity(bad)).toThrow(
      /field 'syringeBefore.measuredAt' is after the injection time/,
    );
  });

  it('rejects a residual larger than what was in the syringe', () => {
    const bad = { ...dose, syringeResidual: { activityMBq: 140, measuredAt: '2024-03-01T10:10:00+08:00' } };
    expect(() => netInjectedActivity(bad)).toThrow(/is not less than the activity before injection/);
  });

  it('uses an explicit half-life instead of the tabulated one', () => {
    // With T½ = 600 s each reading is exactly one half-life away: 150/2 − 5×2 = 65 MBq.
    expect(netInjectedActivity(dose, { halfLifeS: 600 }).netInjectedActivityMBq).toBeCloseTo(65, 9);
    expect(() => netInjectedActivity(dose, { halfLifeS: 0 })).toThrow(/half-life must be a positive/);
  });
});

describe('dose window', () => {
  it('accepts 74 and 148 MBq, the protocol bounds, and flags values just outside as deviations', () => {
    expect(doseWindowDeviations('pentixafor', 74)).toEqual([]);
    expect(doseWindowDeviations('pentixafor', 148)).toEqual([]);
    expect(doseWindowDeviations('pentixafor', 73.9).map((d) => d.code)).toEqual(['dose-below-window']);
    const above = doseWindowDeviations('pentixafor', 148.1);
    expect(above.map((d) => d.code)).toEqual(['dose-above-window']);
    expect(above[0]?.protocol).toEqual({ id: 'NCT04504526', version: '2023-09-15' });
  });

  it('never flags FDG, whose activity the protocol does not set', () => {
    expect(doseWindowDeviations('fdg', 400)).toEqual([]);
  });

  it('records a high Pentixafor dose as a deviation but still returns the full assessment', () => {
    const high = { ...dose, syringeBefore: { activityMBq: 200, measuredAt: '2024-03-01T10:10:00+08:00' } };
    const r = assessDose(high, scan);
    // 200 MBq at injection − 5.53897 MBq residual = 194.46 MBq > 148.
    expect(r.netInjectedActivityMBq).toBeCloseTo(194.46103, 4);
    expect(r.deviations.map((d) => d.code)).toEqual(['dose-above-window']);
  });
});

describe('uptake time', () => {
  it('runs from injection to the start of the PET acquisition', () => {
    // 10:10:00 → 11:07:30 = 57.5 min = 3450 s.
    expect(uptakeTime(dose, scan)).toEqual({ uptakeS: 3450, uptakeMin: 57.5 });
    expect(assessDose(dose, scan).uptakeMin).toBe(57.5);
    expect(assessDose(dose).uptakeS).toBeUndefined();
  });

  it('rejects a scan that starts before the injection or belongs to another tracer', () => {
    expect(() => uptakeTime(dose, { ...scan, acquisitionStartAt: '2024-03-01T10:00:00+08:00' })).toThrow(
      /before the injection/,
    );
    expect(() => uptakeTime(dose, { ...scan, tracer: 'fdg' })).toThrow(/does not match the dose record/);
  });
});
