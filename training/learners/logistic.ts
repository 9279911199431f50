import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { z } from 'zod';
import { ZichtError, type Frame } from '../../core/index.ts';
import type { Contributions, FittedModel } from '../types.ts';
import { applyLink, checkScoringFrame, checkTrainingData, parseModelJson } from './check-input.ts';
import type { FitOptions, TrainData } from './gbm.ts';

/** Hyperparameters of the regularised logistic regression, with defaults. */
export const logisticParamsSchema = z
  .object({
    /** L1 penalty on standardised coefficients (lasso). */
    l1: z.number().nonnegative().default(0),
    /** L2 penalty on standardised coefficients (ridge). */
    l2: z.number().nonnegative().default(1e-3),
    maxIter: z.number().int().min(1).max(10000).default(100),
    tol: z.number().positive().default(1e-8),
  })
  .strict();
export type LogisticParams = z.infer<typeof logisticParamsSchema>;

/** One scorecard line: a coefficient in the feature's own units and its odds ratio. */
export interface ScorecardRow {
  readonly feature: string;
  /** Change in log-odds per unit of the feature. */
  readonly coefficient: number;
  /** Odds multiply by this per unit increase. */
  readonly oddsRatio: number;
  /** Odds ratio for a one-standard-deviation increase (comparable across features). */
  readonly oddsRatioPerSd: number;
  /** Training mean, also used for a missing value. */
  readonly mean: number;
  readonly sd: number;
}

/**
 * Fit an L1/L2-regularised logistic regression by proximal Newton (IRLS outer loop,
 * cyclic coordinate descent with soft-thresholding inside) on standardised inputs;
 * a missing value is imputed by the training mean (standardised 0). Deterministic:
 * the seed is accepted for the common interface but nothing is random.
 */
export function fitLogistic(data: TrainData, params: Partial<LogisticParams>, _opts: FitOptions): LogisticModel {
  const p = logisticParamsSchema.parse(params);
  const { X, y } = data;
  checkTrainingData(X, y, 'binary');
  const n = X.nRows,
    nF = X.data.length;
  const mean = new Float64Array(nF),
    sd = new Float64Array(nF);
  const Z = X.data.map((col, j) => {
    let s = 0,
      c = 0;
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (v === v) {
        s += v;
        c++;
      }
    }
    const m = c > 0 ? s / c : 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (v === v) ss += (v - m) * (v - m);
    }
    const d = c > 1 ? Math.sqrt(ss / c) : 0;
    mean[j] = m;
    sd[j] = d;
    const out = new Float64Array(n);
    // a constant column stays all-zero and so keeps a zero coefficient
    if (d > 0)
      for (let i = 0; i < n; i++) {
        const v = col[i]!;
        out[i] = v === v ? (v - m) / d : 0;
      }
    return out;
  });
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += y[i]!;
  ybar /= n;
  if (p.l1 === 0) {
    const { b0, beta } = newtonRidge(Z, y, sd, ybar, p);
    const coef = Float64Array.from(beta, (b, j) => (sd[j]! > 0 ? b / sd[j]! : 0));
    return new LogisticModel(X.columns, b0, coef, mean, sd, p);
  }
  let b0 = Math.log(ybar / (1 - ybar));
  const beta = new Float64Array(nF);
  const eta = new Float64Array(n).fill(b0);
  const w = new Float64Array(n),
    res = new Float64Array(n);
  for (let outer = 0; outer < p.maxIter; outer++) {
    let sw = 0;
    for (let i = 0; i < n; i++) {
      const pr = 1 / (1 + Math.exp(-eta[i]!));
      const wi = Math.max(pr * (1 - pr), 1e-5);
      w[i] = wi;
      sw += wi;
      res[i] = (y[i]! - pr) / wi; // working response minus current eta
    }
    // Σ w z² per feature is fixed within an outer iteration: computed once, not once per sweep
    // (the same sums in the same order, so the fit is unchanged)
    const dens = new Float64Array(nF);
    for (let j = 0; j < nF; j++) {
      if (sd[j] === 0) continue;
      const zj = Z[j]!;
      let den = 0;
      for (let i = 0; i < n; i++) {
        const wz = w[i]! * zj[i]!;
        den += wz * zj[i]!;
      }
      dens[j] = den;
    }
    let maxChange = 0;
    for (let sweep = 0; sweep < 100; sweep++) {
      let change = 0;
      let r0 = 0;
      for (let i = 0; i < n; i++) r0 += w[i]! * res[i]!;
      const d0 = r0 / sw;
      b0 += d0;
      for (let i = 0; i < n; i++) res[i] = res[i]! - d0;
      change = Math.max(change, Math.abs(d0));
      for (let j = 0; j < nF; j++) {
        const zj = Z[j]!;
        if (sd[j] === 0) continue;
        let num = 0;
        const den = dens[j]!;
        for (let i = 0; i < n; i++) num += w[i]! * zj[i]! * res[i]!;
        num = num / n + (den / n) * beta[j]!;
        const nb = softThreshold(num, p.l1) / (den / n + p.l2);
        const d = nb - beta[j]!;
        if (d !== 0) {
          for (let i = 0; i < n; i++) res[i] = res[i]! - d * zj[i]!;
          beta[j] = nb;
          change = Math.max(change, Math.abs(d));
        }
      }
      maxChange = Math.max(maxChange, change);
      if (change < p.tol) break;
    }
    for (let i = 0; i < n; i++) {
      let e = b0;
      for (let j = 0; j < nF; j++) e += beta[j]! * Z[j]![i]!;
      eta[i] = e;
    }
    if (maxChange < p.tol) break;
  }
  const coef = Float64Array.from(beta, (b, j) => (sd[j]! > 0 ? b / sd[j]! : 0));
  return new LogisticModel(X.columns, b0, coef, mean, sd, p);
}

