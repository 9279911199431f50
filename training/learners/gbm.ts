import { z } from 'zod';
import { createRng, type Frame, type Rng, ZichtError } from '../../core/index.ts';
import type { TreeArrays } from '../types.ts';
import { applyBins, binFrame } from './binning.ts';
import { checkTrainingData } from './check-input.ts';
import { addBinnedPrediction, type TreeParams, TreeGrower } from './hist-tree.ts';
import { defaultThreads, prestartWorkers } from './hist-threads.ts';
import { TreeEnsembleModel } from './tree-model.ts';

/** Training data for a learner: features, label, optional per-row margin offset (log exposure). */
export interface TrainData {
  readonly X: Frame;
  readonly y: Float64Array;
  readonly offset?: Float64Array;
}

/** Options that are not hyperparameters: the seed and an optional validation set (early stopping). */
export interface FitOptions {
  readonly seed: number;
  readonly validation?: TrainData;
  /**
   * Threads for the boosted trees' histograms (this one plus workers), 1 to MAX_THREADS. Every count
   * fits the same model; the default is 1 for small data and up to 2 otherwise.
   */
  readonly threads?: number;
}

/** Most threads a fit may ask for. */
const MAX_THREADS = 64;

/** Hyperparameters of gradient-boosted trees, with defaults. */
export const gbmParamsSchema = z
  .object({
    objective: z.enum(['binary', 'poisson']).default('binary'),
    nTrees: z.number().int().min(1).max(10000).default(100),
    learningRate: z.number().positive().max(1).default(0.1),
    maxDepth: z.number().int().min(1).max(20).default(6),
    minSamplesLeaf: z.number().int().min(1).default(20),
    minChildWeight: z.number().nonnegative().default(1e-3),
    lambda: z.number().nonnegative().default(1),
    minGain: z.number().nonnegative().default(0),
    subsample: z.number().positive().max(1).default(1),
    colsample: z.number().positive().max(1).default(1),
    maxBins: z.number().int().min(2).max(255).default(255),
    /** Stop when the validation loss has not improved for this many trees (needs a validation set). */
    earlyStoppingRounds: z.number().int().min(1).default(20),
  })
  .strict();
export type GbmParams = z.infer<typeof gbmParamsSchema>;

/**
 * Fit gradient-boosted trees: log-loss for a binary target (link logit) or Poisson
 * deviance with a log-exposure offset for counts (link log). Early stopping uses
 * the validation set only, and keeps the trees up to the best validation loss.
 */
