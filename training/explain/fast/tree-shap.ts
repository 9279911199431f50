import { zerr, type Frame } from '../../../core/index.ts';
import type { Contributions, TreeEnsemble } from '../../types.ts';
import { checkFrame, ensembleInfo, marginOfRow, readRow, treeScale, type TreeInfo } from './tree-checks.ts';
import { buildFastTree, explainFast, type FastTree } from './tree-shap-fast.ts';
import { RecursiveShap } from './tree-shap-recursive.ts';

/** Which exact algorithm to run; both give the same values. */
type TreeShapAlgorithm = 'auto' | 'tabulated' | 'recursive';

export interface TreeShapOptions {
  /**
   * 'recursive' is Algorithm 2 of Lundberg et al. (2018); 'tabulated' the
   * per-leaf-table variant (see tree-shap-fast.ts); 'auto' (default) uses the
   * tables where they fit and Algorithm 2 for trees too deep for them.
   */
  readonly algorithm?: TreeShapAlgorithm;
}

/** Per-ensemble state reused across calls: validated trees and their tables. */
interface Prepared {
  readonly infos: readonly TreeInfo[];
  readonly fast: readonly (FastTree | null)[];
  readonly baseValue: number;
  readonly maxNodes: number;
  readonly maxDepth: number;
}

const preparedCache = new WeakMap<TreeEnsemble, Prepared>();

function prepare(ensemble: TreeEnsemble, algorithm: TreeShapAlgorithm): Prepared {
  const p =
    algorithm === 'recursive'
      ? buildPrepared(ensemble, false)
      : (preparedCache.get(ensemble) ?? buildPrepared(ensemble, true));
  if (algorithm === 'tabulated' && p.fast.some((f) => f === null)) {
    throw new RangeError('tabulated TreeSHAP: a tree is too deep for its tables; use algorithm "auto"');
  }
  return p;
}

function buildPrepared(ensemble: TreeEnsemble, tables: boolean): Prepared {
  const infos = ensembleInfo(ensemble);
  const scale = treeScale(ensemble);
  const fast = tables ? ensemble.trees.map((tree, t) => buildFastTree(tree, infos[t]!, scale)) : infos.map(() => null);
  let expected = 0;
  for (const info of infos) expected += info.expected;
  const prepared: Prepared = {
    infos,
    fast,
    baseValue: ensemble.baseScore + expected * scale,
    maxNodes: Math.max(...ensemble.trees.map((t) => t.left.length)),
    maxDepth: Math.max(...infos.map((i) => i.depth)),
  };
  if (tables) preparedCache.set(ensemble, prepared);
  return prepared;
}

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018) for a tree
 * ensemble, in margin space. The value function is the cover-weighted
 * conditional expectation of the model given the known features; missing
 * values follow each split's `missingLeft` branch, as in xgboost.
 *
 * `baseValue` = baseScore + (sum or mean of) each tree's cover-weighted
 * expected value, and for every row `baseValue + Σ values = output`, the
 * margin the model produces.
 */
export function treeShap(ensemble: TreeEnsemble, X: Frame, options: TreeShapOptions = {}): Contributions {
  return treeShapRows(ensemble, X, 0, X.nRows, options);
}

/** Rows per block: the block's rows run tree by tree so each tree's tables stay in cache. */
const BLOCK = 128;

