import type { TreeArrays } from '../../types.ts';
import { coverFraction, type TreeInfo } from './tree-checks.ts';

/**
 * Path-dependent TreeSHAP with per-leaf tables (the idea of Fast TreeSHAP v2,
 * Yang 2021): exact, the same values as Algorithm 2, but O(L·D) per tree and
 * row instead of O(L·D²), after an O(L·2^D·D) precomputation per tree.
 *
 * Why it is exact. For one leaf with value v, let F be the distinct features
 * split on along its path (|F| = k), z_j the product of cover fractions of the
 * path's splits on feature j, and H ⊆ F the features whose every split on the
 * path the row satisfies ("hot"). The leaf's share of the path-dependent value
 * function is v(S) = v · Π_{j∈S} 1[j∈H] · Π_{j∉S} z_j, a game over the k
 * players F (all other features are dummies). Writing
 *   A(G) = Σ_{S⊆G} w(|S|, k) · v · Π_{j∈F∖S} z_j,   w(s, k) = s!(k−s−1)!/k!,
 * the Shapley values of that game are
 *   i ∈ H:  φ_i = (1 − z_i)/z_i · A(H∖{i})      (v(S∪i) = v(S)/z_i for S ⊆ H∖{i})
 *   i ∉ H:  φ_i = −A(H)                          (v(S∪i) = 0)
 * so a row only needs its hot mask H per leaf and k table look-ups.
 */
export interface FastTree {
  /** Internal nodes, renumbered 0..nInternal−1 in pre-order; leaves are slots nInternal + q. */
  readonly nInternal: number;
  readonly nLeaves: number;
  /** Per internal node: feature, threshold, missing-goes-left (0/1), children's slots. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly missingLeft: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Per internal node: 1 << (position of its feature in the path's distinct-feature list). */
  readonly bit: Int32Array;
  /** Per leaf: all-hot mask (2^k − 1), offsets into `feats`/`ratio` (nLeaves + 1 entries) and `table`. */
  readonly full: Int32Array;
  readonly featStart: Int32Array;
  readonly tableStart: Int32Array;
  /** Distinct path features per leaf, in bit order. */
  readonly feats: Int32Array;
  /** (1 − z_j)/z_j per leaf and path feature. */
  readonly ratio: Float64Array;
  /** A(G) per leaf, already multiplied by the tree's scale. */
  readonly table: Float64Array;
}

/** Largest table (entries) we build for one tree; deeper trees use Algorithm 2. */
const FAST_TABLE_LIMIT = 1 << 21;

/** Shapley weight w(s, k) = s!(k−s−1)!/k!. */
function shapleyWeight(s: number, k: number): number {
  // 1 / (k · C(k−1, s)), computed as a product to stay exact for small k.
  let c = 1;
  for (let i = 1; i <= s; i++) c = (c * (k - 1 - s + i)) / i;
  return 1 / (k * c);
}

/**
 * Build the tables for one tree, or return null when they would exceed
 * `FAST_TABLE_LIMIT` entries (then the caller falls back to Algorithm 2).
 */
