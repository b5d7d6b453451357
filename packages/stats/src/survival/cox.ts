import { StatsError } from '../errors.ts';
import { cholesky, choleskyInverse, choleskySolve, quadraticFormInverse } from '../linear-algebra.ts';
import { chiSquareUpper } from '../special/distributions.ts';
import { normalQuantile } from '../special/normal.ts';
import { buildDesign, type Covariate, type DesignTerm } from './cox-design.ts';
import { type CoxData, evaluateCox } from './cox-likelihood.ts';
import { checkLabels, checkSurvivalInput, type SurvivalInput, sortedLevels } from './input.ts';

/** Handling of tied event times; R's default is Efron. */
export type CoxTies = 'efron' | 'breslow';

export interface CoxOptions {
  readonly ties?: CoxTies;
  /** Convergence: relative change of the log-likelihood (coxph.control eps, default 1e-9). */
  readonly eps?: number;
  /** Maximum Newton–Raphson iterations (coxph.control iter.max, default 20). */
  readonly iterMax?: number;
  readonly confLevel?: number;
}

export interface CoxCoefficient {
  readonly name: string;
  readonly coef: number;
  readonly se: number;
  readonly hr: number;
  readonly hrCi: readonly [number, number];
  readonly z: number;
  readonly p: number;
}

export interface ChiSquareTest {
  readonly chisq: number;
  readonly df: number;
  readonly p: number;
}

export interface CoxResult {
  readonly n: number;
  readonly events: number;
  readonly ties: CoxTies;
  readonly coefficients: readonly CoxCoefficient[];
  /** Log partial likelihood at β = 0 and at the fit. */
  readonly loglik: readonly [number, number];
  readonly tests: {
    readonly likelihoodRatio: ChiSquareTest;
    readonly wald: ChiSquareTest;
    readonly score: ChiSquareTest;
  };
  /** Variance–covariance matrix of the coefficients. */
  readonly variance: readonly (readonly number[])[];
  readonly iterations: number;
  readonly terms: readonly DesignTerm[];
  /** Column means of the design matrix (the centring used, as coxph's `means`). */
  readonly means: readonly number[];
}

export interface CoxInput extends SurvivalInput {
  readonly covariates: readonly Covariate[];
  /** Optional strata (`+ strata(s)`): a separate baseline hazard per stratum, shared coefficients. */
  readonly stratum?: readonly string[];
}

/** Sorted, centred and scaled copy of the data; `scale` is coxfit6's 1 / mean |x − mean|. */
export interface PreparedCox {
  readonly data: CoxData;
  readonly means: Float64Array;
  readonly scale: Float64Array;
  readonly names: readonly string[];
  readonly terms: readonly DesignTerm[];
  readonly order: readonly number[];
}

/** Builds the design matrix, sorts by time and centres/scales each column as survival's coxfit6 does. */
export function prepareCox(input: CoxInput): PreparedCox {
  checkSurvivalInput(input);
  const n = input.time.length;
  if (input.covariates.length === 0)
    throw new StatsError('empty-input', 'covariates is empty: a Cox model needs at least one covariate.', {
      field: 'covariates',
    });
  const design = buildDesign(input.covariates, n);
  const p = design.columns.length;
  if (n <= p)
    throw new StatsError('too-few-observations', `${n} observations cannot estimate ${p} Cox coefficients.`, {
      field: 'time',
    });
  if (!input.event.some((e) => e === 1))
    throw new StatsError('no-events', 'event has no 1: a Cox model needs at least one event.', {
      field: 'event',
    });
  if (input.stratum) checkLabels(input.stratum, n, 'stratum');
  const levels = input.stratum ? sortedLevels(input.stratum) : [''];
  const stratumOf = input.stratum
    ? input.stratum.map((s) => levels.indexOf(s))
    : new Array<number>(n).fill(0);
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (stratumOf[a] ?? 0) - (stratumOf[b] ?? 0) || (input.time[a] ?? 0) - (input.time[b] ?? 0),
  );
  const time = Float64Array.from(order, (i) => input.time[i] ?? 0);
  const stratum = Int32Array.from(order, (i) => stratumOf[i] ?? 0);
  const status = Uint8Array.from(order, (i) => input.event[i] ?? 0);
  const means = new Float64Array(p);
  const scale = new Float64Array(p);
  const x = design.columns.map((column, k) => {
    const name = design.names[k] ?? `column ${k}`;
    let mean = 0;
    for (const v of column) mean += v;
    mean /= n;
    let absDev = 0;
    for (const v of column) absDev += Math.abs(v - mean);
    if (!(absDev > 0))
      throw new StatsError(
        'invalid-value',
        `covariate ${name} is constant; its coefficient cannot be estimated.`,
        {
          field: name,
        },
      );
    means[k] = mean;
    scale[k] = n / absDev;
    const s = n / absDev;
    return Float64Array.from(order, (i) => ((column[i] ?? 0) - mean) * s);
  });
  return {
    data: { time, status, x, stratum },
    means,
    scale,
    names: design.names,
    terms: design.terms,
    order,
  };
}

function collinear(names: readonly string[]): StatsError {
  return new StatsError(
    'singular-matrix',
    `The information matrix is singular: covariates ${names.join(', ')} are collinear (or one level has no observations).`,
    { field: names.join(',') },
  );
}

