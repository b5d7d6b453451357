// Hot kernel: see cox-likelihood.ts for the `as number` convention on in-range typed-array reads.
import { StatsError } from '../errors.ts';
import { quadraticFormInverse } from '../linear-algebra.ts';
import { chiSquareUpper } from '../special/distributions.ts';
import { type CoxInput, type CoxResult, prepareCox } from './cox.ts';
import type { CoxData } from './cox-likelihood.ts';

export interface ZphTest {
  /** Term name (a covariate), or `GLOBAL`. */
  readonly term: string;
  readonly chisq: number;
  readonly df: number;
  readonly p: number;
}

/**
 * g(t) = 1 − S(t−) of the pooled Kaplan–Meier curve (strata ignored, as cox.zph does) for each
 * row of `data`, centred on the events.
 */
function kmTimeTransform(data: CoxData): Float64Array {
  const n = data.time.length;
  const byTime = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (data.time[a] ?? 0) - (data.time[b] ?? 0),
  );
  const g = new Float64Array(n);
  let surv = 1; // S just before the current distinct time
  let k = 0;
  while (k < n) {
    const t = data.time[byTime[k] ?? 0];
    let d = 0;
    const start = k;
    while (k < n && data.time[byTime[k] ?? 0] === t) {
      d += data.status[byTime[k] ?? 0] as number;
      k++;
    }
    for (let i = start; i < k; i++) g[byTime[i] ?? 0] = 1 - surv;
    surv *= (n - start - d) / (n - start);
  }
  let sum = 0;
  let events = 0;
  for (let i = 0; i < n; i++)
    if (data.status[i] === 1) {
      sum += g[i] as number;
      events++;
    }
  const mean = sum / events;
  return g.map((v) => v - mean);
}

/**
 * Test of proportional hazards as R's `cox.zph(fit, transform = "km")` (survival ≥ 3.0): the score
 * test, at the fitted β, for adding x·g(t) to each term, where g(t) = 1 − KM(t−) centred on the
 * event times; one test per term (df = its columns) and a GLOBAL test.
 * @see Grambsch & Therneau, Biometrika 1994; survival `cox.zph`, `zph1.c`.
 */
export function coxZph(input: CoxInput, fit: CoxResult): ZphTest[] {
  const prepared = prepareCox(input);
  const { data, scale, names, terms } = prepared;
  const p = names.length;
  if (fit.coefficients.length !== p)
    throw new StatsError('length-mismatch', 'The Cox fit does not belong to these covariates.', {
      field: 'covariates',
    });
  const beta = Float64Array.from(fit.coefficients, (c, i) => c.coef / (scale[i] ?? 1));
  const gt = kmTimeTransform(data);
  const efron = fit.ties === 'efron';
  const n = data.time.length;
  const q = 2 * p;
  const u = new Float64Array(q);
  const imat = new Float64Array(q * q);
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const cmat = new Float64Array(p * p);
  const cmat2 = new Float64Array(p * p);
  const xi = new Float64Array(p);
  let denom = 0;
  let person = n - 1;
  const add = (wt: number, temp2: number, i: number, weight: number, meanDenom: number): void => {
    u[i] = (u[i] as number) - weight * temp2;
    u[i + p] = (u[i + p] as number) - wt * weight * temp2;
    for (let j = 0; j <= i; j++) {
      const temp = (weight * ((cmat[i * p + j] as number) - temp2 * (a[j] as number))) / meanDenom;
      imat[j * q + i] = (imat[j * q + i] as number) + temp;
      imat[j * q + i + p] = (imat[j * q + i + p] as number) + wt * temp;
      imat[(j + p) * q + i + p] = (imat[(j + p) * q + i + p] as number) + wt * wt * temp;
    }
  };
  while (person >= 0) {
    const dtime = data.time[person];
    const dstratum = data.stratum[person];
    if (person === n - 1 || data.stratum[person + 1] !== dstratum) {
      denom = 0;
      a.fill(0);
      cmat.fill(0);
    }
    const wt = gt[person] as number;
    let ndead = 0;
    let denom2 = 0;
    while (person >= 0 && data.time[person] === dtime && data.stratum[person] === dstratum) {
      let eta = 0;
      for (let i = 0; i < p; i++) {
        xi[i] = (data.x[i] as Float64Array)[person] as number;
        eta += (beta[i] as number) * (xi[i] as number);
      }
      const risk = Math.exp(eta);
      const dead = data.status[person] === 1;
      if (dead) {
        ndead++;
        denom2 += risk;
      } else denom += risk;
      const sumA = dead ? a2 : a;
      const sumC = dead ? cmat2 : cmat;
      for (let i = 0; i < p; i++) {
        if (dead) {
          u[i] = (u[i] as number) + (xi[i] as number);
          u[i + p] = (u[i + p] as number) + wt * (xi[i] as number);
        }
        sumA[i] = (sumA[i] as number) + risk * (xi[i] as number);
        for (let j = 0; j <= i; j++)
          sumC[i * p + j] = (sumC[i * p + j] as number) + risk * (xi[i] as number) * (xi[j] as number);
      }
      person--;
    }
    if (ndead === 0) continue;
    const parts = efron ? ndead : 1;
    for (let k = 0; k < parts; k++) {
      denom += denom2 / parts;
      for (let i = 0; i < p; i++) {
        a[i] = (a[i] as number) + (a2[i] as number) / parts;
        for (let j = 0; j <= i; j++)
          cmat[i * p + j] = (cmat[i * p + j] as number) + (cmat2[i * p + j] as number) / parts;
        add(wt, (a[i] as number) / denom, i, ndead / parts, denom);
      }
    }
    a2.fill(0);
    cmat2.fill(0);
  }
  // The x·g(t) cross block was accumulated for j ≤ i only; it is symmetric (as zph1.c fills it).
  for (let i = 0; i < p; i++)
    for (let j = i + 1; j < p; j++) imat[j * q + i + p] = imat[i * q + j + p] as number;
  const full = Array.from({ length: q }, (_, i) =>
    Array.from({ length: q }, (_, j) => (i <= j ? (imat[i * q + j] as number) : (imat[j * q + i] as number))),
  );
  const test = (extra: readonly number[], name: string): ZphTest => {
    const kk = [...Array.from({ length: p }, (_, i) => i), ...extra.map((j) => j + p)];
    const sub = kk.map((r) => kk.map((c) => full[r]?.[c] ?? 0));
    const vector = kk.map((r) => (r < p ? 0 : (u[r] as number)));
    const chisq = quadraticFormInverse(sub, vector) ?? Number.NaN;
    return { term: name, chisq, df: extra.length, p: chiSquareUpper(chisq, extra.length) };
  };
  return [
    ...terms.map((term) => test(term.columns, term.name)),
    test(
      Array.from({ length: p }, (_, i) => i),
      'GLOBAL',
    ),
  ];
}
