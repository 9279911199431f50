import type { Rng } from '../../core/index.ts';
import type { TreeArrays } from '../types.ts';
import { MISSING_BIN, type BinnedFrame } from './binning.ts';
import { kernels, type LevelState, rowMajorCodes } from './hist-kernels.ts';
import { LevelRunner } from './hist-threads.ts';

const { STRIDE, SPLIT_FIELDS, ENTRY_INTS, OP_NONE, OP_BUILD, OP_SUBTRACT, OP_DIFF } = kernels;

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

/** A node of the level being grown, with what its histogram needs before the split search. */
interface Pending {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly g: number;
  readonly h: number;
  op: number;
  slot: number;
  other: number;
  entry: number;
}

/**
 * Grows depth-wise histogram trees on one binned frame. It owns the per-fit buffers — bin codes
 * row-major (one row's codes are adjacent, so its gradient is read once per row, not per
 * feature), (grad, hess) packed per row, a pool of histograms — and, with `threads > 1`, a worker
 * that takes half of the features of every level. Histogram bins are summed in row order by one
 * thread each, so every thread count grows the same trees, to the last bit.
 */
export class TreeGrower {
  /** (grad, hess) per row, read by `grow`; fill it with `setGradients`. */
  readonly gh: Float64Array;
  private readonly state: LevelState;
  private readonly runner: LevelRunner | null;
  private readonly shared: boolean;
  private readonly scratch: Uint32Array;
  private readonly free: number[] = [];
  private readonly maxRows: number;
  private readonly cuts: readonly Float64Array[];
  /** Column-major codes: a partition reads one feature for ascending rows, which stays in cache. */
  private readonly columns: readonly Uint8Array[];
  /** (leaf id, row start, row end) of every leaf of the last tree grown. */
  private readonly leaves: number[] = [];

  /** `maxRows`: the longest row list `grow` will get (duplicates count; default the frame's rows). */
  constructor(bins: BinnedFrame, threads: number, maxRows = bins.nRows) {
    const nF = bins.codes.length;
    this.shared = threads > 1;
    this.maxRows = maxRows;
    this.cuts = bins.cuts;
    this.columns = bins.codes;
    const buf = (bytes: number): ArrayBuffer | SharedArrayBuffer =>
      this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    const nBins = new Int32Array(buf(4 * nF));
    nBins.set(bins.nBins);
    this.state = {
      codes: rowMajorCodes(bins.codes, bins.nRows, new Uint8Array(buf(bins.nRows * nF))),
      nF,
      gh: new Float64Array(buf(16 * bins.nRows)),
      rows: new Uint32Array(buf(4 * maxRows)),
      nBins,
      slots: [],
      ints: new Int32Array(0),
      sums: new Float64Array(0),
      feats: new Int32Array(buf(4 * nF)),
      results: new Float64Array(0),
      limits: new Float64Array(buf(32)),
    };
    this.gh = this.state.gh;
    this.scratch = new Uint32Array(maxRows);
    this.runner = this.shared ? LevelRunner.start(this.state, threads) : null;
  }

  /** Pack per-row gradients and hessians for the next trees. */
  setGradients(grad: Float64Array, hess: Float64Array): void {
    const gh = this.gh;
    for (let i = 0; i < grad.length; i++) {
      gh[2 * i] = grad[i]!;
      gh[2 * i + 1] = hess[i]!;
    }
  }

  /**
   * Add each leaf's value to `out` at the rows that reached it in the last `grow`: the same sums
   * as `addBinnedPrediction`, without walking the tree, when that tree was grown on every row once.
   */
  addLeafValues(g: GrownTree, out: Float64Array): void {
    const { value } = g.tree;
    const { rows } = this.state;
    const leaves = this.leaves;
    for (let k = 0; k < leaves.length; k += 3) {
      const v = value[leaves[k]!]!;
      for (let i = leaves[k + 1]!, e = leaves[k + 2]!; i < e; i++) {
        const r = rows[i]!;
        out[r] = out[r]! + v;
      }
    }
  }

  /** Release the worker (if any) for other fits. */
  close(): void {
    this.runner?.close();
  }