export function fitGbm(data: TrainData, params: Partial<GbmParams>, opts: FitOptions): TreeEnsembleModel {
  const p = gbmParamsSchema.parse(params);
  const { X, y, offset } = data;
  const binary = p.objective === 'binary';
  checkTrainingData(X, y, binary ? 'binary' : 'count', offset);
  if (opts.validation)
    checkTrainingData(opts.validation.X, opts.validation.y, binary ? 'binary' : 'count', opts.validation.offset);
  const n = X.nRows;
  const nF = X.data.length;
  const rng = createRng(opts.seed);
  const threads = opts.threads ?? defaultThreads(n, nF);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS)
    throw new ZichtError(
      'INVALID_CONFIG',
      `fit option 'threads' must be an integer from 1 to ${MAX_THREADS}, got ${threads}`,
      {
        field: 'threads',
      },
    );
  // a new worker starts up while this thread bins the data
  prestartWorkers(threads);
  const bins = binFrame(X, p.maxBins);
  const vbins = opts.validation ? applyBins(opts.validation.X, bins.cuts) : null;
  const baseScore = initialScore(y, offset, binary);
  const margin = new Float64Array(n).fill(baseScore);
  if (offset) for (let i = 0; i < n; i++) margin[i] = margin[i]! + offset[i]!;
  const vm = vbins ? new Float64Array(vbins.nRows).fill(baseScore) : null;
  if (vm && opts.validation?.offset) for (let i = 0; i < vm.length; i++) vm[i] = vm[i]! + opts.validation.offset[i]!;
  const grad = new Float64Array(n),
    hess = new Float64Array(n);
  const tp: TreeParams = {
    maxDepth: p.maxDepth,
    minSamplesLeaf: p.minSamplesLeaf,
    minChildWeight: p.minChildWeight,
    lambda: p.lambda,
    minGain: p.minGain,
    featuresPerSplit: nF,
  };
  const all = Int32Array.from({ length: nF }, (_, j) => j);
  const trees: TreeArrays[] = [];
  let bestLoss = Infinity,
    bestIter = 0;
  const grower = new TreeGrower(bins, threads);
  try {
    for (let t = 0; t < p.nTrees; t++) {
      gradients(y, margin, grad, hess, binary);
      grower.setGradients(grad, hess);
      const rows = sampleRows(n, p.subsample, rng);
      const feats = p.colsample < 1 ? sampleFeatures(all, p.colsample, rng) : all;
      const g = grower.grow(rows, feats, tp, null, p.learningRate);
      trees.push(g.tree);
      if (rows.length === n) grower.addLeafValues(g, margin);
      else addBinnedPrediction(g, bins, margin);
      if (vbins && vm && opts.validation) {
        addBinnedPrediction(g, vbins, vm);
        const loss = meanLoss(opts.validation.y, vm, binary);
        if (loss < bestLoss - 1e-12) {
          bestLoss = loss;
          bestIter = t + 1;
        } else if (t + 1 - bestIter >= p.earlyStoppingRounds) break;
      }
    }
  } finally {
    grower.close();
  }
  if (vbins) trees.length = Math.max(1, bestIter);
  return new TreeEnsembleModel(
    'gbm',
    X.columns,
    {
      trees,
      baseScore,
      averaging: false,
      link: binary ? 'logit' : 'log',
      nFeatures: nF,
    },
    { ...p, nTreesFitted: trees.length },
  );
}

/** The constant margin that minimises the loss (log-odds of the mean, or log of the pooled rate). */
export function initialScore(y: Float64Array, offset: Float64Array | undefined, binary: boolean): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i]!;
  if (binary) {
    const m = s / y.length;
    return Math.log(m / (1 - m));
  }
  // Poisson: log(Σy / Σ exposure), exposure = exp(offset)
  let e = 0;
  for (let i = 0; i < y.length; i++) e += offset ? Math.exp(offset[i]!) : 1;
  return Math.log(Math.max(s, 1e-12) / e);
}

/** Per-row gradient and hessian of log-loss (binary) or Poisson deviance at margin m. */
export function gradients(y: Float64Array, m: Float64Array, g: Float64Array, h: Float64Array, binary: boolean): void {
  if (binary) {
    for (let i = 0; i < y.length; i++) {
      const p = 1 / (1 + Math.exp(-m[i]!));
      g[i] = p - y[i]!;
      h[i] = Math.max(p * (1 - p), 1e-16);
    }
  } else {
    for (let i = 0; i < y.length; i++) {
      const mu = Math.exp(m[i]!);
      g[i] = mu - y[i]!;
      h[i] = Math.max(mu, 1e-16);
    }
  }
}

/** Mean log-loss or Poisson deviance (up to a constant) of margins against labels. */
export function meanLoss(y: Float64Array, m: Float64Array, binary: boolean): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const v = m[i]!;
    // log(1 + e^v) − y v, written to stay finite for large |v|
    s += binary ? Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))) - y[i]! * v : Math.exp(v) - y[i]! * v;
  }
  return s / y.length;
}

/** Rows for one tree: all of them, or a sorted sample without replacement. */
function sampleRows(n: number, fraction: number, rng: Rng): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (fraction >= 1) return idx;
  const k = Math.max(1, Math.round(n * fraction));
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.subarray(0, k).sort();
}

function sampleFeatures(all: Int32Array, fraction: number, rng: Rng): Int32Array {
  const f = Int32Array.from(all);
  const k = Math.max(1, Math.round(all.length * fraction));
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(f.length - i);
    const t = f[i]!;
    f[i] = f[j]!;
    f[j] = t;
  }
  return f.subarray(0, k).sort();
}
