import { StatsError } from '../errors.ts';
import { sortedLevels } from './input.ts';

/** One covariate of a Cox model: numeric as given, or categorical (dummy-coded, first level as reference). */
export type Covariate =
  | { readonly kind: 'numeric'; readonly name: string; readonly values: readonly number[] }
  | {
      readonly kind: 'categorical';
      readonly name: string;
      readonly values: readonly string[];
      /** Level order; the first is the reference. Default: R's factor order (see `sortedLevels`). */
      readonly levels?: readonly string[];
    };

/** A model term and the design columns it produced (one for numeric, levels − 1 for categorical). */
export interface DesignTerm {
  readonly name: string;
  readonly columns: readonly number[];
}

/** The design matrix, stored by column, with R's column names (`stageII` for level II of `stage`). */
export interface Design {
  readonly names: readonly string[];
  readonly columns: readonly Float64Array[];
  readonly terms: readonly DesignTerm[];
}

/** Builds the design matrix for `n` observations: numeric columns as given, categorical by treatment contrasts. */
export function buildDesign(covariates: readonly Covariate[], n: number): Design {
  const names: string[] = [];
  const columns: Float64Array[] = [];
  const terms: DesignTerm[] = [];
  for (const covariate of covariates) {
    if (covariate.values.length !== n)
      throw new StatsError(
        'length-mismatch',
        `covariate ${covariate.name} has ${covariate.values.length} values but there are ${n} observations.`,
        { field: covariate.name },
      );
    const first = columns.length;
    if (covariate.kind === 'numeric') {
      const column = Float64Array.from(covariate.values);
      const bad = column.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0)
        throw new StatsError(
          'invalid-value',
          `covariate ${covariate.name}[${bad}] is ${covariate.values[bad]}; it must be a finite number.`,
          {
            field: covariate.name,
            index: bad,
          },
        );
      names.push(covariate.name);
      columns.push(column);
    } else {
      const levels = covariate.levels ?? sortedLevels(covariate.values);
      const unknown = covariate.values.findIndex((v) => !levels.includes(v));
      if (unknown >= 0)
        throw new StatsError(
          'invalid-value',
          `covariate ${covariate.name}[${unknown}] is '${covariate.values[unknown]}', not one of its levels.`,
          {
            field: covariate.name,
            index: unknown,
          },
        );
      for (const level of levels.slice(1)) {
        names.push(`${covariate.name}${level}`);
        columns.push(Float64Array.from(covariate.values, (v) => (v === level ? 1 : 0)));
      }
    }
    terms.push({
      name: covariate.name,
      columns: Array.from({ length: columns.length - first }, (_, k) => first + k),
    });
  }
  return { names, columns, terms };
}
