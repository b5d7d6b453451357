/**
 * Lean body mass by James (1976) in kg: men 1.10·W − 128·(W/H)², women 1.07·W − 148·(W/H)², W in kg,
 * H in cm. Hand-written because calculate-suv 1.1.0 uses 120 instead of 128 for men, which is not
 * the published formula (James WPT, Research on obesity, HMSO 1976; PERCIST, Wahl 2009, appendix).
 */
export function jamesLeanBodyMassKg(weightKg: number, heightM: number, sex: 'M' | 'F'): number {
  const ratio = weightKg / (heightM * 100);
  return sex === 'M' ? 1.1 * weightKg - 128 * ratio * ratio : 1.07 * weightKg - 148 * ratio * ratio;
}
