import { UsageError } from '../../command.ts';

/** The option values of `cxcr4pet stats` after `util.parseArgs`. */
export type StatsOptions = Readonly<Record<string, string | boolean | undefined>>;

/** What a statistics subcommand prints: the JSON object (`--json`) and the R-like text. */
export interface StatsOutput {
  readonly json: Readonly<Record<string, unknown>>;
  readonly text: string;
}

/** A required string option, or a usage error naming it and the test. */
export function required(options: StatsOptions, name: string, test: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`${test} needs --${name} <column>`);
  return value;
}

/** An optional string option. */
export function optional(options: StatsOptions, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A comma-separated list option (e.g. --covariates age,sex). */
export function list(value: string | undefined): string[] {
  return value === undefined
    ? []
    : value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

/** An optional number option within (lo, hi), or a usage error. */
export function numberOption(
  options: StatsOptions,
  name: string,
  fallback: number,
  lo: number,
  hi: number,
): number {
  const value = optional(options, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > lo && n < hi))
    throw new UsageError(`--${name} must be a number between ${lo} and ${hi}, got '${value}'`);
  return n;
}

/** Replaces NaN and ±Infinity by null so JSON carries R's NA explicitly. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
