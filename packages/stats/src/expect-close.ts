// Test helper (not exported from the room): relative comparison that prints what it compared.
import { expect } from 'vitest';

/**
 * Asserts |actual − expected| ≤ relTol·|expected| (or ≤ absTol when given and larger), and on
 * failure prints the label, both values, their relative difference and the tolerance.
 */
export function expectClose(
  actual: number | null | undefined,
  expected: number | null | undefined,
  relTol: number,
  label: string,
  absTol = 0,
): void {
  if (expected === null || expected === undefined || Number.isNaN(expected)) {
    // R's NA and ±Inf both arrive as JSON null.
    const missing = actual === null || actual === undefined || !Number.isFinite(actual);
    expect(missing, `${label}: expected NA, got ${actual}`).toBe(true);
    return;
  }
  if (actual === null || actual === undefined) {
    expect.fail(`${label}: expected ${expected}, got ${actual}`);
    return;
  }
  if (!Number.isFinite(expected)) {
    expect(actual, label).toBe(expected);
    return;
  }
  const diff = Math.abs(actual - expected);
  const ok = diff <= Math.max(relTol * Math.abs(expected), absTol);
  const rel = expected === 0 ? diff : diff / Math.abs(expected);
  expect(
    ok,
    `${label}: expected ${expected}, got ${actual} (relative difference ${rel.toExponential(2)}, tolerance ${relTol}${absTol ? ` / abs ${absTol}` : ''})`,
  ).toBe(true);
}

/** `expectClose` over two arrays of the same length. */
export function expectAllClose(
  actual: readonly (number | null)[],
  expected: readonly (number | null)[],
  relTol: number,
  label: string,
  absTol = 0,
): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expectClose(actual[i], expected[i], relTol, `${label}[${i}]`, absTol);
}
