import { z } from 'zod';
import { createRng, type Rng } from '../../core/index.ts';
import { binFrame, MISSING_BIN, type BinnedFrame } from './binning.ts';
import { checkTrainingData } from './check-input.ts';
import { gradients, initialScore, meanLoss, type FitOptions, type TrainData } from './gbm.ts';
import { EbmModel, type EbmPairTerm, type EbmMainTerm } from './ebm-model.ts';

/** Hyperparameters of the explainable boosting machine, with defaults. */
export const ebmParamsSchema = z
  .object({
    objective: z.enum(['binary', 'poisson']).default('binary'),
    maxBins: z.number().int().min(2).max(255).default(64),
    learningRate: z.number().positive().max(1).default(0.05),
    maxRounds: z.number().int().min(1).max(100000).default(300),
    /** Leaves of each single-feature tree (InterpretML uses 3). */
    maxLeaves: z.number().int().min(2).max(16).default(3),
    minSamplesLeaf: z.number().int().min(1).default(2),
    lambda: z.number().nonnegative().default(0),
    /** Outer bags; each bag boosts on a subsample and stops early on its held-out rows. */
    outerBags: z.number().int().min(1).max(64).default(4),
    bagFraction: z.number().positive().max(1).default(0.85),
    earlyStoppingRounds: z.number().int().min(1).default(30),
    /** Pairwise interaction terms, chosen by a FAST-style ranking on the residuals. */
    interactions: z.number().int().min(0).max(100).default(0),
    pairBins: z.number().int().min(2).max(32).default(16),
    /** Per-feature monotone constraint by feature name: 1 increasing, -1 decreasing. */
    monotone: z.record(z.string(), z.union([z.literal(1), z.literal(-1)])).default({}),
  })
  .strict();
export type EbmParams = z.infer<typeof ebmParamsSchema>;

/**
 * Fit an EBM in the InterpretML style: per outer bag, cyclic round-robin boosting of
 * shallow single-feature trees over bins with a small learning rate, early stopping on
 * the bag's held-out rows; tables averaged over bags, then monotone constraints applied
 * by pooling adjacent violators on the per-bin scores, then each term centred on its
 * training mean (moved into the intercept). Pair terms (if asked) are boosted the same
 * way on 2-D tables of coarser bins after the main effects.
 */
export function fitEbm(data: TrainData, params: Partial<EbmParams>, opts: FitOptions): EbmModel {
  const p = ebmParamsSchema.parse(params);
  const { X, y, offset } = data;
  const binary = p.objective === 'binary';
  checkTrainingData(X, y, binary ? 'binary' : 'count', offset);
  const n = X.nRows,
    nF = X.data.length;
  const rng = createRng(opts.seed);
  const bins = binFrame(X, p.maxBins);
  const base = initialScore(y, offset, binary);
  const mainSum = Array.from({ length: nF }, (_, j) => new Float64Array(bins.nBins[j]! + 1));
  const margin = new Float64Array(n);
  for (let bag = 0; bag < p.outerBags; bag++) {
    const { inBag, outBag } = splitBag(n, p.outerBags > 1 ? p.bagFraction : 1, rng);
    margin.fill(base);
    if (offset) for (let i = 0; i < n; i++) margin[i] = margin[i]! + offset[i]!;
    const tables = boostTerms(bins.codes, bins.nBins, y, margin, inBag, outBag, p, binary);
    tables.forEach((t, j) => {
      const s = mainSum[j]!;
      for (let b = 0; b < t.length; b++) s[b] = s[b]! + t[b]! / p.outerBags;
    });
  }
  // monotone constraints on the averaged value-bin scores (missing keeps its own score)
  for (const [name, dir] of Object.entries(p.monotone)) {
    const j = X.columns.indexOf(name);
    if (j < 0) continue;
    const counts = binCounts(bins, j);
    const nb = bins.nBins[j]!;
    pav(mainSum[j]!.subarray(0, nb), counts.subarray(0, nb), dir);
  }
  let intercept = base;
  const mains: EbmMainTerm[] = mainSum.map((scores, j) => {
    const counts = binCounts(bins, j);
    intercept += centre(scores, counts);
    return { feature: j, cuts: bins.cuts[j]!, scores };
  });
  const pairs: EbmPairTerm[] = [];
  if (p.interactions > 0 && nF > 1) {
    const model0 = new EbmModel(X.columns, binary ? 'logit' : 'log', intercept, mains, [], p);
    const m0 = model0.predictMargin(X, offset);
    const pbins = binFrame(X, p.pairBins);
    const g = new Float64Array(n),
      h = new Float64Array(n);
    gradients(y, m0, g, h, binary);
    const chosen = rankPairs(pbins, g, h, p.interactions);
    if (chosen.length === 0) return new EbmModel(X.columns, binary ? 'logit' : 'log', intercept, mains, [], p);
    const pairCodes: Uint16Array[] = [],
      pairNb: number[] = [];
    for (const [a, b] of chosen) {
      const na = pbins.nBins[a]! + 1,
        nb = pbins.nBins[b]! + 1;
      const ca = pbins.codes[a]!,
        cb = pbins.codes[b]!;
      // one code per row for the 2-D cell (up to 33 × 33 cells: wider than a byte)
      const cell = new Uint16Array(n);
      for (let i = 0; i < n; i++) cell[i] = cellOf(ca[i]!, na) * nb + cellOf(cb[i]!, nb);
      pairCodes.push(cell);
      pairNb.push(na * nb);
    }
    const pairSum = pairNb.map((k) => new Float64Array(k));
    for (let bag = 0; bag < p.outerBags; bag++) {
      const { inBag, outBag } = splitBag(n, p.outerBags > 1 ? p.bagFraction : 1, rng);
      margin.set(m0);
      const tables = boostTerms(
        pairCodes,
        Int32Array.from(pairNb),
        y,
        margin,
        inBag,
        outBag,
        { ...p, maxLeaves: 0 },
        binary,
      );
      tables.forEach((t, k) => {
        const s = pairSum[k]!;
        for (let c = 0; c < s.length; c++) s[c] = s[c]! + t[c]! / p.outerBags;
      });
    }
    chosen.forEach(([a, b], k) => {
      const counts = new Float64Array(pairNb[k]!);
      const cell = pairCodes[k]!;
      for (let i = 0; i < n; i++) counts[cell[i]!]!++;
      intercept += centre(pairSum[k]!, counts);
      pairs.push({ features: [a, b], cutsA: pbins.cuts[a]!, cutsB: pbins.cuts[b]!, scores: pairSum[k]! });
    });
  }
  return new EbmModel(X.columns, binary ? 'logit' : 'log', intercept, mains, pairs, p);
}