/**
 * Cox proportional-hazards regression as R's `coxph(Surv(time, event) ~ covariates)`: Newton–Raphson
 * from β = 0 with coxfit6's step-halving and stopping rule (|1 − ℓ_old/ℓ_new| ≤ eps), Efron or
 * Breslow ties, likelihood-ratio, Wald and score tests. Throws instead of returning infinite
 * coefficients: `not-converged` when iterations run out, `monotone-likelihood` when coxph would
 * warn "Loglik converged before variable …; coefficient may be infinite".
 * @see Cox, JRSS-B 1972; Therneau & Grambsch (2000); survival `coxph.fit`, `coxfit6.c`.
 */
export function coxPh(input: CoxInput, options: CoxOptions = {}): CoxResult {
  const ties = options.ties ?? 'efron';
  const eps = options.eps ?? 1e-9;
  const iterMax = options.iterMax ?? 20;
  const tolerInf = Math.sqrt(eps);
  const z = normalQuantile(1 - (1 - (options.confLevel ?? 0.95)) / 2);
  const prepared = prepareCox(input);
  const { data, scale, names } = prepared;
  const p = names.length;
  const efron = ties === 'efron';

  let beta = new Float64Array(p);
  let current = evaluateCox(data, beta, efron);
  const loglik0 = current.loglik;
  let chol = cholesky(current.information);
  if (!chol) throw collinear(names);
  let step = choleskySolve(chol, Array.from(current.score));
  const scoreTest = Array.from(current.score).reduce((s, u, i) => s + u * (step[i] ?? 0), 0);
  let best = loglik0;
  let newBeta = beta.map((b, i) => b + (step[i] ?? 0));
  let halving = 0;
  let converged = false;
  let iterations = 0;
  let final = current;
  for (iterations = 1; iterations <= iterMax; iterations++) {
    const trial = evaluateCox(data, newBeta, efron);
    const trialChol = cholesky(trial.information);
    const finite =
      Number.isFinite(trial.loglik) &&
      trial.score.every(Number.isFinite) &&
      trial.information.every((row) => row.every(Number.isFinite));
    if (finite && Math.abs(1 - best / trial.loglik) <= eps) {
      beta = newBeta;
      final = trial;
      best = trial.loglik;
      chol = trialChol;
      converged = true;
      break;
    }
    if (!finite || trial.loglik < best) {
      halving++;
      newBeta = newBeta.map((nb, i) => (nb + halving * (beta[i] ?? 0)) / (halving + 1));
    } else {
      if (!trialChol) throw collinear(names);
      halving = 0;
      best = trial.loglik;
      current = trial;
      step = choleskySolve(trialChol, Array.from(trial.score));
      beta = newBeta;
      newBeta = beta.map((b, i) => b + (step[i] ?? 0));
    }
  }
  if (!converged) {
    // Name the largest coefficient of the last accepted step (what coxph returns with its
    // "Ran out of iterations" warning): usually the one heading to ±∞.
    let worst = 0;
    beta.forEach((b, i) => {
      if (Math.abs(b * (scale[i] ?? 1)) > Math.abs((beta[worst] ?? 0) * (scale[worst] ?? 1))) worst = i;
    });
    const name = names[worst] ?? '';
    const value = (beta[worst] ?? 0) * (scale[worst] ?? 1);
    throw new StatsError(
      'not-converged',
      `The Cox fit did not converge in ${iterMax} iterations; the coefficient of ${name} reached ${value.toPrecision(3)}, which usually means monotone likelihood (a level or group with no events, or perfect separation).`,
      { field: name },
    );
  }
  if (!chol) throw collinear(names);
  const scaledVariance = choleskyInverse(chol);
  const variance = scaledVariance.map((row, i) => row.map((v, j) => v * (scale[i] ?? 1) * (scale[j] ?? 1)));
  const coef = Array.from(beta, (b, i) => b * (scale[i] ?? 1));
  const score = Array.from(final.score, (u, i) => u / (scale[i] ?? 1));
  // coxph: infs <- abs(u %*% var); flagged if > eps and > toler.inf * |coef|
  const infinite = names.filter((_, j) => {
    const inf = Math.abs(score.reduce((s, u, i) => s + u * (variance[i]?.[j] ?? 0), 0));
    return inf > eps && inf > tolerInf * Math.abs(coef[j] ?? 0);
  });
  if (infinite.length > 0)
    throw new StatsError(
      'monotone-likelihood',
      `Monotone likelihood: the log-likelihood converged before covariate ${infinite.join(', ')}, whose coefficient tends to infinity (perfect separation of events); remove or merge it.`,
      { field: infinite.join(',') },
    );
  const coefficients = names.map((name, i) => {
    const c = coef[i] ?? Number.NaN;
    const se = Math.sqrt(variance[i]?.[i] ?? Number.NaN);
    const zStat = c / se;
    return {
      name,
      coef: c,
      se,
      hr: Math.exp(c),
      hrCi: [Math.exp(c - z * se), Math.exp(c + z * se)] as const,
      z: zStat,
      p: chiSquareUpper(zStat * zStat, 1),
    };
  });
  const lr = 2 * (best - loglik0);
  const wald = quadraticFormInverse(variance, coef) ?? Number.NaN;
  return {
    n: input.time.length,
    events: input.event.filter((e) => e === 1).length,
    ties,
    coefficients,
    loglik: [loglik0, best],
    tests: {
      likelihoodRatio: { chisq: lr, df: p, p: chiSquareUpper(lr, p) },
      wald: { chisq: wald, df: p, p: chiSquareUpper(wald, p) },
      score: { chisq: scoreTest, df: p, p: chiSquareUpper(scoreTest, p) },
    },
    variance,
    iterations,
    terms: prepared.terms,
    means: Array.from(prepared.means),
  };
}