export function buildFastTree(tree: TreeArrays, info: TreeInfo, scale: number): FastTree | null {
  const n = tree.left.length;
  const bit = new Int32Array(n);
  const nLeaves = info.leaves.length;
  const leafSlot = new Int32Array(n).fill(-1);
  info.leaves.forEach((leaf, q) => {
    leafSlot[leaf] = q;
  });
  const full = new Int32Array(nLeaves);
  const featStart = new Int32Array(nLeaves + 1);
  const tableStart = new Int32Array(nLeaves + 1);
  const leafFeats: number[][] = new Array<number[]>(nLeaves);
  const leafZ: number[][] = new Array<number[]>(nLeaves);
  let tableSize = 0;
  let tooBig = false;

  // Depth-first walk carrying the path's distinct features and their z products.
  const walk = (node: number, feats: number[], z: number[]): void => {
    if (tooBig) return;
    const l = tree.left[node]!;
    if (l === -1) {
      const q = leafSlot[node]!;
      leafFeats[q] = feats.slice();
      leafZ[q] = z.slice();
      tableSize += 1 << feats.length;
      if (feats.length > 20 || tableSize > FAST_TABLE_LIMIT) tooBig = true;
      return;
    }
    const r = tree.right[node]!;
    const f = tree.feature[node]!;
    let b = feats.indexOf(f);
    const isNew = b === -1;
    if (isNew) {
      b = feats.length;
      feats.push(f);
      z.push(1);
    }
    bit[node] = b;
    const before = z[b]!;
    z[b] = before * coverFraction(tree, l, node);
    walk(l, feats, z);
    z[b] = before * coverFraction(tree, r, node);
    walk(r, feats, z);
    z[b] = before;
    if (isNew) {
      feats.pop();
      z.pop();
    }
  };
  walk(0, [], []);
  if (tooBig) return null;

  let nFeat = 0;
  for (let q = 0; q < nLeaves; q++) {
    featStart[q] = nFeat;
    nFeat += leafFeats[q]!.length;
  }
  featStart[nLeaves] = nFeat;
  const feats = new Int32Array(nFeat);
  const ratio = new Float64Array(nFeat);
  const table = new Float64Array(tableSize);
  let t0 = 0;
  for (let q = 0; q < nLeaves; q++) {
    const fs = leafFeats[q]!,
      zs = leafZ[q]!;
    const k = fs.length;
    tableStart[q] = t0;
    full[q] = (1 << k) - 1;
    for (let j = 0; j < k; j++) {
      feats[featStart[q]! + j] = fs[j]!;
      ratio[featStart[q]! + j] = (1 - zs[j]!) / zs[j]!;
    }
    if (k > 0) fillTable(table, t0, zs, tree.value[info.leaves[q]!]! * scale);
    t0 += 1 << k;
  }
  tableStart[nLeaves] = t0;
  // Compact, pre-ordered node arrays: the per-row pass then reads them sequentially.
  const nInternal = info.internal.length;
  const slot = new Int32Array(n);
  info.internal.forEach((node, i) => {
    slot[node] = i;
  });
  info.leaves.forEach((node, q) => {
    slot[node] = nInternal + q;
  });
  const cFeature = new Int32Array(nInternal),
    cThreshold = new Float64Array(nInternal),
    cMissing = new Int32Array(nInternal);
  const cLeft = new Int32Array(nInternal),
    cRight = new Int32Array(nInternal),
    cBit = new Int32Array(nInternal);
  info.internal.forEach((node, i) => {
    cFeature[i] = tree.feature[node]!;
    cThreshold[i] = tree.threshold[node]!;
    cMissing[i] = tree.missingLeft[node] === 1 ? 1 : 0;
    cLeft[i] = slot[tree.left[node]!]!;
    cRight[i] = slot[tree.right[node]!]!;
    cBit[i] = 1 << bit[node]!;
  });
  return {
    nInternal,
    nLeaves,
    feature: cFeature,
    threshold: cThreshold,
    missingLeft: cMissing,
    left: cLeft,
    right: cRight,
    bit: cBit,
    full,
    featStart,
    tableStart,
    feats,
    ratio,
    table,
  };
}

/** A(G) for all G ⊆ {0..k−1}: g(S) = w(|S|,k)·v·Π_{j∉S} z_j, then a subset-sum (zeta) transform. */
function fillTable(table: Float64Array, at: number, z: readonly number[], v: number): void {
  const k = z.length;
  const size = 1 << k;
  const w = new Float64Array(k);
  for (let s = 0; s < k; s++) w[s] = shapleyWeight(s, k);
  for (let S = 0; S < size; S++) {
    let p = v;
    let s = 0;
    for (let j = 0; j < k; j++) {
      if (S & (1 << j)) s++;
      else p *= z[j]!;
    }
    table[at + S] = w[s]! * p;
  }
  for (let j = 0; j < k; j++) {
    const b = 1 << j;
    for (let G = 0; G < size; G++) if (G & b) table[at + G]! += table[at + (G ^ b)]!;
  }
}

/**
 * Add one tree's SHAP values for the row at `x[xo ..]` into `phi[off + feature]`.
 * `mask` is scratch with one slot per node.
 */
export function explainFast(
  ft: FastTree,
  x: Float64Array,
  xo: number,
  phi: Float64Array,
  off: number,
  mask: Int32Array,
): void {
  const nInternal = ft.nInternal,
    feature = ft.feature,
    thr = ft.threshold,
    ml = ft.missingLeft;
  const left = ft.left,
    right = ft.right,
    bit = ft.bit;
  // mask[slot] = path features on which the row has failed some split above the node.
  // Branch-free where the direction is data-dependent: those branches are unpredictable.
  mask[0] = 0;
  for (let i = 0; i < nInternal; i++) {
    const v = x[xo + feature[i]!]!;
    const g = v !== v ? ml[i]! : +(v < thr[i]!);
    const m = mask[i]!;
    const b = bit[i]!;
    mask[left[i]!] = m | (b & (g - 1));
    mask[right[i]!] = m | (b & -g);
  }
  const nLeaves = ft.nLeaves,
    full = ft.full,
    featStart = ft.featStart,
    tableStart = ft.tableStart;
  const feats = ft.feats,
    ratio = ft.ratio,
    table = ft.table;
  let fs = featStart[0]!;
  for (let q = 0; q < nLeaves; q++) {
    const fe = featStart[q + 1]!;
    const hot = full[q]! & ~mask[nInternal + q]!;
    // t points at A(H); A(H∖{j}) sits b = 1 << j entries before it when j ∈ H.
    const t = tableStart[q]! + hot;
    const cold = table[t]!;
    for (let j = fs, b = 1; j < fe; j++, b <<= 1) {
      phi[off + feats[j]!]! += (hot & b) !== 0 ? ratio[j]! * table[t - b]! : -cold;
    }
    fs = fe;
  }
}
