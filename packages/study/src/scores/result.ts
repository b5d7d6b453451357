import { StudyError } from '../errors.ts';

/** A published scoring or staging system and the exact definition implemented. */
export interface ScoreSystem {
  /** Short id, e.g. `ipi`. */
  readonly id: string;
  readonly name: string;
  /** The definition implemented, as a citation (paper, table); changes when the definition changes. */
  readonly version: string;
}

/** One factor of a score as evaluated for this patient: what was entered, whether it counts, its points. */
export interface ScoreFactor {
  readonly name: string;
  /** The entered value and the cut-off it was compared with, e.g. `67 years (> 60)`. */
  readonly value: string;
  readonly present: boolean;
  readonly points: number;
}

/**
 * The result of a score: either scored (group, total points when the system has points, and every factor
 * behind it) or missing (the input fields the definition needs that were not given; no guess is made).
 */
export type ScoreResult<G extends string> =
  | {
      readonly kind: 'scored';
      readonly system: ScoreSystem;
      readonly group: G;
      /** Total points; undefined for staging systems that are not point sums (ISS, Rai, Ann Arbor). */
      readonly points: number | undefined;
      readonly factors: readonly ScoreFactor[];
    }
  | {
      readonly kind: 'missing';
      readonly system: ScoreSystem;
      readonly missing: readonly string[];
      readonly message: string;
    };

type Present<T, K extends keyof T> = { readonly [P in K]-?: NonNullable<T[P]> };

/**
 * Checks that every field a definition needs is present. Returns the present values, or the list of
 * missing fields. A number that is negative or not finite is not "missing" but wrong: it throws
 * `invalid-value` naming the field.
 */
export function inputsOf<T extends object, K extends keyof T & string>(
  system: ScoreSystem,
  input: T,
  fields: readonly K[],
):
  | { readonly ok: true; readonly values: Present<T, K> }
  | { readonly ok: false; readonly missing: readonly K[] } {
  const missing: K[] = [];
  for (const f of fields) {
    const v: unknown = input[f];
    if (v === undefined || v === null) missing.push(f);
    else if (typeof v === 'number' && !(Number.isFinite(v) && v >= 0)) {
      throw new StudyError(
        'invalid-value',
        `${system.name}: field '${f}' must be a finite non-negative number, got ${v}.`,
        {
          record: system.id,
          field: f,
        },
      );
    }
  }
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, values: input as unknown as Present<T, K> };
}

/** The result saying which fields are missing. */
export function missingResult(system: ScoreSystem, missing: readonly string[]): ScoreResult<never> {
  return {
    kind: 'missing',
    system,
    missing,
    message: `${system.name} cannot be computed: missing ${missing.join(', ')}.`,
  };
}

/** A factor worth `points` when present (0 otherwise). */
export function factor(name: string, present: boolean, points: number, value: string): ScoreFactor {
  return { name, value, present, points: present ? points : 0 };
}

/** Sum of the factor points. */
export function totalPoints(factors: readonly ScoreFactor[]): number {
  return factors.reduce((s, f) => s + f.points, 0);
}

/** A scored result. */
export function scored<G extends string>(
  system: ScoreSystem,
  group: G,
  factors: readonly ScoreFactor[],
  points: number | undefined,
): ScoreResult<G> {
  return { kind: 'scored', system, group, points, factors };
}

/** LDH above the laboratory's upper limit of normal, with the value shown. */
export function ldhFactor(ldhUPerL: number, ldhUpperLimitUPerL: number, points = 1): ScoreFactor {
  return factor(
    'LDH above upper limit of normal',
    ldhUPerL > ldhUpperLimitUPerL,
    points,
    `${ldhUPerL} U/L (ULN ${ldhUpperLimitUPerL})`,
  );
}
