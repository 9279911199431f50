import type { Rng } from '../../core/index.ts';
import type { TreeArrays } from '../types.ts';
import { MISSING_BIN, type BinnedFrame } from './binning.ts';

/** Growth limits of one histogram tree. */
export interface TreeParams {
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  /** Minimum sum of hessians in a child (xgboost's min_child_weight). */
  readonly minChildWeight: number;
  /** L2 penalty on leaf values. */
  readonly lambda: number;
  /** Minimum loss reduction to split. */
  readonly minGain: number;
  /** Features tried per split (random forest); ≥ the candidate count means all of them. */
  readonly featuresPerSplit: number;
}

/** A grown tree: raw-unit arrays plus the bin thresholds (bin ≤ b goes left) used in training. */
export interface GrownTree {
  readonly tree: TreeArrays;
  readonly binThreshold: Int32Array;
}

const STRIDE = 3 * 256; // per feature: (grad, hess, count) for 255 value bins + the missing bin

interface Node {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  hist: Float64Array | null;
  readonly g: number;
  readonly h: number;
}

/**
 * Grow one depth-wise tree on binned data from per-row gradients and hessians.
 * `rows` lists the training rows (duplicates allowed, e.g. a bootstrap) and is
 * reordered in place. Histograms cost O(rows × features) per level; with all features
 * a candidate, only the smaller child is built and the sibling is parent − child.
 * Leaf value = −G / (H + λ) × `leafScale`; internal values are cover-weighted means.
 */
export function growTree(
  bins: BinnedFrame,
  grad: Float64Array,
  hess: Float64Array,
  rows: Uint32Array,
  features: Int32Array,
  p: TreeParams,
  rng: Rng | null,
  leafScale: number,
): GrownTree {
  const nF = bins.codes.length;
  const sampled = p.featuresPerSplit < features.length;
  const scratch = new Uint32Array(rows.length);
  const featScratch = Int32Array.from(features);
  // with per-split feature sampling nothing is subtracted later, so one buffer serves every node
  const shared = sampled ? new Float64Array(nF * STRIDE) : null;
  const feature: number[] = [],
    threshold: number[] = [],
    left: number[] = [],
    right: number[] = [];
  const missingLeft: number[] = [],
    value: number[] = [],
    cover: number[] = [],
    binThr: number[] = [];
  const newNode = (): number => {
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    missingLeft.push(0);
    value.push(0);
    cover.push(0);
    binThr.push(-1);
    return feature.length - 1;
  };
  let G = 0,
    H = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    G += grad[r]!;
    H += hess[r]!;
  }
  const queue: Node[] = [{ id: newNode(), start: 0, end: rows.length, depth: 0, hist: null, g: G, h: H }];
  let qi = 0;
  while (qi < queue.length) {
    const node = queue[qi++]!;
    queue[qi - 1] = undefined as unknown as Node; // let finished histograms be collected
    const { id, start, end } = node;
    const count = end - start;
    cover[id] = node.h;
    value[id] = (-node.g / (node.h + p.lambda)) * leafScale + 0; // + 0 turns -0 into 0
    if (node.depth >= p.maxDepth || count < 2 * p.minSamplesLeaf || count < 2) continue;
    let cand: Int32Array = features;
    if (sampled) {
      // partial Fisher–Yates: the first k entries are a uniform sample without replacement
      const k = Math.max(1, p.featuresPerSplit);
      for (let i = 0; i < k; i++) {
        const j = i + rng!.int(featScratch.length - i);
        const t = featScratch[i]!;
        featScratch[i] = featScratch[j]!;
        featScratch[j] = t;
      }
      cand = featScratch.subarray(0, k);
    }
    if (node.hist === null) node.hist = buildHist(bins, grad, hess, rows, start, end, cand, nF, shared);
    const best = bestSplit(node.hist, bins.nBins, cand, node.g, node.h, count, p);
    if (best.feature < 0) {
      node.hist = null;
      continue;
    }
    const f = best.feature,
      b = best.bin,
      ml = best.missingLeft;
    const codes = bins.codes[f]!;
    // stable partition keeps rows ascending, which keeps the histogram gathers cache-friendly
    let nl = start,
      nr = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      const c = codes[r]!;
      const goLeft = c === MISSING_BIN ? ml : c <= b;
      if (goLeft) rows[nl++] = r;
      else scratch[nr++] = r;
    }
    rows.set(scratch.subarray(0, nr), nl);
    const li = newNode(),
      ri = newNode();
    feature[id] = f;
    threshold[id] = bins.cuts[f]![b]!;
    left[id] = li;
    right[id] = ri;
    missingLeft[id] = ml ? 1 : 0;
    binThr[id] = b;
    const leftN: Node = { id: li, start, end: nl, depth: node.depth + 1, hist: null, g: best.gl, h: best.hl };
    const rightN: Node = {
      id: ri,
      start: nl,
      end,
      depth: node.depth + 1,
      hist: null,
      g: node.g - best.gl,
      h: node.h - best.hl,
    };
    if (!sampled && node.depth + 1 < p.maxDepth) {
      const small = nl - start <= end - nl ? leftN : rightN;
      const large = small === leftN ? rightN : leftN;
      small.hist = buildHist(bins, grad, hess, rows, small.start, small.end, features, nF);
      const ph = node.hist;
      const sh = small.hist;
      for (let k = 0; k < features.length; k++) {
        const o = features[k]! * STRIDE;
        for (let t = o; t < o + STRIDE; t++) ph[t] = ph[t]! - sh[t]!;
      }
      large.hist = ph;
    }
    node.hist = null;
    queue.push(leftN, rightN);
  }
  // internal values: cover-weighted means of the children, filled bottom-up
  for (let i = feature.length - 1; i >= 0; i--) {
    const l = left[i]!;
    if (l === -1) continue;
    const r = right[i]!;
    const c = cover[l]! + cover[r]!;
    value[i] = c > 0 ? (value[l]! * cover[l]! + value[r]! * cover[r]!) / c : (value[l]! + value[r]!) / 2;
  }
  return {
    tree: {
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(threshold),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      missingLeft: Uint8Array.from(missingLeft),
      value: Float64Array.from(value),
      cover: Float64Array.from(cover),
    },
    binThreshold: Int32Array.from(binThr),
  };
}

