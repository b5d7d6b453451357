import { type Covariate, type CoxTies, coxPh, coxZph } from '@cxcr4pet/stats';
import { UsageError } from '../../command.ts';
import { binary, isNumeric, labels, numbers, requireRows, selectComplete } from './columns.ts';
import type { CsvTable } from './csv.ts';
import { pValue, signif, table } from './format.ts';
import { list, optional, required, type StatsOptions, type StatsOutput } from './options.ts';

/**
 * `stats cox`: Cox model with Efron (default) or Breslow ties. A covariate is categorical when
 * listed in --factors or when any of its values is not a number; categorical covariates are
 * dummy-coded with the first level (sorted) as reference.
 */
export function runCox(csv: CsvTable, options: StatsOptions): StatsOutput {
  const timeColumn = required(options, 'time', 'cox');
  const eventColumn = required(options, 'event', 'cox');
  const names = list(required(options, 'covariates', 'cox'));
  const factors = new Set(list(optional(options, 'factors')));
  const strataColumn = optional(options, 'strata');
  const ties = (optional(options, 'ties') ?? 'efron') as CoxTies;
  if (ties !== 'efron' && ties !== 'breslow') throw new UsageError('--ties must be efron or breslow');
  for (const f of factors)
    if (!names.includes(f)) throw new UsageError(`--factors lists ${f}, which is not in --covariates`);
  const selection = selectComplete(csv, [
    timeColumn,
    eventColumn,
    ...names,
    ...(strataColumn ? [strataColumn] : []),
  ]);
  const covariates: Covariate[] = names.map((name) =>
    factors.has(name) || !isNumeric(selection, name)
      ? { kind: 'categorical', name, values: labels(selection, name) }
      : { kind: 'numeric', name, values: numbers(selection, name) },
  );
  const parameters = covariates.reduce(
    (s, c) => s + (c.kind === 'numeric' ? 1 : Math.max(new Set(c.values).size - 1, 1)),
    0,
  );
  requireRows(selection, parameters + 1, `a Cox model with ${parameters} coefficients`);
  const input = {
    time: numbers(selection, timeColumn),
    event: binary(selection, eventColumn, '1 = event, 0 = censored'),
    covariates,
    ...(strataColumn ? { stratum: labels(selection, strataColumn) } : {}),
  };
  const fit = coxPh(input, { ties });
  const zph = coxZph(input, fit);
  const test = (t: { chisq: number; df: number; p: number }) => ({ chisq: t.chisq, df: t.df, p: t.p });
  const json = {
    n: fit.n,
    events: fit.events,
    dropped: selection.dropped,
    ties,
    strata: strataColumn ?? null,
    coefficients: fit.coefficients.map((c) => ({
      name: c.name,
      coef: c.coef,
      se: c.se,
      hr: c.hr,
      hrCi: c.hrCi,
      z: c.z,
      p: c.p,
    })),
    loglik: fit.loglik,
    tests: {
      likelihoodRatio: test(fit.tests.likelihoodRatio),
      wald: test(fit.tests.wald),
      score: test(fit.tests.score),
    },
    iterations: fit.iterations,
    proportionalHazards: { transform: 'km', tests: zph },
  };
  const coefRows = fit.coefficients.map((c) => [
    c.name,
    signif(c.coef),
    signif(c.hr),
    signif(c.se),
    signif(c.z),
    pValue(c.p),
  ]);
  const ciRows = fit.coefficients.map((c) => [
    c.name,
    signif(c.hr),
    signif(1 / c.hr),
    signif(c.hrCi[0]),
    signif(c.hrCi[1]),
  ]);
  const t = fit.tests;
  const text = [
    `Cox proportional hazards (${ties} ties): ${csv.file}, time = ${timeColumn}, event = ${eventColumn}${strataColumn ? `, strata = ${strataColumn}` : ''}`,
    ...(selection.dropped > 0 ? [`(${selection.dropped} rows dropped for missing values)`] : []),
    `  n= ${fit.n}, number of events= ${fit.events}`,
    '',
    table(['', 'coef', 'exp(coef)', 'se(coef)', 'z', 'Pr(>|z|)'], coefRows),
    '',
    table(['', 'exp(coef)', 'exp(-coef)', 'lower .95', 'upper .95'], ciRows),
    '',
    `Likelihood ratio test= ${signif(t.likelihoodRatio.chisq)}  on ${t.likelihoodRatio.df} df,   p=${pValue(t.likelihoodRatio.p)}`,
    `Wald test            = ${signif(t.wald.chisq)}  on ${t.wald.df} df,   p=${pValue(t.wald.p)}`,
    `Score (logrank) test = ${signif(t.score.chisq)}  on ${t.score.df} df,   p=${pValue(t.score.p)}`,
    '',
    'Proportional hazards (cox.zph, transform = "km"):',
    table(
      ['', 'chisq', 'df', 'p'],
      zph.map((z) => [z.term, signif(z.chisq), String(z.df), pValue(z.p)]),
    ),
    '',
  ].join('\n');
  return { json, text };
}
