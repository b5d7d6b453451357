/** R-like number printing for the text output of `cxcr4pet stats`. */

/** x to `digits` significant digits as R's `format(signif(x, digits))` roughly does; NaN → "NA". */
export function signif(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'NA';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs < 1e-4 || abs >= 1e15) return x.toExponential(digits - 1).replace(/e([+-])(\d)$/, 'e$10$2');
  return String(Number(x.toPrecision(digits)));
}

/** A p-value as R's `format.pval`: below 2e-16 printed as "<2e-16". */
export function pValue(p: number): string {
  if (Number.isNaN(p)) return 'NA';
  return p < 2.2e-16 ? '<2e-16' : signif(p, 4);
}

/** Right-aligned columns under a header, the first column left-aligned (row names). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, j) => Math.max(...all.map((r) => (r[j] ?? '').length)));
  return all
    .map((r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j] ?? 0) : c.padStart(widths[j] ?? 0))).join('  '))
    .join('\n');
}
