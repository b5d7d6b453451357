/**
 * Solves the small dense system m·x = rhs by Gaussian elimination with partial pivoting (the 6 × 6
 * normal equations of the registration); undefined when a pivot vanishes. Does not change its inputs.
 */
export function solveLinearSystem(
  m: readonly (readonly number[])[],
  rhs: readonly number[],
): number[] | undefined {
  const n = rhs.length;
  const a = m.map((row, r) => [...row, rhs[r] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs((a[r] as number[])[col] as number) > Math.abs((a[pivot] as number[])[col] as number))
        pivot = r;
    const top = a[pivot] as number[];
    if (!(Math.abs(top[col] as number) > 0)) return undefined;
    a[pivot] = a[col] as number[];
    a[col] = top;
    for (let r = col + 1; r < n; r++) {
      const row = a[r] as number[];
      const f = (row[col] as number) / (top[col] as number);
      for (let c = col; c <= n; c++) row[c] = (row[c] as number) - f * (top[c] as number);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = a[r] as number[];
    let sum = row[n] as number;
    for (let c = r + 1; c < n; c++) sum -= (row[c] as number) * (x[c] as number);
    x[r] = sum / (row[r] as number);
  }
  return x;
}
