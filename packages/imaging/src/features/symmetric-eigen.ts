/**
 * Eigenvalues of a symmetric 3 × 3 matrix [[a, d, e], [d, b, f], [e, f, c]], largest first, by the
 * closed-form trigonometric method (Smith 1961). Hand-written: three numbers do not need a library.
 */
export function symmetricEigenvalues3(
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
  f: number,
): readonly [number, number, number] {
  const offDiagonal = d * d + e * e + f * f;
  if (offDiagonal === 0) {
    const sorted = [a, b, c].sort((x, y) => y - x);
    return [sorted[0] ?? 0, sorted[1] ?? 0, sorted[2] ?? 0];
  }
  const q = (a + b + c) / 3;
  const p = Math.sqrt(((a - q) ** 2 + (b - q) ** 2 + (c - q) ** 2 + 2 * offDiagonal) / 6);
  // B = (A − qI) / p; r = det(B) / 2, clamped against rounding.
  const ba = (a - q) / p;
  const bb = (b - q) / p;
  const bc = (c - q) / p;
  const bd = d / p;
  const be = e / p;
  const bf = f / p;
  const det = ba * (bb * bc - bf * bf) - bd * (bd * bc - bf * be) + be * (bd * bf - bb * be);
  const r = Math.min(1, Math.max(-1, det / 2));
  const phi = Math.acos(r) / 3;
  const largest = q + 2 * p * Math.cos(phi);
  const smallest = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  return [largest, 3 * q - largest - smallest, smallest];
}
