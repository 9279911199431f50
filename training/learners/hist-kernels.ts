/**
 * The inner loops of the histogram tree learner, shared by the main thread and the worker.
 * Each works on a range of one node's feature list, so two threads can take one half each: a
 * histogram bin is always summed by one thread, in row order, which keeps the result
 * bit-identical to a single thread.
 *
 * `histKernels` has no free variables on purpose: the worker runs the source text of this very
 * function (see hist-threads.ts), so it needs no TypeScript loader, which would cost more to start
 * than a whole fit on the benchmark data takes.
 */

/** The buffers one level of tree growth reads and writes (SharedArrayBuffer views when threaded). */
export interface LevelState {
  /** Row-major bin codes, `nF` per row (missing = 255). */
  codes: Uint8Array;
  nF: number;
  /** (grad, hess) per row. */
  gh: Float64Array;
  /** Training rows, partitioned so that each node's rows are one range. */
  rows: Uint32Array;
  nBins: Int32Array;
  /** Histogram buffers, `nF × STRIDE` doubles each. */
  slots: Float64Array[];
  /** ENTRY_INTS per entry: slot, op, other slot, row start, row end, feature offset, feature count, split (0/1). */
  ints: Int32Array;
  /** Per entry the node's gradient and hessian sums. */
  sums: Float64Array;
  /** Candidate features of the entries (each entry points at its run). */
  feats: Int32Array;
  /** Per entry and part, SPLIT_FIELDS numbers: gain, feature (−1: none), bin, missingLeft, left G, left H. */
  results: Float64Array;
  /** minSamplesLeaf, minChildWeight (≥ 0), lambda (≥ 0), minGain of the tree being grown. */
  limits: Float64Array;
}

/** The kernels and their layout constants. */
export type HistKernels = ReturnType<typeof histKernels>;