/** Index of a bin code in a score table whose last slot is the missing value. */
function cellOf(code: number, size: number): number {
  return code === MISSING_BIN ? size - 1 : code;
}

function splitBag(n: number, fraction: number, rng: Rng): { inBag: Uint32Array; outBag: Uint32Array } {
  if (fraction >= 1) return { inBag: Uint32Array.from({ length: n }, (_, i) => i), outBag: new Uint32Array(0) };
  const inB: number[] = [],
    outB: number[] = [];
  for (let i = 0; i < n; i++) (rng.next() < fraction ? inB : outB).push(i);
  return { inBag: Uint32Array.from(inB), outBag: Uint32Array.from(outB) };
}

/**
 * Cyclic boosting of one table per term. `codes[k][i]` is row i's cell in term k
 * (MISSING_BIN = the table's last slot for main terms). With `maxLeaves` ≥ 2 each step
 * fits a shallow tree over the ordered bins (missing its own leaf); with 0 every cell is
 * its own leaf (2-D pair tables).
 */
function boostTerms(
  codes: readonly ArrayLike<number>[],
  sizes: Int32Array,
  y: Float64Array,
  margin: Float64Array,
  inBag: Uint32Array,
  outBag: Uint32Array,
  p: EbmParams,
  binary: boolean,
): Float64Array[] {
  const nT = codes.length;
  const tables = Array.from({ length: nT }, (_, k) => new Float64Array(sizes[k]! + (p.maxLeaves > 0 ? 1 : 0)));
  const g = new Float64Array(margin.length),
    h = new Float64Array(margin.length);
  const maxCells = Math.max(0, ...Array.from(sizes)) + 1;
  const G = new Float64Array(maxCells),
    H = new Float64Array(maxCells),
    C = new Float64Array(maxCells);
  const delta = new Float64Array(maxCells);
  const yOut = Float64Array.from(outBag, (i) => y[i]!);
  const mOut = new Float64Array(outBag.length);
  let best = Infinity,
    bestRound = 0;
  // a term whose rows all fall in one cell (constant feature) would only shift the intercept
  const active = codes.map((code) => {
    for (let i = 1; i < code.length; i++) if (code[i] !== code[0]) return true;
    return false;
  });
  const snapshot = tables.map((t) => new Float64Array(t.length));
  for (let round = 0; round < p.maxRounds; round++) {
    for (let k = 0; k < nT; k++) {
      if (!active[k]) continue;
      const size = tables[k]!.length;
      const code = codes[k]!;
      const last = size - 1;
      // gradients only for the in-bag rows, refreshed before every term (cyclic boosting)
      for (let q = 0; q < inBag.length; q++) {
        const i = inBag[q]!;
        const mv = margin[i]!;
        if (binary) {
          const pr = 1 / (1 + Math.exp(-mv));
          g[i] = pr - y[i]!;
          h[i] = Math.max(pr * (1 - pr), 1e-16);
        } else {
          const mu = Math.exp(mv);
          g[i] = mu - y[i]!;
          h[i] = Math.max(mu, 1e-16);
        }
      }
      G.fill(0, 0, size);
      H.fill(0, 0, size);
      C.fill(0, 0, size);
      for (let q = 0; q < inBag.length; q++) {
        const i = inBag[q]!;
        let c = code[i]!;
        if (c === MISSING_BIN && p.maxLeaves > 0) c = last;
        G[c] = G[c]! + g[i]!;
        H[c] = H[c]! + h[i]!;
        C[c] = C[c]! + 1;
      }
      if (p.maxLeaves > 0) shallowTree(G, H, C, last, p, delta);
      else
        for (let c = 0; c < size; c++)
          delta[c] = C[c]! > 0 ? (-G[c]! / (H[c]! + p.lambda + 1e-12)) * p.learningRate : 0;
      const t = tables[k]!;
      for (let c = 0; c < size; c++) t[c] = t[c]! + delta[c]!;
      for (let i = 0; i < margin.length; i++) {
        let c = code[i]!;
        if (c === MISSING_BIN && p.maxLeaves > 0) c = last;
        margin[i] = margin[i]! + delta[c]!;
      }
    }
    if (outBag.length === 0) continue;
    for (let q = 0; q < outBag.length; q++) mOut[q] = margin[outBag[q]!]!;
    const loss = meanLoss(yOut, mOut, binary);
    if (loss < best - 1e-12) {
      best = loss;
      bestRound = round;
      tables.forEach((t, k) => {
        snapshot[k]!.set(t);
      });
    } else if (round - bestRound >= p.earlyStoppingRounds) break;
  }
  return outBag.length === 0 ? tables : snapshot;
}

