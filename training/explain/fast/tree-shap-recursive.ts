import type { TreeArrays } from '../../types.ts';

/**
 * Path-dependent TreeSHAP, Algorithm 2 of Lundberg, Erion & Lee (2018),
 * "Consistent individualized feature attribution for tree ensembles",
 * O(L·D²) per tree and row. Written like the reference C++ (shap's
 * tree_shap.h): one flat stack of path segments, each recursion level copying
 * its parent's path into the next segment, so nothing is allocated per node.
 *
 * It is the fallback for trees too deep for the tabulated variant
 * (`tree-shap-fast.ts`) and the engine behind SHAP interaction values
 * (the `condition` arguments, as in xgboost's `pred_interactions`).
 */
export class RecursiveShap {
  private feat = new Int32Array(0);
  private zero = new Float64Array(0);
  private one = new Float64Array(0);
  private pw = new Float64Array(0);
  // Per-call state, kept in fields so the recursion passes only what changes.
  private tree!: TreeArrays;
  private x!: Float64Array;
  private xo = 0;
  private phi!: Float64Array;
  private phiOffset = 0;
  private scale = 1;
  private condition = 0;
  private conditionFeature = -1;

  /** Make room for trees up to `depth` edges deep. */
  reserve(depth: number): void {
    const maxd = depth + 2;
    const size = (maxd * (maxd + 1)) / 2;
    if (this.feat.length >= size) return;
    this.feat = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.pw = new Float64Array(size);
  }

  /**
   * Add `scale ×` the SHAP values of one tree for the row at `x[xo ..]` into
   * `phi[phiOffset + feature]`. With `condition` = +1 / −1 the feature
   * `conditionFeature` is held always-present / always-absent (used for
   * interaction values); 0 is the plain explanation.
   */
  explain(
    tree: TreeArrays,
    depth: number,
    x: Float64Array,
    xo: number,
    phi: Float64Array,
    phiOffset: number,
    scale: number,
    condition = 0,
    conditionFeature = -1,
  ): void {
    this.reserve(depth);
    this.tree = tree;
    this.x = x;
    this.xo = xo;
    this.phi = phi;
    this.phiOffset = phiOffset;
    this.scale = scale;
    this.condition = condition;
    this.conditionFeature = conditionFeature;
    this.recurse(0, 0, 0, 1, 1, -1, 1);
  }

  private recurse(
    node: number,
    depth: number,
    parentStart: number,
    parentZero: number,
    parentOne: number,
    parentFeature: number,
    conditionFraction: number,
  ): void {
    if (conditionFraction === 0) return;
    const feat = this.feat,
      zero = this.zero,
      one = this.one,
      pw = this.pw;
    const tree = this.tree;
    // This level's segment starts right after the parent's `depth` live elements.
    const start = parentStart + depth;
    for (let i = 0; i < depth; i++) {
      feat[start + i] = feat[parentStart + i]!;
      zero[start + i] = zero[parentStart + i]!;
      one[start + i] = one[parentStart + i]!;
      pw[start + i] = pw[parentStart + i]!;
    }
    if (this.condition === 0 || this.conditionFeature !== parentFeature) {
      extendPath(feat, zero, one, pw, start, depth, parentZero, parentOne, parentFeature);
    } else {
      // The conditioned feature is not a player: the path does not grow.
      depth -= 1;
    }

    const l = tree.left[node]!;
    if (l === -1) {
      const v = tree.value[node]! * conditionFraction * this.scale;
      const phi = this.phi,
        off = this.phiOffset;
      for (let i = 1; i <= depth; i++) {
        const w = unwoundPathSum(zero, one, pw, start, depth, i);
        phi[off + feat[start + i]!]! += w * (one[start + i]! - zero[start + i]!) * v;
      }
      return;
    }

    const r = tree.right[node]!;
    const split = tree.feature[node]!;
    const xv = this.x[this.xo + split]!;
    const goLeft = xv !== xv ? tree.missingLeft[node] === 1 : xv < tree.threshold[node]!;
    const hot = goLeft ? l : r;
    const cold = goLeft ? r : l;
    const cover = tree.cover[node]!;
    const hotZero = tree.cover[hot]! / cover;
    const coldZero = tree.cover[cold]! / cover;
    let incomingZero = 1;
    let incomingOne = 1;

    // A feature seen higher up the path is undone here and redone with the combined fractions.
    let pathIndex = 0;
    for (; pathIndex <= depth; pathIndex++) if (feat[start + pathIndex] === split) break;
    if (pathIndex !== depth + 1) {
      incomingZero = zero[start + pathIndex]!;
      incomingOne = one[start + pathIndex]!;
      unwindPath(feat, zero, one, pw, start, depth, pathIndex);
      depth -= 1;
    }

    let hotCond = conditionFraction,
      coldCond = conditionFraction;
    if (this.condition > 0 && split === this.conditionFeature) {
      coldCond = 0;
      hotCond *= incomingOne;
    } else if (this.condition < 0 && split === this.conditionFeature) {
      hotCond *= hotZero * incomingZero;
      coldCond *= coldZero * incomingZero;
    }
    this.recurse(hot, depth + 1, start, hotZero * incomingZero, incomingOne, split, hotCond);
    this.recurse(cold, depth + 1, start, coldZero * incomingZero, 0, split, coldCond);
  }
}

