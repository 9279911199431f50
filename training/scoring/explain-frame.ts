import { availableParallelism } from 'node:os';
import type { Frame } from '../../core/index.ts';
import { treeShapParallel } from '../explain/index.ts';
import { TreeEnsembleModel } from '../learners/index.ts';
import type { Contributions, FittedModel } from '../types.ts';

/**
 * Exact contributions of every row of a frame, as `model.contributions(X)` gives them; a tree
 * ensemble's TreeSHAP runs over the cores in worker threads (every row computed the same way,
 * only elsewhere, so the values are the same to the bit).
 */
export async function explainFrame(model: FittedModel, X: Frame): Promise<Contributions> {
  if (model instanceof TreeEnsembleModel)
    return treeShapParallel(model.ensemble, X, Math.min(2, availableParallelism()));
  return model.contributions(X);
}
