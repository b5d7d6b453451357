// Small dense symmetric positive-definite algebra for Cox and log-rank (p ≤ ~20): a plain
// Cholesky is clearer than pulling in a matrix library for three operations.

/** A square matrix as rows. */
export type Matrix = readonly (readonly number[])[];

/**
 * Cholesky factor L (lower triangular, A = L Lᵀ) of a symmetric matrix, or `undefined` when a
 * pivot falls below `tolerance` × the largest diagonal element (singular or not positive definite),
 * the rule of survival's `cholesky2`.
 */
export function cholesky(a: Matrix, tolerance = Number.EPSILON ** 0.75): number[][] | undefined {
  const p = a.length;
  const l = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i]?.[i] ?? 0));
  const eps = maxDiag * tolerance;
  for (let j = 0; j < p; j++) {
    const lj = l[j] ?? [];
    let diag = a[j]?.[j] ?? 0;
    for (let k = 0; k < j; k++) diag -= (lj[k] ?? 0) ** 2;
    if (!(diag > eps)) return undefined;
    const root = Math.sqrt(diag);
    lj[j] = root;
    for (let i = j + 1; i < p; i++) {
      const li = l[i] ?? [];
      let v = a[i]?.[j] ?? 0;
      for (let k = 0; k < j; k++) v -= (li[k] ?? 0) * (lj[k] ?? 0);
      li[j] = v / root;
    }
  }
  return l;
}

/** Solves L Lᵀ x = b given the Cholesky factor L. */
export function choleskySolve(l: Matrix, b: readonly number[]): number[] {
  const p = b.length;
  const y = new Array<number>(p).fill(0);
  for (let i = 0; i < p; i++) {
    let v = b[i] ?? 0;
    for (let k = 0; k < i; k++) v -= (l[i]?.[k] ?? 0) * (y[k] ?? 0);
    y[i] = v / (l[i]?.[i] ?? 1);
  }
  const x = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let v = y[i] ?? 0;
    for (let k = i + 1; k < p; k++) v -= (l[k]?.[i] ?? 0) * (x[k] ?? 0);
    x[i] = v / (l[i]?.[i] ?? 1);
  }
  return x;
}

/** Inverse of a symmetric positive-definite matrix from its Cholesky factor. */
export function choleskyInverse(l: Matrix): number[][] {
  const p = l.length;
  const columns = Array.from({ length: p }, (_, j) =>
    choleskySolve(
      l,
      Array.from({ length: p }, (_, i) => (i === j ? 1 : 0)),
    ),
  );
  return Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => columns[j]?.[i] ?? 0));
}

/** The quadratic form bᵀ A⁻¹ b, or `undefined` when A is singular. */
export function quadraticFormInverse(a: Matrix, b: readonly number[]): number | undefined {
  const l = cholesky(a);
  if (!l) return undefined;
  const x = choleskySolve(l, b);
  return b.reduce((sum, v, i) => sum + v * (x[i] ?? 0), 0);
}