function extendPath(
  feat: Int32Array,
  zero: Float64Array,
  one: Float64Array,
  pw: Float64Array,
  s: number,
  depth: number,
  zeroFraction: number,
  oneFraction: number,
  feature: number,
): void {
  feat[s + depth] = feature;
  zero[s + depth] = zeroFraction;
  one[s + depth] = oneFraction;
  pw[s + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    pw[s + i + 1]! += (oneFraction * pw[s + i]! * (i + 1)) / (depth + 1);
    pw[s + i] = (zeroFraction * pw[s + i]! * (depth - i)) / (depth + 1);
  }
}

function unwindPath(
  feat: Int32Array,
  zero: Float64Array,
  one: Float64Array,
  pw: Float64Array,
  s: number,
  depth: number,
  pathIndex: number,
): void {
  const oneFraction = one[s + pathIndex]!;
  const zeroFraction = zero[s + pathIndex]!;
  let nextOnePortion = pw[s + depth]!;
  for (let i = depth - 1; i >= 0; i--) {
    if (oneFraction !== 0) {
      const tmp = pw[s + i]!;
      pw[s + i] = (nextOnePortion * (depth + 1)) / ((i + 1) * oneFraction);
      nextOnePortion = tmp - (pw[s + i]! * zeroFraction * (depth - i)) / (depth + 1);
    } else {
      pw[s + i] = (pw[s + i]! * (depth + 1)) / (zeroFraction * (depth - i));
    }
  }
  for (let i = pathIndex; i < depth; i++) {
    feat[s + i] = feat[s + i + 1]!;
    zero[s + i] = zero[s + i + 1]!;
    one[s + i] = one[s + i + 1]!;
  }
}

function unwoundPathSum(
  zero: Float64Array,
  one: Float64Array,
  pw: Float64Array,
  s: number,
  depth: number,
  pathIndex: number,
): number {
  const oneFraction = one[s + pathIndex]!;
  const zeroFraction = zero[s + pathIndex]!;
  let nextOnePortion = pw[s + depth]!;
  let total = 0;
  if (oneFraction !== 0) {
    for (let i = depth - 1; i >= 0; i--) {
      const tmp = (nextOnePortion * (depth + 1)) / ((i + 1) * oneFraction);
      total += tmp;
      nextOnePortion = pw[s + i]! - (tmp * zeroFraction * (depth - i)) / (depth + 1);
    }
  } else {
    for (let i = depth - 1; i >= 0; i--) {
      total += (pw[s + i]! * (depth + 1)) / (zeroFraction * (depth - i));
    }
  }
  return total;
}