/**
 * Ridge-penalised logistic regression by Newton's method with the exact step: each iteration
 * solves (Zᵀ W Z / n + l2 I) for the penalised coefficients (intercept unpenalised) by Cholesky.
 * On correlated indicators coordinate descent needs thousands of sweeps for what Newton reaches
 * in a handful of steps, to the same optimum.
 */
function newtonRidge(
  Z: readonly Float64Array[],
  y: ArrayLike<number>,
  sd: Float64Array,
  ybar: number,
  p: LogisticParams,
): { b0: number; beta: Float64Array } {
  const n = y.length;
  const active = Z.map((_, j) => j).filter((j) => sd[j]! > 0);
  const k = active.length + 1; // intercept first
  const theta = new Float64Array(k);
  theta[0] = Math.log(ybar / (1 - ybar));
  const eta = new Float64Array(n).fill(theta[0]!);
  const cols = [new Float64Array(n).fill(1), ...active.map((j) => Z[j]!)];
  for (let it = 0; it < p.maxIter; it++) {
    const H = Matrix.zeros(k, k);
    const g = new Float64Array(k);
    const w = new Float64Array(n),
      r = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const pr = 1 / (1 + Math.exp(-eta[i]!));
      w[i] = Math.max(pr * (1 - pr), 1e-10);
      r[i] = y[i]! - pr;
    }
    // gradient and Hessian of (mean log-likelihood − l2/2 |β|²), column by column
    const wz = new Float64Array(n);
    for (let a = 0; a < k; a++) {
      const za = cols[a]!;
      let ga = 0;
      for (let i = 0; i < n; i++) {
        ga += za[i]! * r[i]!;
        wz[i] = w[i]! * za[i]!;
      }
      g[a] = ga / n - (a > 0 ? p.l2 * theta[a]! : 0);
      // Σ wz·zb for four columns b per pass over the rows, each sum in its own accumulator in
      // row order: the same sums to the bit as one column at a time, a quarter of the passes
      const set = (b: number, sum: number) => {
        let h = sum / n;
        if (a === b && a > 0) h += p.l2;
        H.set(a, b, h);
        H.set(b, a, h);
      };
      let b = 0;
      for (; b + 3 <= a; b += 4) {
        const z0 = cols[b]!,
          z1 = cols[b + 1]!,
          z2 = cols[b + 2]!,
          z3 = cols[b + 3]!;
        let h0 = 0,
          h1 = 0,
          h2 = 0,
          h3 = 0;
        for (let i = 0; i < n; i++) {
          const v = wz[i]!;
          h0 += v * z0[i]!;
          h1 += v * z1[i]!;
          h2 += v * z2[i]!;
          h3 += v * z3[i]!;
        }
        set(b, h0);
        set(b + 1, h1);
        set(b + 2, h2);
        set(b + 3, h3);
      }
      for (; b <= a; b++) {
        const zb = cols[b]!;
        let h = 0;
        for (let i = 0; i < n; i++) h += wz[i]! * zb[i]!;
        set(b, h);
      }
    }
    const chol = new CholeskyDecomposition(H);
    const step = chol.isPositiveDefinite()
      ? chol.solve(Matrix.columnVector(Array.from(g))).getColumn(0)
      : Array.from(g, (x, a) => x / Math.max(H.get(a, a), 1e-12));
    let change = 0;
    for (let a = 0; a < k; a++) {
      theta[a]! += step[a]!;
      change = Math.max(change, Math.abs(step[a]!));
    }
    // column by column, each row's sum still adding the columns in order (the same bits as row by row)
    eta.fill(theta[0]!);
    for (let a = 1; a < k; a++) {
      const za = cols[a]!,
        t = theta[a]!;
      for (let i = 0; i < n; i++) eta[i] = eta[i]! + t * za[i]!;
    }
    if (change < p.tol) break;
  }
  const beta = new Float64Array(Z.length);
  active.forEach((j, a) => {
    beta[j] = theta[a + 1]!;
  });
  return { b0: theta[0]!, beta };
}