function buildHist(
  bins: BinnedFrame,
  grad: Float64Array,
  hess: Float64Array,
  rows: Uint32Array,
  start: number,
  end: number,
  feats: Int32Array,
  nF: number,
  reuse: Float64Array | null = null,
): Float64Array {
  const hist = reuse ?? new Float64Array(nF * STRIDE);
  for (let k = 0; k < feats.length; k++) {
    const f = feats[k]!;
    const codes = bins.codes[f]!;
    const o = f * STRIDE;
    if (reuse) hist.fill(0, o, o + STRIDE);
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      const t = o + codes[r]! * 3;
      hist[t] = hist[t]! + grad[r]!;
      hist[t + 1] = hist[t + 1]! + hess[r]!;
      hist[t + 2] = hist[t + 2]! + 1;
    }
  }
  return hist;
}

interface Split {
  feature: number;
  bin: number;
  missingLeft: boolean;
  gl: number;
  hl: number;
}

function bestSplit(
  hist: Float64Array,
  nBins: Int32Array,
  feats: Int32Array,
  G: number,
  H: number,
  C: number,
  p: TreeParams,
): Split {
  const lam = p.lambda;
  const parent = (G * G) / (H + lam);
  let bestGain = p.minGain > 0 ? p.minGain : 1e-12 * Math.abs(parent);
  const best: Split = { feature: -1, bin: -1, missingLeft: false, gl: 0, hl: 0 };
  for (let k = 0; k < feats.length; k++) {
    const f = feats[k]!;
    const nb = nBins[f]!;
    if (nb < 2) continue;
    const o = f * STRIDE;
    const mo = o + MISSING_BIN * 3;
    const gm = hist[mo]!,
      hm = hist[mo + 1]!,
      cm = hist[mo + 2]!;
    let gl = 0,
      hl = 0,
      cl = 0;
    for (let b = 0; b < nb - 1; b++) {
      const t = o + b * 3;
      gl += hist[t]!;
      hl += hist[t + 1]!;
      cl += hist[t + 2]!;
      // missing to the right
      let cr = C - cl,
        hr = H - hl;
      if (
        cl >= p.minSamplesLeaf &&
        cr >= p.minSamplesLeaf &&
        hl >= p.minChildWeight &&
        hr >= p.minChildWeight &&
        hl + lam > 0 &&
        hr + lam > 0
      ) {
        const gr = G - gl;
        const gain = (gl * gl) / (hl + lam) + (gr * gr) / (hr + lam) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          best.feature = f;
          best.bin = b;
          best.gl = gl;
          best.hl = hl;
          // with no missing rows here, send future missing values to the larger side
          best.missingLeft = cm === 0 && cl >= cr;
        }
      }
      if (cm === 0) continue;
      // missing to the left
      const gl2 = gl + gm,
        hl2 = hl + hm,
        cl2 = cl + cm;
      cr = C - cl2;
      hr = H - hl2;
      if (
        cl2 >= p.minSamplesLeaf &&
        cr >= p.minSamplesLeaf &&
        hl2 >= p.minChildWeight &&
        hr >= p.minChildWeight &&
        hl2 + lam > 0 &&
        hr + lam > 0
      ) {
        const gr = G - gl2;
        const gain = (gl2 * gl2) / (hl2 + lam) + (gr * gr) / (hr + lam) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          best.feature = f;
          best.bin = b;
          best.gl = gl2;
          best.hl = hl2;
          best.missingLeft = true;
        }
      }
    }
  }
  return best;
}

/** Add `scale ×` the tree's leaf value to `out` for the given binned rows (training-time prediction). */
export function addBinnedPrediction(g: GrownTree, bins: BinnedFrame, out: Float64Array, scale = 1): void {
  const { feature, left, right, missingLeft, value } = g.tree;
  const bt = g.binThreshold;
  for (let i = 0; i < bins.nRows; i++) {
    let n = 0;
    while (left[n] !== -1) {
      const c = bins.codes[feature[n]!]![i]!;
      n = (c === MISSING_BIN ? missingLeft[n] === 1 : c <= bt[n]!) ? left[n]! : right[n]!;
    }
    out[i] = out[i]! + scale * value[n]!;
  }
}