/** Greedy leaf-wise tree over ordered bins 0..nb-1; the missing slot (index nb) is its own leaf. */
function shallowTree(
  G: Float64Array,
  H: Float64Array,
  C: Float64Array,
  nb: number,
  p: EbmParams,
  delta: Float64Array,
): void {
  const lam = p.lambda + 1e-12;
  const segs: [number, number][] = [[0, nb]];
  for (let leaves = 1; leaves < p.maxLeaves; leaves++) {
    let bestGain = 1e-12,
      bestSeg = -1,
      bestCut = -1;
    segs.forEach(([s, e], si) => {
      let gt = 0,
        ht = 0,
        ct = 0;
      for (let b = s; b < e; b++) {
        gt += G[b]!;
        ht += H[b]!;
        ct += C[b]!;
      }
      let gl = 0,
        hl = 0,
        cl = 0;
      for (let b = s; b < e - 1; b++) {
        gl += G[b]!;
        hl += H[b]!;
        cl += C[b]!;
        if (cl < p.minSamplesLeaf || ct - cl < p.minSamplesLeaf) continue;
        const gr = gt - gl,
          hr = ht - hl;
        const gain = (gl * gl) / (hl + lam) + (gr * gr) / (hr + lam) - (gt * gt) / (ht + lam);
        if (gain > bestGain) {
          bestGain = gain;
          bestSeg = si;
          bestCut = b + 1;
        }
      }
    });
    if (bestSeg < 0) break;
    const [s, e] = segs[bestSeg]!;
    segs.splice(bestSeg, 1, [s, bestCut], [bestCut, e]);
  }
  for (const [s, e] of segs) {
    let gt = 0,
      ht = 0;
    for (let b = s; b < e; b++) {
      gt += G[b]!;
      ht += H[b]!;
    }
    const v = ht > 0 ? (-gt / (ht + lam)) * p.learningRate : 0;
    for (let b = s; b < e; b++) delta[b] = v;
  }
  delta[nb] = H[nb]! > 0 ? (-G[nb]! / (H[nb]! + lam)) * p.learningRate : 0;
}

/**
 * FAST-style pair ranking (Lou et al. 2013): for each pair, the best 2×2 cut of the
 * residual gradient histogram; the `k` pairs with the largest gain win.
 */
