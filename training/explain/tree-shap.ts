import { treeShap as fastTreeShap } from './fast/tree-shap.ts';
import type { Frame } from '../../core/index.ts';
import type { Contributions, TreeArrays, TreeEnsemble } from '../types.ts';

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2) in
 * O(leaves × depth²) per tree and row. The "unique path" of the algorithm lives in
 * four preallocated typed arrays; each recursion level works on its own slice
 * (offset = sum of the previous path lengths), so nothing is allocated per node.
 */
class ShapWorkspace {
  readonly feat: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly pw: Float64Array;
  constructor(maxDepth: number) {
    const d = maxDepth + 2;
    const size = (d * (d + 1)) / 2 + d;
    this.feat = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.pw = new Float64Array(size);
  }
}

/** Depth of a flat tree (root alone = 0). */
export function treeDepth(t: TreeArrays): number {
  const depth = new Int32Array(t.left.length);
  let max = 0;
  for (let i = 0; i < t.left.length; i++) {
    const l = t.left[i]!;
    if (l === -1) continue;
    // children always come after their parent in our arrays and in imported ones we reorder
    const d = depth[i]! + 1;
    depth[l] = d; depth[t.right[i]!] = d;
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
  const nF = ensemble.nFeatures;
  const n = X.nRows;
  const values = new Float64Array(n * nF);
  const output = new Float64Array(n);
  const scale = ensemble.averaging ? 1 / Math.max(1, ensemble.trees.length) : 1;
  let base = ensemble.baseScore;
  let maxDepth = 0;
  for (const t of ensemble.trees) {
    base += scale * t.value[0]!;
    maxDepth = Math.max(maxDepth, treeDepth(t));
  }
  const ws = new ShapWorkspace(maxDepth);
  const x = new Float64Array(nF);
  const phi = new Float64Array(nF);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < nF; j++) x[j] = X.data[j]![i]!;
    phi.fill(0);
    let margin = 0;
    for (const t of ensemble.trees) {
      margin += predictRow(t, x);
      if (t.left[0] !== -1) recurse(t, x, phi, ws, 0, 0, 0, 1, 1, -1);
    }
    const o = i * nF;
    for (let j = 0; j < nF; j++) values[o + j] = phi[j]! * scale;
    output[i] = ensemble.baseScore + scale * margin;
  }
  return { baseValue: base, values, nFeatures: nF, output };
}

/** Margin contribution of one tree for one row (x indexed by feature). */
export function predictRow(t: TreeArrays, x: Float64Array): number {
  let nd = 0;
  const { left, right, feature, threshold, missingLeft } = t;
  while (left[nd] !== -1) {
    const v = x[feature[nd]!]!;
    nd = (v !== v ? missingLeft[nd] === 1 : v < threshold[nd]!) ? left[nd]! : right[nd]! ;
  }
  return t.value[nd]!;
}

function recurse(
  t: TreeArrays, x: Float64Array, phi: Float64Array, ws: ShapWorkspace,
  node: number, depth: number, parentOff: number,
  zeroFrac: number, oneFrac: number, featIdx: number,
): void {
  const { feat, zero, one, pw } = ws;
  // copy the parent's path into this level's slice, then extend it
  const off = parentOff + depth;
  // paths are short (≤ depth + 1): a plain loop beats four copyWithin calls
  for (let k = 0; k < depth; k++) {
    feat[off + k] = feat[parentOff + k]!;
    zero[off + k] = zero[parentOff + k]!;
    one[off + k] = one[parentOff + k]!;
    pw[off + k] = pw[parentOff + k]!;
  }
  extend(ws, off, depth, zeroFrac, oneFrac, featIdx);
  const left = t.left[node]!;
  if (left === -1) {
    const v = t.value[node]!;
    for (let i = 1; i <= depth; i++) {
      const w = unwoundSum(ws, off, depth, i);
      phi[feat[off + i]!] = phi[feat[off + i]!]! + w * (one[off + i]! - zero[off + i]!) * v;
    }
    return;
  }
  const right = t.right[node]!;
  const f = t.feature[node]!;
  const xv = x[f]!;
  const goLeft = xv !== xv ? t.missingLeft[node] === 1 : xv < t.threshold[node]!;
  const hot = goLeft ? left : right;
  const cold = goLeft ? right : left;
  const w = t.cover[node]!;
  const hotZero = w > 0 ? t.cover[hot]! / w : 0;
  const coldZero = w > 0 ? t.cover[cold]! / w : 0;
  let inZero = 1, inOne = 1;
  // if this feature was split on before, undo that split so it is counted once
  let k = 1;
  for (; k <= depth; k++) if (feat[off + k] === f) break;
  let d = depth;
  if (k <= depth) {
    inZero = zero[off + k]!;
    inOne = one[off + k]!;
    unwind(ws, off, d, k);
    d -= 1;
  }
  recurse(t, x, phi, ws, hot, d + 1, off, hotZero * inZero, inOne, f);
  recurse(t, x, phi, ws, cold, d + 1, off, coldZero * inZero, 0, f);
}

function extend(ws: ShapWorkspace, off: number, d: number, zeroFrac: number, oneFrac: number, featIdx: number): void {
  const { feat, zero, one, pw } = ws;
  feat[off + d] = featIdx;
  zero[off + d] = zeroFrac;
  one[off + d] = oneFrac;
  pw[off + d] = d === 0 ? 1 : 0;
  for (let i = d - 1; i >= 0; i--) {
    pw[off + i + 1] = pw[off + i + 1]! + (oneFrac * pw[off + i]! * (i + 1)) / (d + 1);
    pw[off + i] = (zeroFrac * pw[off + i]! * (d - i)) / (d + 1);
  }
}

function unwind(ws: ShapWorkspace, off: number, d: number, pathIndex: number): void {
  const { feat, zero, one, pw } = ws;
  const oneFrac = one[off + pathIndex]!;
  const zeroFrac = zero[off + pathIndex]!;
  let next = pw[off + d]!;
  for (let i = d - 1; i >= 0; i--) {
    if (oneFrac !== 0) {
      const tmp = pw[off + i]!;
      pw[off + i] = (next * (d + 1)) / ((i + 1) * oneFrac);
      next = tmp - (pw[off + i]! * zeroFrac * (d - i)) / (d + 1);
    } else {
      pw[off + i] = (pw[off + i]! * (d + 1)) / (zeroFrac * (d - i));
    }
  }
  for (let i = pathIndex; i < d; i++) {
    feat[off + i] = feat[off + i + 1]!;
    zero[off + i] = zero[off + i + 1]!;
    one[off + i] = one[off + i + 1]!;
  }
}

function unwoundSum(ws: ShapWorkspace, off: number, d: number, pathIndex: number): number {
  const { zero, one, pw } = ws;
  const oneFrac = one[off + pathIndex]!;
  const zeroFrac = zero[off + pathIndex]!;
  let next = pw[off + d]!;
  let total = 0;
  for (let i = d - 1; i >= 0; i--) {
    if (oneFrac !== 0) {
      const tmp = (next * (d + 1)) / ((i + 1) * oneFrac);
      total += tmp;
      next = pw[off + i]! - tmp * zeroFrac * ((d - i) / (d + 1));
    } else if (zeroFrac !== 0) {
      total += pw[off + i]! / zeroFrac / ((d - i) / (d + 1));
    }
  }
  return total;
}
