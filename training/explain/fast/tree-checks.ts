import { zerr, type Frame } from '../../../core/index.ts';
import type { TreeArrays, TreeEnsemble } from '../../types.ts';

/**
 * Structural facts about one tree that every explainer needs, computed once
 * and cached per `TreeArrays` object (trees are immutable).
 */
export interface TreeInfo {
  /** Internal nodes in pre-order (a parent always comes before its children). */
  readonly internal: Int32Array;
  /** Leaves in pre-order. */
  readonly leaves: Int32Array;
  /** Longest root-to-leaf path, in edges. */
  readonly depth: number;
  /**
   * Expected tree output under cover weights: the value TreeSHAP attributes
   * nothing to. Computed from leaves and covers (not from `value` of internal
   * nodes) so that it is exactly the empty-coalition value of the algorithm.
   */
  readonly expected: number;
}

const infoCache = new WeakMap<TreeArrays, TreeInfo>();

/**
 * Fraction of a node's cover that goes to one child. Every explainer and the
 * brute-force reference use this one definition so they agree exactly.
 */
export function coverFraction(tree: TreeArrays, child: number, parent: number): number {
  return tree.cover[child]! / tree.cover[parent]!;
}

/** Validate a tree's arrays and topology; cached. Throws CORRUPT_ARTIFACT naming the tree and node. */
function treeInfo(tree: TreeArrays, t: number, nFeatures: number): TreeInfo {
  const hit = infoCache.get(tree);
  if (hit) return hit;
  const n = tree.left.length;
  const bad = (node: number, why: string): never => {
    throw zerr('CORRUPT_ARTIFACT', `tree ${t} node ${node}: ${why}`, { tree: t, node });
  };
  if (n === 0) bad(0, 'tree has no nodes');
  for (const [name, arr] of [
    ['right', tree.right],
    ['feature', tree.feature],
    ['threshold', tree.threshold],
    ['missingLeft', tree.missingLeft],
    ['value', tree.value],
    ['cover', tree.cover],
  ] as const) {
    if (arr.length !== n) bad(0, `'${name}' has ${arr.length} entries, 'left' has ${n}`);
  }
  const seen = new Uint8Array(n);
  const internal: number[] = [];
  const leaves: number[] = [];
  const nodeDepth = new Int32Array(n);
  let depth = 0;
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen[node]) bad(node, 'reached twice (the arrays do not form a tree)');
    seen[node] = 1;
    const c = tree.cover[node]!;
    if (!(c > 0) || !Number.isFinite(c)) bad(node, `cover must be positive and finite, got ${c}`);
    const l = tree.left[node]!;
    if (l === -1) {
      if (!Number.isFinite(tree.value[node]!)) bad(node, `leaf value ${tree.value[node]} is not finite`);
      leaves.push(node);
      depth = Math.max(depth, nodeDepth[node]!);
      continue;
    }
    const r = tree.right[node]!;
    if (l < 0 || l >= n || r < 0 || r >= n) bad(node, `child index out of range (left ${l}, right ${r}, ${n} nodes)`);
    const f = tree.feature[node]!;
    if (f < 0 || f >= nFeatures) bad(node, `feature index ${f} outside 0..${nFeatures - 1}`);
    if (Number.isNaN(tree.threshold[node]!)) bad(node, 'threshold is NaN');
    internal.push(node);
    nodeDepth[l] = nodeDepth[node]! + 1;
    nodeDepth[r] = nodeDepth[node]! + 1;
    // push right first so the left subtree comes out first (pre-order)
    stack.push(r, l);
  }
  const info: TreeInfo = {
    internal: Int32Array.from(internal),
    leaves: Int32Array.from(leaves),
    depth,
    expected: expectedValue(tree, internal),
  };
  infoCache.set(tree, info);
  return info;
}

function expectedValue(tree: TreeArrays, preorder: readonly number[]): number {
  // Reverse pre-order visits children before parents.
  const mean = new Float64Array(tree.left.length);
  for (let i = 0; i < tree.left.length; i++) if (tree.left[i] === -1) mean[i] = tree.value[i]!;
  for (let i = preorder.length - 1; i >= 0; i--) {
    const node = preorder[i]!;
    const l = tree.left[node]!,
      r = tree.right[node]!;
    mean[node] = coverFraction(tree, l, node) * mean[l]! + coverFraction(tree, r, node) * mean[r]!;
  }
  return mean[0]!;
}

/** Validate every tree of an ensemble (cached per tree). */
export function ensembleInfo(ensemble: TreeEnsemble): readonly TreeInfo[] {
  if (ensemble.trees.length === 0) throw zerr('CORRUPT_ARTIFACT', 'tree ensemble has no trees', { trees: 0 });
  if (!Number.isFinite(ensemble.baseScore)) {
    throw zerr('CORRUPT_ARTIFACT', `tree ensemble baseScore ${ensemble.baseScore} is not finite`, {
      field: 'baseScore',
    });
  }
  return ensemble.trees.map((tree, t) => treeInfo(tree, t, ensemble.nFeatures));
}

/** Weight of one tree in the margin: 1 for boosting, 1/T for a forest. */
export function treeScale(ensemble: TreeEnsemble): number {
  return ensemble.averaging ? 1 / ensemble.trees.length : 1;
}

/** Check that a frame has one column per model feature. */
export function checkFrame(ensemble: TreeEnsemble, X: Frame, what: string): void {
  if (X.data.length !== ensemble.nFeatures) {
    throw zerr('BAD_DATA', `${what} has ${X.data.length} columns, the model expects ${ensemble.nFeatures}`, {
      parameter: what,
      columns: X.data.length,
      expected: ensemble.nFeatures,
    });
  }
}

/** Copy row i of a column-major frame into `out` (reused buffer). */
export function readRow(X: Frame, i: number, out: Float64Array): void {
  const cols = X.data;
  for (let j = 0; j < cols.length; j++) out[j] = cols[j]![i]!;
}

/** The leaf a row reaches (xgboost's rule: left when x < threshold, NaN follows missingLeft). */
function leafOf(tree: TreeArrays, x: ArrayLike<number>, xo = 0): number {
  const left = tree.left,
    right = tree.right,
    feature = tree.feature,
    thr = tree.threshold,
    ml = tree.missingLeft;
  let node = 0;
  let l = left[0]!;
  while (l !== -1) {
    const v = x[xo + feature[node]!]!;
    node = (v !== v ? ml[node] === 1 : v < thr[node]!) ? l : right[node]!;
    l = left[node]!;
  }
  return node;
}

/** Margin of one row held in a dense buffer at `x[xo ..]`. */
export function marginOfRow(ensemble: TreeEnsemble, x: ArrayLike<number>, xo = 0): number {
  let s = 0;
  const trees = ensemble.trees;
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t]!;
    s += tree.value[leafOf(tree, x, xo)]!;
  }
  return ensemble.baseScore + s * treeScale(ensemble);
}

/**
 * Margin (raw) predictions of a tree ensemble: baseScore + sum (boosting) or
 * mean (forest) of the leaf values each row reaches.
 */
function _predictMargin(ensemble: TreeEnsemble, X: Frame): Float64Array {
  ensembleInfo(ensemble);
  checkFrame(ensemble, X, 'X');
  const out = new Float64Array(X.nRows);
  const row = new Float64Array(ensemble.nFeatures);
  for (let i = 0; i < X.nRows; i++) {
    readRow(X, i, row);
    out[i] = marginOfRow(ensemble, row);
  }
  return out;
}
