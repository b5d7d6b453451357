import { describe, expect, it } from 'vitest';
import { iss, r2Iss, rIss } from './myeloma-iss.ts';

// ISS: Greipp et al., J Clin Oncol 2005;23:3412 (I: B2M < 3.5 mg/L and albumin >= 3.5 g/dL; III: B2M
// >= 5.5 mg/L; II: neither). R-ISS: Palumbo et al., J Clin Oncol 2015;33:2863 (I: ISS I, standard-risk
// iFISH, normal LDH; III: ISS III and high-risk iFISH [del(17p), t(4;14), t(14;16)] or high LDH; II: rest).
// R2-ISS: D'Agostino et al., J Clin Oncol 2022;40:3406 (ISS II 1, ISS III 1.5, del(17p) 1, LDH 1,
// t(4;14) 1, 1q+ 0.5; I 0, II 0.5-1, III 1.5-2.5, IV 3-5). Patients worked by hand.
const standard = {
  ldhUPerL: 200,
  ldhUpperLimitUPerL: 250,
  del17p: false,
  t4p14: false,
  t14p16: false,
  gain1q: false,
};

describe('ISS', () => {
  it('stages at the published cut-offs', () => {
    expect(iss({ beta2MicroglobulinMgPerL: 3.4, albuminGPerDl: 3.5 })).toMatchObject({
      kind: 'scored',
      group: 'I',
    });
    // B2M exactly 3.5 is no longer < 3.5 → II.
    expect(iss({ beta2MicroglobulinMgPerL: 3.5, albuminGPerDl: 4.0 })).toMatchObject({ group: 'II' });
    // Low B2M but albumin 3.4 → II.
    expect(iss({ beta2MicroglobulinMgPerL: 2.0, albuminGPerDl: 3.4 })).toMatchObject({ group: 'II' });
    expect(iss({ beta2MicroglobulinMgPerL: 5.5, albuminGPerDl: 4.0 })).toMatchObject({ group: 'III' });
  });

  it('needs albumin even when beta2-microglobulin alone would decide', () => {
    expect(iss({ beta2MicroglobulinMgPerL: 8 })).toMatchObject({
      kind: 'missing',
      missing: ['albuminGPerDl'],
    });
  });
});

describe('R-ISS', () => {
  it('keeps ISS I with standard-risk FISH and normal LDH as R-ISS I, and moves it to II on t(14;16)', () => {
    const issI = { beta2MicroglobulinMgPerL: 2.5, albuminGPerDl: 4.1 };
    expect(rIss({ ...issI, ...standard })).toMatchObject({ kind: 'scored', group: 'I' });
    expect(rIss({ ...issI, ...standard, t14p16: true })).toMatchObject({ group: 'II' });
  });

  it('makes ISS III III only with high-risk FISH or high LDH', () => {
    const issIII = { beta2MicroglobulinMgPerL: 7.2, albuminGPerDl: 2.9 };
    expect(rIss({ ...issIII, ...standard })).toMatchObject({ group: 'II' });
    expect(rIss({ ...issIII, ...standard, ldhUPerL: 300 })).toMatchObject({ group: 'III' });
    expect(rIss({ ...issIII, ...standard, del17p: true })).toMatchObject({ group: 'III' });
  });

  it('needs every FISH abnormality to have been tested', () => {
    const { t14p16: _, ...untested } = standard;
    expect(rIss({ beta2MicroglobulinMgPerL: 2.5, albuminGPerDl: 4.1, ...untested })).toMatchObject({
      kind: 'missing',
      missing: ['t14p16'],
    });
  });
});

describe('R2-ISS', () => {
  it('sums the published weights: ISS III (1.5) + 1q+ (0.5) = 2, stage III', () => {
    const r = r2Iss({ beta2MicroglobulinMgPerL: 6, albuminGPerDl: 3.0, ...standard, gain1q: true });
    expect(r).toMatchObject({ kind: 'scored', points: 2, group: 'III' });
    if (r.kind === 'scored')
      expect(r.factors.filter((f) => f.present).map((f) => [f.name, f.points])).toEqual([
        ['ISS stage III', 1.5],
        ['1q+', 0.5],
      ]);
  });

  it('separates the four stages at 0, 0.5-1, 1.5-2.5 and 3-5', () => {
    const issI = { beta2MicroglobulinMgPerL: 2.5, albuminGPerDl: 4.1 };
    expect(r2Iss({ ...issI, ...standard })).toMatchObject({ points: 0, group: 'I' });
    expect(r2Iss({ ...issI, ...standard, gain1q: true })).toMatchObject({ points: 0.5, group: 'II' });
    // ISS II (1) → II.
    expect(r2Iss({ beta2MicroglobulinMgPerL: 4, albuminGPerDl: 4.1, ...standard })).toMatchObject({
      points: 1,
      group: 'II',
    });
    // ISS II (1) + 1q+ (0.5) = 1.5 → III.
    expect(
      r2Iss({ beta2MicroglobulinMgPerL: 4, albuminGPerDl: 4.1, ...standard, gain1q: true }),
    ).toMatchObject({ points: 1.5, group: 'III' });
    // ISS III 1.5 + del17p 1 + 1q+ 0.5 = 3 → IV.
    expect(
      r2Iss({ beta2MicroglobulinMgPerL: 6, albuminGPerDl: 3, ...standard, del17p: true, gain1q: true }),
    ).toMatchObject({ points: 3, group: 'IV' });
    // The maximum: 1.5 + 1 + 1 + 1 + 0.5 = 5.
    expect(
      r2Iss({
        beta2MicroglobulinMgPerL: 6,
        albuminGPerDl: 3,
        ldhUPerL: 400,
        ldhUpperLimitUPerL: 250,
        del17p: true,
        t4p14: true,
        t14p16: false,
        gain1q: true,
      }),
    ).toMatchObject({ points: 5, group: 'IV' });
  });

  it('does not need t(14;16), which is not an R2-ISS factor', () => {
    const { t14p16: _, ...rest } = standard;
    expect(r2Iss({ beta2MicroglobulinMgPerL: 2.5, albuminGPerDl: 4.1, ...rest }).kind).toBe('scored');
  });
});