function softThreshold(v: number, l: number): number {
  return v > l ? v - l : v < -l ? v + l : 0;
}

const logisticJson = z
  .object({
    kind: z.literal('logistic'),
    featureNames: z.array(z.string()).min(1),
    link: z.literal('logit'),
    interceptAtMean: z.number(),
    coef: z.array(z.number()),
    mean: z.array(z.number()),
    sd: z.array(z.number().nonnegative()),
    params: z.record(z.string(), z.unknown()),
  })
  .strict();

/**
 * A fitted logistic regression. margin = interceptAtMean + Σ coef·(x − mean), with a
 * missing x taken as the mean; so the contributions are coef·(x − mean) and the base
 * value is the margin at the mean.
 */
export class LogisticModel implements FittedModel {
  readonly kind = 'logistic' as const;
  readonly link = 'logit' as const;
  constructor(
    readonly featureNames: readonly string[],
    readonly interceptAtMean: number,
    readonly coef: Float64Array,
    readonly mean: Float64Array,
    readonly sd: Float64Array,
    readonly params: Readonly<Record<string, unknown>>,
  ) {}

  predictMargin(X: Frame, offset?: Float64Array): Float64Array {
    const out = this.contributions(X).output;
    if (offset) for (let i = 0; i < out.length; i++) out[i] = out[i]! + offset[i]!;
    return out;
  }

  predict(X: Frame, offset?: Float64Array): Float64Array {
    return applyLink('logit', this.predictMargin(X, offset));
  }

  contributions(X: Frame): Contributions {
    checkScoringFrame(X, this.featureNames);
    const n = X.nRows,
      nF = this.featureNames.length;
    const values = new Float64Array(n * nF);
    const output = new Float64Array(n).fill(this.interceptAtMean);
    for (let j = 0; j < nF; j++) {
      const col = X.data[j]!,
        c = this.coef[j]!,
        m = this.mean[j]!;
      for (let i = 0; i < n; i++) {
        const v = col[i]!;
        const phi = v === v ? c * (v - m) : 0;
        values[i * nF + j] = phi;
        output[i] = output[i]! + phi;
      }
    }
    return { baseValue: this.interceptAtMean, values, nFeatures: nF, output };
  }

  /** The readable scorecard: per feature coefficient (original units) and odds ratios. */
  scorecard(): { intercept: number; rows: ScorecardRow[] } {
    let intercept = this.interceptAtMean;
    this.coef.forEach((c, j) => {
      intercept -= c * this.mean[j]!;
    });
    return {
      intercept,
      rows: this.featureNames.map((feature, j) => ({
        feature,
        coefficient: this.coef[j]!,
        oddsRatio: Math.exp(this.coef[j]!),
        oddsRatioPerSd: Math.exp(this.coef[j]! * this.sd[j]!),
        mean: this.mean[j]!,
        sd: this.sd[j]!,
      })),
    };
  }

  toJSON(): z.infer<typeof logisticJson> {
    return {
      kind: 'logistic',
      featureNames: [...this.featureNames],
      link: 'logit',
      interceptAtMean: this.interceptAtMean,
      coef: Array.from(this.coef),
      mean: Array.from(this.mean),
      sd: Array.from(this.sd),
      params: { ...this.params },
    };
  }

  /** Load from `toJSON()` output; a damaged model is `CORRUPT_ARTIFACT` naming the field. */
  static fromJSON(json: unknown): LogisticModel {
    const j = parseModelJson(logisticJson, json);
    const nF = j.featureNames.length;
    for (const k of ['coef', 'mean', 'sd'] as const) {
      if (j[k].length !== nF)
        throw new ZichtError('CORRUPT_ARTIFACT', `field 'model.${k}': ${j[k].length} entries for ${nF} features`, {
          field: `model.${k}`,
        });
    }
    return new LogisticModel(
      j.featureNames,
      j.interceptAtMean,
      Float64Array.from(j.coef),
      Float64Array.from(j.mean),
      Float64Array.from(j.sd),
      j.params,
    );
  }
}