function rankPairs(pbins: BinnedFrame, g: Float64Array, h: Float64Array, k: number): [number, number][] {
  const nF = pbins.codes.length,
    n = pbins.nRows;
  const scored: { a: number; b: number; gain: number }[] = [];
  for (let a = 0; a < nF; a++) {
    for (let b = a + 1; b < nF; b++) {
      const na = pbins.nBins[a]!,
        nb = pbins.nBins[b]!;
      if (na < 2 || nb < 2) continue;
      const Gt = new Float64Array(na * nb),
        Ht = new Float64Array(na * nb);
      const ca = pbins.codes[a]!,
        cb = pbins.codes[b]!;
      for (let i = 0; i < n; i++) {
        const u = ca[i]!,
          v = cb[i]!;
        if (u === MISSING_BIN || v === MISSING_BIN) continue;
        const c = u * nb + v;
        Gt[c] = Gt[c]! + g[i]!;
        Ht[c] = Ht[c]! + h[i]!;
      }
      // 2-D prefix sums make every quadrant an O(1) lookup
      const PG = prefix2(Gt, na, nb),
        PH = prefix2(Ht, na, nb);
      const tg = PG[na * nb - 1]!,
        th = PH[na * nb - 1]!;
      let bestGain = 0;
      for (let u = 0; u < na - 1; u++) {
        for (let v = 0; v < nb - 1; v++) {
          const g00 = PG[u * nb + v]!,
            h00 = PH[u * nb + v]!;
          const g0x = PG[u * nb + nb - 1]!,
            h0x = PH[u * nb + nb - 1]!;
          const gx0 = PG[(na - 1) * nb + v]!,
            hx0 = PH[(na - 1) * nb + v]!;
          const q = [
            [g00, h00],
            [g0x - g00, h0x - h00],
            [gx0 - g00, hx0 - h00],
            [tg - g0x - gx0 + g00, th - h0x - hx0 + h00],
          ];
          let gain = 0;
          for (const [qg, qh] of q) gain += qh! > 1e-12 ? (qg! * qg!) / qh! : 0;
          if (gain > bestGain) bestGain = gain;
        }
      }
      scored.push({ a, b, gain: bestGain - (th > 0 ? (tg * tg) / th : 0) });
    }
  }
  scored.sort((x, y) => y.gain - x.gain || x.a - y.a || x.b - y.b);
  return scored.slice(0, k).map((s) => [s.a, s.b]);
}

function prefix2(t: Float64Array, na: number, nb: number): Float64Array {
  const p = new Float64Array(na * nb);
  for (let u = 0; u < na; u++) {
    let row = 0;
    for (let v = 0; v < nb; v++) {
      row += t[u * nb + v]!;
      p[u * nb + v] = row + (u > 0 ? p[(u - 1) * nb + v]! : 0);
    }
  }
  return p;
}

function binCounts(bins: BinnedFrame, j: number): Float64Array {
  const nb = bins.nBins[j]!;
  const c = new Float64Array(nb + 1);
  const codes = bins.codes[j]!;
  for (let i = 0; i < codes.length; i++) {
    const b = codes[i]!;
    c[b === MISSING_BIN ? nb : b]!++;
  }
  return c;
}

/** Subtract the count-weighted mean from a table; returns the mean (for the intercept). */
function centre(scores: Float64Array, counts: Float64Array): number {
  let s = 0,
    w = 0;
  for (let b = 0; b < scores.length; b++) {
    s += scores[b]! * counts[b]!;
    w += counts[b]!;
  }
  const m = w > 0 ? s / w : 0;
  for (let b = 0; b < scores.length; b++) scores[b] = scores[b]! - m;
  return m;
}

/** Weighted pool-adjacent-violators in place: non-decreasing (dir 1) or non-increasing (−1). */
export function pav(v: Float64Array, w: Float64Array, dir: 1 | -1): void {
  const n = v.length;
  const val: number[] = [],
    wt: number[] = [],
    len: number[] = [];
  for (let i = 0; i < n; i++) {
    val.push(dir * v[i]!);
    wt.push(Math.max(w[i]!, 1e-12));
    len.push(1);
    while (val.length > 1 && val[val.length - 2]! > val[val.length - 1]!) {
      const w2 = wt.pop()!,
        v2 = val.pop()!,
        l2 = len.pop()!;
      const k = val.length - 1;
      val[k] = (val[k]! * wt[k]! + v2 * w2) / (wt[k]! + w2);
      wt[k] = wt[k]! + w2;
      len[k] = len[k]! + l2;
    }
  }
  let i = 0;
  val.forEach((x, k) => {
    for (let c = 0; c < len[k]!; c++) v[i++] = dir * x;
  });
}