/** Create the kernels (call once per thread). */
export function histKernels() {
  /** Doubles per feature in a histogram: (grad, hess, count) for 255 value bins + the missing bin. */
  const STRIDE = 768;
  const MISSING = 255;
  const SPLIT_FIELDS = 6;
  const ENTRY_INTS = 8;
  // what an entry does before its split search: nothing, build from rows, or take parent − sibling
  // (kept in the parent's buffer for the node's own children, or only read: OP_DIFF)
  const OP_NONE = 0,
    OP_BUILD = 1,
    OP_SUBTRACT = 2,
    OP_DIFF = 3;

  const partStart = (len: number, part: number, parts: number): number => Math.floor((len * part) / parts);

  // Zero, then fill, the histogram of features feats[k0..k1) from rows[start..end). All features
  // in order (the boosting case) take a loop without the feature list; both add a row to a bin in
  // the same order.
  function buildHist(s: LevelState, start: number, end: number, k0: number, k1: number, hist: Float64Array): void {
    const { codes, nF, gh, rows, feats, nBins } = s;
    let run = k1 > k0;
    for (let k = k0; k < k1; k++) {
      const f = feats[k]!;
      const o = f * STRIDE;
      // bins past the last value bin are never written, so they stay zero
      hist.fill(0, o, o + nBins[f]! * 3);
      hist.fill(0, o + MISSING * 3, o + STRIDE);
      if (k > k0 && f !== feats[k - 1]! + 1) run = false;
    }
    if (run) {
      buildRun(codes, nF, gh, rows, start, end, feats[k0]!, feats[k0]! + k1 - k0, hist);
      return;
    }
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      const g = gh[2 * r]!,
        h = gh[2 * r + 1]!,
        base = r * nF;
      for (let k = k0; k < k1; k++) {
        const f = feats[k]!;
        const t = f * STRIDE + codes[base + f]! * 3;
        hist[t] = hist[t]! + g;
        hist[t + 1] = hist[t + 1]! + h;
        hist[t + 2] = hist[t + 2]! + 1;
      }
    }
  }

  // features f0..f1 of each row, two at a time: the two bins are independent, so their adds overlap
  function buildRun(
    codes: Uint8Array,
    nF: number,
    gh: Float64Array,
    rows: Uint32Array,
    start: number,
    end: number,
    f0: number,
    f1: number,
    hist: Float64Array,
  ): void {
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      const g = gh[2 * r]!,
        h = gh[2 * r + 1]!,
        base = r * nF;
      let f = f0;
      for (; f + 1 < f1; f += 2) {
        const t = f * STRIDE + codes[base + f]! * 3;
        const u = (f + 1) * STRIDE + codes[base + f + 1]! * 3;
        hist[t] = hist[t]! + g;
        hist[t + 1] = hist[t + 1]! + h;
        hist[t + 2] = hist[t + 2]! + 1;
        hist[u] = hist[u]! + g;
        hist[u + 1] = hist[u + 1]! + h;
        hist[u + 2] = hist[u + 2]! + 1;
      }
      if (f < f1) {
        const t = f * STRIDE + codes[base + f]! * 3;
        hist[t] = hist[t]! + g;
        hist[t + 1] = hist[t + 1]! + h;
        hist[t + 2] = hist[t + 2]! + 1;
      }
    }
  }

  /**
   * Best split over features feats[k0..k1) of a node with sums G, H and C rows, written at out[o].
   * Ties keep the first candidate, so merging parts in order (a later part wins only with a
   * strictly larger gain) gives what one pass over the whole list gives. The shortcuts below skip
   * only candidates that cannot win, so the result is that of the plain scan.
   *
   * With `minus`, the node's histogram is `hist − minus` (parent − sibling), taken bin by bin as it
   * is read — the same subtraction, one pass instead of two — and written back into `hist` when
   * `store` (the node's children will need it).
   */
  function bestSplit(
    s: LevelState,
    k0: number,
    k1: number,
    hist: Float64Array,
    minus: Float64Array | null,
    store: boolean,
    e: number,
    o: number,
  ): void {
    const { feats, nBins, limits, results: out } = s;
    const msl = limits[0]!,
      mcw = limits[1]!,
      lam = limits[2]!,
      minGain = limits[3]!;
    const G = s.sums[2 * e]!,
      H = s.sums[2 * e + 1]!;
    const q = e * ENTRY_INTS;
    const C = s.ints[q + 4]! - s.ints[q + 3]!;
    // with λ ≥ 0 and minChildWeight ≥ 0, "h ≥ minChildWeight and h + λ > 0" is the single test h ≥ hMin
    const hMin = lam === 0 && mcw === 0 ? Number.MIN_VALUE : mcw;
    const parent = (G * G) / (H + lam);
    let bestGain = minGain > 0 ? minGain : 1e-12 * Math.abs(parent);
    let bf = -1,
      bb = -1,
      bml = 0,
      bgl = 0,
      bhl = 0;
    for (let k = k0; k < k1; k++) {
      const f = feats[k]!;
      const nb = nBins[f]!;
      const fo = f * STRIDE;
      const mo = fo + MISSING * 3;
      if (minus !== null) {
        for (let t = mo; t < mo + 3; t++) hist[t] = hist[t]! - minus[t]!;
      }
      // bins not read below (after an early stop, or the last one) still get their difference stored
      let unread = fo;
      if (nb < 2) {
        if (store) subtract(hist, minus!, unread, fo + nb * 3);
        continue;
      }
      const gm = hist[mo]!,
        hm = hist[mo + 1]!,
        cm = hist[mo + 2]!;
      let gl = 0,
        hl = 0,
        cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        const t = fo + b * 3;
        let bg = hist[t]!,
          bh = hist[t + 1]!,
          bc = hist[t + 2]!;
        if (minus !== null) {
          bg -= minus[t]!;
          bh -= minus[t + 1]!;
          bc -= minus[t + 2]!;
          if (store) {
            hist[t] = bg;
            hist[t + 1] = bh;
            hist[t + 2] = bc;
          }
        }
        unread = t + 3;
        // an all-zero bin leaves the sums, and so every gain, as at the bin before: nothing can win
        if (b > 0 && bc === 0 && bg === 0 && bh === 0) continue;
        gl += bg;
        hl += bh;
        cl += bc;
        const cr = C - cl;
        // counts only grow with b: once the right side is too small it stays so (missing-left too)
        if (cr < msl) break;
        if (cl >= msl) {
          const hr = H - hl;
          if (hl >= hMin && hr >= hMin) {
            const gr = G - gl;
            const gain = (gl * gl) / (hl + lam) + (gr * gr) / (hr + lam) - parent;
            if (gain > bestGain) {
              bestGain = gain;
              bf = f;
              bb = b;
              bgl = gl;
              bhl = hl;
              // with no missing rows here, send future missing values to the larger side
              bml = cm === 0 && cl >= cr ? 1 : 0;
            }
          }
        }
        if (cm === 0) continue;
        const cl2 = cl + cm;
        if (cl2 < msl || C - cl2 < msl) continue;
        const gl2 = gl + gm,
          hl2 = hl + hm,
          hr = H - hl2;
        if (hl2 >= hMin && hr >= hMin) {
          const gr = G - gl2;
          const gain = (gl2 * gl2) / (hl2 + lam) + (gr * gr) / (hr + lam) - parent;
          if (gain > bestGain) {
            bestGain = gain;
            bf = f;
            bb = b;
            bgl = gl2;
            bhl = hl2;
            bml = 1;
          }
        }
      }
      if (store) subtract(hist, minus!, unread, fo + nb * 3);
    }
    out[o] = bestGain;
    out[o + 1] = bf;
    out[o + 2] = bb;
    out[o + 3] = bml;
    out[o + 4] = bgl;
    out[o + 5] = bhl;
  }

  function subtract(hist: Float64Array, minus: Float64Array, from: number, to: number): void {
    for (let t = from; t < to; t++) hist[t] = hist[t]! - minus[t]!;
  }

  /**
   * Part `part` of `parts` of the first `nEntries` entries of a level: each entry's histogram work
   * on that part's share of its features, then the split search on the same share. Entries run in
   * order, so an entry that subtracts a sibling's histogram comes after the entry that builds it.
   */
  function runLevel(s: LevelState, nEntries: number, part: number, parts: number): void {
    const { ints, slots } = s;
    if (nEntries * ENTRY_INTS > ints.length) throw new RangeError(`level task of ${nEntries} entries is not shared`);
    for (let e = 0; e < nEntries; e++) {
      const q = e * ENTRY_INTS;
      const hist = slots[ints[q]!];
      if (hist === undefined) throw new RangeError(`histogram ${ints[q]} is not shared`);
      const op = ints[q + 1]!,
        fo = ints[q + 5]!,
        fl = ints[q + 6]!;
      const k0 = fo + partStart(fl, part, parts),
        k1 = fo + partStart(fl, part + 1, parts);
      if (op === OP_BUILD) buildHist(s, ints[q + 3]!, ints[q + 4]!, k0, k1, hist);
      // a subtracted node is always split (its sibling is only built for it when it can be)
      const minus = op === OP_SUBTRACT || op === OP_DIFF ? slots[ints[q + 2]!]! : null;
      if (ints[q + 7] === 1)
        bestSplit(s, k0, k1, hist, minus, op === OP_SUBTRACT, e, (e * parts + part) * SPLIT_FIELDS);
    }
  }

  return { STRIDE, MISSING, SPLIT_FIELDS, ENTRY_INTS, OP_NONE, OP_BUILD, OP_SUBTRACT, OP_DIFF, runLevel };
}

/** This thread's kernels. */
export const kernels: HistKernels = histKernels();

/** Codes of all features of one row next to each other (row-major), so a row's gradient is read once. */
export function rowMajorCodes(cols: readonly Uint8Array[], nRows: number, out: Uint8Array): Uint8Array {
  const nF = cols.length;
  for (let j = 0; j < nF; j++) {
    const c = cols[j]!;
    for (let i = 0, t = j; i < nRows; i++, t += nF) out[t] = c[i]!;
  }
  return out;
}
