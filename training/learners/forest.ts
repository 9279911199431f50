import { z } from 'zod';
import { createRng } from '../../core/index.ts';
import type { TreeArrays } from '../types.ts';
import { binFrame } from './binning.ts';
import { checkTrainingData } from './check-input.ts';
import { type TreeParams, TreeGrower } from './hist-tree.ts';
import type { FitOptions, TrainData } from './gbm.ts';
import { TreeEnsembleModel } from './tree-model.ts';

/** Hyperparameters of the random forest, with defaults. */
export const forestParamsSchema = z
  .object({
    nTrees: z.number().int().min(1).max(10000).default(100),
    maxDepth: z.number().int().min(1).max(30).default(12),
    minSamplesLeaf: z.number().int().min(1).default(1),
    /** Features tried per split: 'sqrt' of the count, or a fraction of them. */
    maxFeatures: z.union([z.literal('sqrt'), z.number().positive().max(1)]).default('sqrt'),
    bootstrap: z.boolean().default(true),
    maxBins: z.number().int().min(2).max(255).default(255),
  })
  .strict();
export type ForestParams = z.infer<typeof forestParamsSchema>;

/**
 * Fit a random forest of probability trees on a binary target: bootstrap rows, a fresh
 * random feature subset at every split, leaves = share of positives (squared-error
 * splits on 0/1, which equals the Gini criterion). The model averages the trees in
 * probability space, so its link is the identity. Tree t draws from `createRng(seed).fork(t)`,
 * so a tree does not depend on the others.
 */
export function fitForest(data: TrainData, params: Partial<ForestParams>, opts: FitOptions): TreeEnsembleModel {
  const p = forestParamsSchema.parse(params);
  const { X, y } = data;
  checkTrainingData(X, y, 'binary');
  const n = X.nRows;
  const nF = X.data.length;
  const bins = binFrame(X, p.maxBins);
  const grad = new Float64Array(n),
    hess = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) grad[i] = -y[i]!;
  const mtry =
    p.maxFeatures === 'sqrt' ? Math.max(1, Math.floor(Math.sqrt(nF))) : Math.max(1, Math.round(p.maxFeatures * nF));
  const tp: TreeParams = {
    maxDepth: p.maxDepth,
    minSamplesLeaf: p.minSamplesLeaf,
    minChildWeight: 0,
    lambda: 0,
    minGain: 0,
    featuresPerSplit: mtry,
  };
  const all = Int32Array.from({ length: nF }, (_, j) => j);
  const trees: TreeArrays[] = [];
  const counts = new Uint32Array(n);
  // trees take few features per split and no histogram subtraction: one thread, one grower
  const grower = new TreeGrower(bins, 1);
  grower.setGradients(grad, hess);
  for (let t = 0; t < p.nTrees; t++) {
    const rng = createRng(opts.seed).fork(t);
    let rows: Uint32Array;
    if (p.bootstrap) {
      // counting sort of the bootstrap draw keeps the rows ascending (cache-friendly)
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[rng.int(n)]!++;
      rows = new Uint32Array(n);
      let k = 0;
      for (let i = 0; i < n; i++) for (let c = counts[i]!; c > 0; c--) rows[k++] = i;
    } else {
      rows = Uint32Array.from({ length: n }, (_, i) => i);
    }
    trees.push(grower.grow(rows, all, tp, rng, 1).tree);
  }
  return new TreeEnsembleModel(
    'forest',
    X.columns,
    { trees, baseScore: 0, averaging: true, link: 'identity', nFeatures: nF },
    { ...p },
  );
}
