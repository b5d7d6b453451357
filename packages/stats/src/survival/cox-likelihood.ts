// Hot kernel: typed-array reads at indices proven in range by the loop bounds are written
// `as number` (noUncheckedIndexedAccess would otherwise cost a `?? 0` per multiply-add).
/** Data prepared for the Cox partial likelihood: sorted by ascending time, covariates centred and scaled. */
export interface CoxData {
  readonly time: Float64Array;
  readonly status: Uint8Array;
  /** Columns of the (centred, scaled) design matrix, in the sorted order. */
  readonly x: readonly Float64Array[];
  /** Stratum index per sorted row (all 0 without strata); rows are sorted by stratum, then time. */
  readonly stratum: Int32Array;
}

/** Log partial likelihood with its gradient (score) and information matrix at one β. */
export interface CoxEvaluation {
  readonly loglik: number;
  readonly score: Float64Array;
  /** Information matrix (negative Hessian), full symmetric, rows. */
  readonly information: number[][];
}

/**
 * One evaluation of the Cox log partial likelihood, its score and information, walking from the
 * last time backwards so risk sets only grow — the accumulation of survival's `coxfit6_iter`,
 * with Breslow or Efron handling of tied event times.
 * @see Efron, JASA 1977; Therneau & Grambsch, Modeling Survival Data (2000), ch. 3.
 */
export function evaluateCox(data: CoxData, beta: ArrayLike<number>, efron: boolean): CoxEvaluation {
  const p = data.x.length;
  const n = data.time.length;
  const { time, status, x, stratum } = data;
  const score = new Float64Array(p);
  const info = new Float64Array(p * p);
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const cmat = new Float64Array(p * p);
  const cmat2 = new Float64Array(p * p);
  const xi = new Float64Array(p);
  let loglik = 0;
  let denom = 0;
  let person = n - 1;
  while (person >= 0) {
    const dtime = time[person];
    const dstratum = stratum[person];
    if (person === n - 1 || stratum[person + 1] !== dstratum) {
      // A new stratum (walking backwards): its risk sets start empty.
      denom = 0;
      a.fill(0);
      cmat.fill(0);
    }
    let ndead = 0;
    let denom2 = 0;
    while (person >= 0 && time[person] === dtime && stratum[person] === dstratum) {
      let zbeta = 0;
      for (let i = 0; i < p; i++) {
        const v = (x[i] as Float64Array)[person] as number;
        xi[i] = v;
        zbeta += (beta[i] as number) * v;
      }
      const risk = Math.exp(zbeta);
      if (status[person] === 0) {
        denom += risk;
        for (let i = 0; i < p; i++) {
          const ri = risk * (xi[i] as number);
          a[i] = (a[i] as number) + ri;
          for (let j = 0; j <= i; j++) cmat[i * p + j] = (cmat[i * p + j] as number) + ri * (xi[j] as number);
        }
      } else {
        ndead++;
        denom2 += risk;
        loglik += zbeta;
        for (let i = 0; i < p; i++) {
          const ri = risk * (xi[i] as number);
          score[i] = (score[i] as number) + (xi[i] as number);
          a2[i] = (a2[i] as number) + ri;
          for (let j = 0; j <= i; j++)
            cmat2[i * p + j] = (cmat2[i * p + j] as number) + ri * (xi[j] as number);
        }
      }
      person--;
    }
    if (ndead === 0) continue;
    if (!efron || ndead === 1) {
      denom += denom2;
      loglik -= ndead * Math.log(denom);
      for (let i = 0; i < p; i++) {
        a[i] = (a[i] as number) + (a2[i] as number);
        const mean = (a[i] as number) / denom;
        score[i] = (score[i] as number) - ndead * mean;
        for (let j = 0; j <= i; j++) {
          cmat[i * p + j] = (cmat[i * p + j] as number) + (cmat2[i * p + j] as number);
          info[j * p + i] =
            (info[j * p + i] as number) +
            (ndead * ((cmat[i * p + j] as number) - mean * (a[j] as number))) / denom;
        }
      }
    } else {
      // Efron: the tied deaths leave the risk set in ndead equal fractions.
      for (let k = 0; k < ndead; k++) {
        denom += denom2 / ndead;
        loglik -= Math.log(denom);
        for (let i = 0; i < p; i++) {
          a[i] = (a[i] as number) + (a2[i] as number) / ndead;
          const mean = (a[i] as number) / denom;
          score[i] = (score[i] as number) - mean;
          for (let j = 0; j <= i; j++) {
            cmat[i * p + j] = (cmat[i * p + j] as number) + (cmat2[i * p + j] as number) / ndead;
            info[j * p + i] =
              (info[j * p + i] as number) + ((cmat[i * p + j] as number) - mean * (a[j] as number)) / denom;
          }
        }
      }
    }
    a2.fill(0);
    cmat2.fill(0);
  }
  const information = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => (i <= j ? (info[i * p + j] as number) : (info[j * p + i] as number))),
  );
  return { loglik, score, information };
}