  /**
   * Grow one tree from the gradients in `gh` on the rows `rows` (duplicates allowed, e.g. a
   * bootstrap; ascending order keeps memory access sequential). Histograms cost O(rows × features)
   * per level; with all features candidates, only the smaller child is built and its sibling is
   * parent − child. Leaf value = −G / (H + λ) × `leafScale`; internal values are cover-weighted means.
   */
  grow(rows: Uint32Array, features: Int32Array, p: TreeParams, rng: Rng | null, leafScale: number): GrownTree {
    if (rows.length > this.maxRows) throw new RangeError(`${rows.length} rows, the grower holds ${this.maxRows}`);
    if (!(p.lambda >= 0 && p.minChildWeight >= 0)) throw new RangeError('lambda and minChildWeight must be ≥ 0');
    const s = this.state,
      gh = this.gh;
    s.rows.set(rows);
    s.limits.set([p.minSamplesLeaf, p.minChildWeight, p.lambda, p.minGain]);
    const sampled = p.featuresPerSplit < features.length;
    const perSplit = Math.max(1, p.featuresPerSplit);
    const featScratch = Int32Array.from(features);
    const out = new TreeBuilder();
    this.leaves.length = 0;
    let G = 0,
      H = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      G += gh[2 * r]!;
      H += gh[2 * r + 1]!;
    }
    // with per-split feature sampling nothing is subtracted, so one histogram serves every node
    const sampledSlot = sampled ? this.acquire() : -1;
    const root = pending(out.node(), 0, rows.length, G, H);
    if (!sampled) {
      root.op = OP_BUILD;
      root.slot = this.acquire();
    }
    let level = [root],
      order = [root];
    for (let depth = 0; level.length > 0; depth++) {
      const canSplit = (n: Pending): boolean => {
        const count = n.end - n.start;
        return depth < p.maxDepth && count >= 2 * p.minSamplesLeaf && count >= 2;
      };
      this.reserve(level.length, sampled ? level.length * perSplit : features.length);
      if (!sampled) s.feats.set(features);
      let nE = 0;
      // entries: level order, except that a child built from rows precedes the sibling subtracted from it
      for (const node of order) {
        out.setLeaf(node.id, node.h, (-node.g / (node.h + p.lambda)) * leafScale + 0); // + 0 turns -0 into 0
        const splits = canSplit(node);
        let fo = 0,
          fl = features.length;
        if (sampled) {
          if (!splits) continue;
          node.op = OP_BUILD;
          node.slot = sampledSlot;
          // partial Fisher–Yates: the first k entries are a uniform sample without replacement
          for (let i = 0; i < perSplit; i++) {
            const j = i + rng!.int(featScratch.length - i);
            const t = featScratch[i]!;
            featScratch[i] = featScratch[j]!;
            featScratch[j] = t;
          }
          fo = nE * perSplit;
          fl = perSplit;
          s.feats.set(featScratch.subarray(0, perSplit), fo);
        } else if (!splits && node.op === OP_NONE) continue;
        const e = nE++;
        s.ints.set([node.slot, node.op, node.other, node.start, node.end, fo, fl, splits ? 1 : 0], e * ENTRY_INTS);
        s.sums[2 * e] = node.g;
        s.sums[2 * e + 1] = node.h;
        node.entry = splits ? e : -1;
      }
      if (this.runner) this.runner.run(nE);
      else kernels.runLevel(s, nE, 0, 1);
      const parts = this.runner?.parts ?? 1;
      const next: Pending[] = [],
        nextOrder: Pending[] = [];
      for (const node of level) {
        const o = node.entry < 0 ? -1 : this.pickSplit(node.entry, parts);
        if (o < 0) {
          if (!sampled && node.slot >= 0) this.release(node.slot);
          this.leaves.push(node.id, node.start, node.end);
          continue;
        }
        const [left, right] = this.split(node, o, out);
        next.push(left, right);
        if (sampled) continue;
        const small = left.end - left.start <= right.end - right.start ? left : right;
        const large = small === left ? right : left;
        nextOrder.push(small, large);
        const nLarge = large.end - large.start;
        if (depth + 1 < p.maxDepth && nLarge >= 2 * p.minSamplesLeaf && nLarge >= 2) {
          small.op = OP_BUILD;
          small.slot = this.acquire();
          // the large child's histogram is kept only if its own children can get histograms
          large.op = depth + 2 < p.maxDepth ? OP_SUBTRACT : OP_DIFF;
          large.slot = node.slot;
          large.other = small.slot;
        } else this.release(node.slot);
      }
      level = next;
      order = sampled ? next : nextOrder;
    }
    if (sampled) this.release(sampledSlot);
    return out.finish();
  }

  /** The merged best split of an entry (a later part wins only with a strictly larger gain), or −1. */
  private pickSplit(e: number, parts: number): number {
    const r = this.state.results;
    let best = e * parts * SPLIT_FIELDS;
    for (let q = 1; q < parts; q++) {
      const o = (e * parts + q) * SPLIT_FIELDS;
      if (r[o + 1]! >= 0 && r[o]! > r[best]!) best = o;
    }
    return r[best + 1]! >= 0 ? best : -1;
  }

  /** Partition the node's rows by the split at `results[o]` (stable: rows stay ascending); the two children. */
  private split(node: Pending, o: number, out: TreeBuilder): [Pending, Pending] {
    const { rows, results } = this.state;
    const f = results[o + 1]!,
      b = results[o + 2]!,
      ml = results[o + 3] === 1,
      gl = results[o + 4]!,
      hl = results[o + 5]!;
    const codes = this.columns[f]!;
    const scratch = this.scratch;
    let nl = node.start,
      nr = 0;
    for (let i = node.start; i < node.end; i++) {
      const r = rows[i]!;
      const c = codes[r]!;
      const goLeft = c === MISSING_BIN ? ml : c <= b;
      if (goLeft) rows[nl++] = r;
      else scratch[nr++] = r;
    }
    rows.set(scratch.subarray(0, nr), nl);
    const li = out.node(),
      ri = out.node();
    out.setSplit(node.id, f, this.cuts[f]![b]!, b, ml, li, ri);
    return [pending(li, node.start, nl, gl, hl), pending(ri, nl, node.end, node.g - gl, node.h - hl)];
  }

  private acquire(): number {
    const free = this.free.pop();
    if (free !== undefined) return free;
    const s = this.state;
    const bytes = 8 * s.nF * STRIDE;
    s.slots.push(new Float64Array(this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)));
    this.runner?.share({ slots: s.slots });
    return s.slots.length - 1;
  }

  private release(slot: number): void {
    this.free.push(slot);
  }

  /** Room in the level task for `entries` entries and `nFeats` candidate features in all. */
  private reserve(entries: number, nFeats: number): void {
    const s = this.state;
    const parts = this.runner?.parts ?? 1;
    if (s.sums.length >= 2 * entries && s.feats.length >= nFeats) return;
    const cap = Math.max(64, 2 * entries);
    const buf = (bytes: number): ArrayBuffer | SharedArrayBuffer =>
      this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    s.ints = new Int32Array(buf(4 * cap * ENTRY_INTS));
    s.sums = new Float64Array(buf(8 * cap * 2));
    s.results = new Float64Array(buf(8 * cap * parts * SPLIT_FIELDS));
    s.feats = new Int32Array(buf(4 * Math.max(s.feats.length, 2 * nFeats)));
    this.runner?.share({ slots: s.slots, ints: s.ints, sums: s.sums, feats: s.feats, results: s.results });
  }
}

