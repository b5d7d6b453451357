import { describe, expect, it } from 'vitest';
import { checkHalfLife, identifyNuclide } from './nuclide.ts';

describe('the radionuclide and its half-life', () => {
  it('recognises 18F and 68Ga from codes, code meanings and drug names', () => {
    expect(identifyNuclide('C-111A1', undefined, undefined)).toBe('F-18');
    expect(identifyNuclide(undefined, '^68^Gallium', undefined)).toBe('Ga-68');
    expect(identifyNuclide(undefined, undefined, '68Ga-Pentixafor')).toBe('Ga-68');
    expect(identifyNuclide(undefined, 'F^18^[^18^Fluorine]', undefined)).toBe('F-18');
    expect(identifyNuclide(undefined, undefined, 'unknown tracer')).toBeUndefined();
  });

  it('accepts what scanners write for 68Ga (4062.6–4080 s) and 18F (6586.2–6588 s)', () => {
    for (const halfLifeS of [4062.6, 4069.8, 4080]) expect(checkHalfLife(halfLifeS, 'Ga-68')).toBeUndefined();
    for (const halfLifeS of [6586.2, 6588]) expect(checkHalfLife(halfLifeS, 'F-18')).toBeUndefined();
  });

  it('warns when the half-life is more than 1 % off the nuclide (18F half-life on a 68Ga study)', () => {
    // (6586.2 − 4062.6) / 4062.6 = +62.1 %
    expect(checkHalfLife(6586.2, 'Ga-68')).toMatch(/differs by 62\.1 %/);
    // 1.1 % off: 4062.6 × 1.011 = 4107.29
    expect(checkHalfLife(4107.29, 'Ga-68')).toMatch(/1\.1 %/);
  });
});