/** TreeSHAP for rows [from, to) of X (the unit of work the worker pool hands out). */
function treeShapRows(
  ensemble: TreeEnsemble,
  X: Frame,
  from: number,
  to: number,
  options: TreeShapOptions = {},
): Contributions {
  checkFrame(ensemble, X, 'X');
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= X.nRows)) {
    throw new RangeError(`row range [${from}, ${to}) is outside the frame's ${X.nRows} rows`);
  }
  const p = prepare(ensemble, options.algorithm ?? 'auto');
  const M = ensemble.nFeatures;
  const nRows = to - from;
  const values = new Float64Array(nRows * M);
  const output = new Float64Array(nRows);
  const block = new Float64Array(BLOCK * M);
  const mask = new Int32Array(p.maxNodes);
  const rec = new RecursiveShap();
  rec.reserve(p.maxDepth);
  const trees = ensemble.trees;
  const scale = treeScale(ensemble);
  for (let b0 = 0; b0 < nRows; b0 += BLOCK) {
    const nb = Math.min(BLOCK, nRows - b0);
    for (let j = 0; j < M; j++) {
      const col = X.data[j]!;
      for (let r = 0; r < nb; r++) block[r * M + j] = col[from + b0 + r]!;
    }
    for (let t = 0; t < trees.length; t++) {
      const ft = p.fast[t];
      if (ft) {
        for (let r = 0; r < nb; r++) explainFast(ft, block, r * M, values, (b0 + r) * M, mask);
      } else {
        const tree = trees[t]!,
          depth = p.infos[t]!.depth;
        for (let r = 0; r < nb; r++) rec.explain(tree, depth, block, r * M, values, (b0 + r) * M, scale);
      }
    }
    for (let r = 0; r < nb; r++) output[b0 + r] = marginOfRow(ensemble, block, r * M);
  }
  return { baseValue: p.baseValue, values, nFeatures: M, output };
}

/**
 * SHAP values for one row given as a dense array (one value per model
 * feature, NaN = missing): the on-demand path for a single area or a what-if.
 */
function _treeShapRow(
  ensemble: TreeEnsemble,
  x: ArrayLike<number>,
): {
  baseValue: number;
  values: Float64Array;
  output: number;
} {
  const p = prepare(ensemble, 'auto');
  const M = ensemble.nFeatures;
  if (x.length !== M) {
    throw zerr('BAD_DATA', `row has ${x.length} values, the model expects ${M}`, {
      parameter: 'x',
      values: x.length,
      expected: M,
    });
  }
  const row = Float64Array.from(x);
  const values = new Float64Array(M);
  const mask = new Int32Array(p.maxNodes);
  const rec = new RecursiveShap();
  const trees = ensemble.trees,
    scale = treeScale(ensemble);
  for (let t = 0; t < trees.length; t++) {
    const ft = p.fast[t];
    if (ft) explainFast(ft, row, 0, values, 0, mask);
    else rec.explain(trees[t]!, p.infos[t]!.depth, row, 0, values, 0, scale);
  }
  return { baseValue: p.baseValue, values, output: marginOfRow(ensemble, row) };
}

/**
 * SHAP interaction values (Lundberg et al. 2020, as xgboost's
 * `pred_interactions`): per row an M×M matrix whose off-diagonal (j, k) is half
 * the difference of k's SHAP value with j held present and held absent, and
 * whose diagonal makes row j sum to j's SHAP value (xgboost's layout). Costs M+1 TreeSHAP
 * passes: meant for small inputs. Returned row-major: rows × M × M.
 */
function _treeShapInteractions(ensemble: TreeEnsemble, X: Frame): Float64Array {
  checkFrame(ensemble, X, 'X');
  const p = prepare(ensemble, 'recursive');
  const M = ensemble.nFeatures;
  const out = new Float64Array(X.nRows * M * M);
  const row = new Float64Array(M);
  const phi = new Float64Array(M);
  const on = new Float64Array(M);
  const off = new Float64Array(M);
  const rec = new RecursiveShap();
  const scale = treeScale(ensemble);
  const trees = ensemble.trees;
  for (let i = 0; i < X.nRows; i++) {
    readRow(X, i, row);
    phi.fill(0);
    for (let t = 0; t < trees.length; t++) rec.explain(trees[t]!, p.infos[t]!.depth, row, 0, phi, 0, scale);
    const base = i * M * M;
    for (let j = 0; j < M; j++) out[base + j * M + j] = phi[j]!;
    for (let j = 0; j < M; j++) {
      on.fill(0);
      off.fill(0);
      for (let t = 0; t < trees.length; t++) {
        rec.explain(trees[t]!, p.infos[t]!.depth, row, 0, on, 0, scale, 1, j);
        rec.explain(trees[t]!, p.infos[t]!.depth, row, 0, off, 0, scale, -1, j);
      }
      for (let k = 0; k < M; k++) {
        if (k === j) continue;
        const v = (on[k]! - off[k]!) / 2;
        out[base + j * M + k] = v;
        out[base + j * M + j]! -= v;
      }
    }
  }
  return out;
}