function pending(id: number, start: number, end: number, g: number, h: number): Pending {
  return { id, start, end, g, h, op: OP_NONE, slot: -1, other: -1, entry: -1 };
}

/** The flat arrays of a tree under construction; node ids in the order the nodes were created. */
class TreeBuilder {
  private readonly feature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly value: number[] = [];
  private readonly cover: number[] = [];
  private readonly binThr: number[] = [];

  node(): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.missingLeft.push(0);
    this.value.push(0);
    this.cover.push(0);
    this.binThr.push(-1);
    return this.feature.length - 1;
  }

  setLeaf(id: number, cover: number, value: number): void {
    this.cover[id] = cover;
    this.value[id] = value;
  }

  setSplit(id: number, f: number, threshold: number, bin: number, ml: boolean, li: number, ri: number): void {
    this.feature[id] = f;
    this.threshold[id] = threshold;
    this.binThr[id] = bin;
    this.missingLeft[id] = ml ? 1 : 0;
    this.left[id] = li;
    this.right[id] = ri;
  }

  finish(): GrownTree {
    const { left, right, value, cover } = this;
    // internal values: cover-weighted means of the children, filled bottom-up
    for (let i = this.feature.length - 1; i >= 0; i--) {
      const l = left[i]!;
      if (l === -1) continue;
      const r = right[i]!;
      const c = cover[l]! + cover[r]!;
      value[i] = c > 0 ? (value[l]! * cover[l]! + value[r]! * cover[r]!) / c : (value[l]! + value[r]!) / 2;
    }
    return {
      tree: {
        feature: Int32Array.from(this.feature),
        threshold: Float64Array.from(this.threshold),
        left: Int32Array.from(left),
        right: Int32Array.from(right),
        missingLeft: Uint8Array.from(this.missingLeft),
        value: Float64Array.from(value),
        cover: Float64Array.from(cover),
      },
      binThreshold: Int32Array.from(this.binThr),
    };
  }
}

/**
 * Grow one tree on binned data from per-row gradients and hessians, on this thread (see
 * `TreeGrower.grow`; a learner that grows many trees keeps one grower for all of them).
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
  const grower = new TreeGrower(bins, 1, Math.max(bins.nRows, rows.length));
  grower.setGradients(grad, hess);
  return grower.grow(rows, features, p, rng, leafScale);
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
