import { describe, expect, it } from 'vitest';
import { DicomError } from '../errors.ts';
import { combineDaTmS } from './dicom-time.ts';
import { computeSuvScale, type SuvInput } from './suv-factors.ts';

const clock = (da: string, tm: string): number => combineDaTmS(da, tm) ?? Number.NaN;

// A reference patient: 70 kg, 1.75 m, male; 200 MBq of 18F (T½ 6586.2 s) at 10:00:00.
const base: SuvInput = {
  injectedActivityBq: 200e6,
  halfLifeS: 6586.2,
  injectionClockS: clock('20240315', '100000'),
  seriesClockS: clock('20240315', '110000'),
  earliestAcquisitionClockS: clock('20240315', '110000'),
  gePostInjectionClockS: undefined,
  decayCorrection: 'START',
  weightKg: 70,
  heightM: 1.75,
  sex: 'M',
};

function relative(actual: number | undefined, expected: number): number {
  return Math.abs((actual ?? Number.NaN) / expected - 1);
}

describe('SUV factors worked by hand', () => {
  it('decays the dose to the series time for DecayCorrection START', () => {
    // Δt = 3600 s; 2^(−3600/6586.2) = 0.684632920; decayed dose 136.926584 MBq;
    // SUVbw factor = 70 000 g / 136 926 584 Bq = 5.11222861e-4 g/Bq. Tolerance 1e-9 relative
    // (double arithmetic; the hand value carries 9 digits).
    const { suvScale, decayTimeS } = computeSuvScale(base);
    expect(decayTimeS).toBe(3600);
    expect(relative(suvScale.bw, 5.11222861e-4)).toBeLessThan(1e-8);
  });

  it('does not decay the dose for DecayCorrection ADMIN', () => {
    // 70 000 g / 200 000 000 Bq = 3.5e-4 g/Bq exactly.
    const { suvScale, decayTimeS } = computeSuvScale({ ...base, decayCorrection: 'ADMIN' });
    expect(decayTimeS).toBe(0);
    expect(relative(suvScale.bw, 3.5e-4)).toBeLessThan(1e-12);
  });

  it('uses the earliest acquisition when the series time is later (QIBA), else the GE private time', () => {
    // Series re-created at 12:00 but first bed acquired at 11:00: decay to 11:00 → same as START case.
    const later = { ...base, seriesClockS: clock('20240315', '120000') };
    expect(computeSuvScale(later).decayTimeS).toBe(3600);
    // With GE's post-injection date-time 10:30: Δt = 1800 s.
    expect(computeSuvScale({ ...later, gePostInjectionClockS: clock('20240315', '103000') }).decayTimeS).toBe(
      1800,
    );
  });

  it('gives LBM (Janmahasatian default, James) and BSA (Du Bois) factors from height and sex', () => {
    // BMI = 70 / 1.75² = 22.857143; Janmahasatian (men) LBM = 9270·70 / (6680 + 216·22.857143)
    //   = 648 900 / 11 617.143 = 55.857108 kg → factor = 55 857.108 g / 136 926 584 Bq = 4.0793e-4.
    // James (men) LBM = 1.10·70 − 128·(70/175)² = 77 − 20.48 = 56.52 kg → 56 520 g / 136 926 584 Bq.
    // Du Bois BSA = 71.84 · 70^0.425 · 175^0.725 = 18 481.430 cm² → 18 481.430 / 136 926 584 cm²/Bq.
    const decayedBq = 200e6 * 0.6846329195720021;
    const { suvScale } = computeSuvScale(base);
    expect(relative(suvScale.lbm, 55857.10772257747 / decayedBq)).toBeLessThan(1e-9);
    expect(suvScale.lbm).toBe(suvScale.lbmJanmahasatian);
    expect(relative(suvScale.lbmJames, 56520 / decayedBq)).toBeLessThan(1e-9);
    expect(relative(suvScale.bsa, 18481.430181213465 / decayedBq)).toBeLessThan(1e-9);
  });

  it('leaves LBM and BSA undefined without height, and LBM without sex', () => {
    const noHeight = computeSuvScale({ ...base, heightM: undefined }).suvScale;
    expect([noHeight.lbm, noHeight.lbmJames, noHeight.bsa]).toEqual([undefined, undefined, undefined]);
    const noSex = computeSuvScale({ ...base, sex: undefined }).suvScale;
    expect(noSex.lbm).toBeUndefined();
    expect(noSex.bsa).toBeDefined();
  });

  it('rejects an injection after the scan', () => {
    expect(() => computeSuvScale({ ...base, injectionClockS: clock('20240315', '113000') })).toThrow(
      /injection time 2024-03-15T11:30:00.000000 is after the scan time 2024-03-15T11:00:00/,
    );
    expect(() => computeSuvScale({ ...base, injectionClockS: clock('20240315', '113000') })).toThrow(
      DicomError,
    );
  });
});
