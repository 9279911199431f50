import type { Frame } from '../../core/index.ts';
import type { Contributions, TreeArrays, TreeEnsemble } from '../types.ts';
import { treeShap as fastTreeShap } from './fast/tree-shap.ts';

/** Depth of a flat tree (root alone = 0). */
function _treeDepth(t: TreeArrays): number {
  const depth = new Int32Array(t.left.length);
  let max = 0;
  for (let i = 0; i < t.left.length; i++) {
    const l = t.left[i]!;
    if (l === -1) continue;
    // children always come after their parent in our arrays and in imported ones we reorder
    const d = depth[i]! + 1;
    depth[l] = d;
    depth[t.right[i]!] = d;
    if (d > max) max = d;
  }
  return max;
}

/**
 * Contributions of every feature for every row of X, in margin space:
 * baseValue + Σ values[row, ·] = output[row] (the ensemble margin).
 * Uses the tabulated algorithm (per-leaf tables, O(L·D) per tree and row,
 * exact) with Algorithm 2 as the fallback for very deep trees.
 */
export function treeShap(ensemble: TreeEnsemble, X: Frame): Contributions {
  return fastTreeShap(ensemble, X);
}

/** Algorithm 2 of Lundberg et al. (2018) as written: the reference the tabulated version is checked against. */
export function treeShapRecursive(ensemble: TreeEnsemble, X: Frame): Contributions {
  return fastTreeShap(ensemble, X, { algorithm: 'recursive' });
}

/** Margin contribution of one tree for one row (x indexed by feature). */
function _predictRow(t: TreeArrays, x: Float64Array): number {
  let nd = 0;
  const { left, right, feature, threshold, missingLeft } = t;
  while (left[nd] !== -1) {
    const v = x[feature[nd]!]!;
    nd = (v !== v ? missingLeft[nd] === 1 : v < threshold[nd]!) ? left[nd]! : right[nd]!;
  }
  return t.value[nd]!;
}
