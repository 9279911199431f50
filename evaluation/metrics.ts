import { ZichtError } from '../core/index.ts';

/** Accuracy metrics over areas. Scores are probabilities (or rates for counts); y is 0/1 or counts. */

/**
 * Whether scores are in ascending order (and not NaN): a bootstrap resample laid out by one global
 * sort is, and the metrics below then walk it as it is instead of through a sorted index.
 */
function isAscending(s: ArrayLike<number>): boolean {
  for (let i = 1; i < s.length; i++) if (!(s[i - 1]! <= s[i]!)) return false;
  return s.length === 0 || !Number.isNaN(s[0]!);
}

/** Row indices in ascending order of score: the comparator sort as before, so input with NaN is ordered as it was. */
function ascendingOrder(s: ArrayLike<number>): Int32Array {
  return Int32Array.from(Array.from({ length: s.length }, (_, i) => i).sort((a, b) => s[a]! - s[b]!));
}

/** The values of `src` at `rows`, in that order. */
export function gather(src: ArrayLike<number>, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = src[rows[k]!]!;
  return out;
}

/** A metric of scores in ascending order, of (y, s) as they are when already in that order, else sorted first. */
function inScoreOrder(
  metric: (y: ArrayLike<number>, s: ArrayLike<number>) => number,
  y: ArrayLike<number>,
  s: ArrayLike<number>,
): number {
  if (isAscending(s)) return metric(y, s);
  const idx = ascendingOrder(s);
  return metric(gather(y, idx), gather(s, idx));
}

/** ROC AUC with ties counted half (Mann–Whitney), O(n log n). NaN when one class is absent. */
export function rocAuc(y: ArrayLike<number>, s: ArrayLike<number>): number {
  return inScoreOrder(rocAucSorted, y, s);
}

/** rocAuc of scores in ascending order. */
function rocAucSorted(y: ArrayLike<number>, s: ArrayLike<number>): number {
  const n = s.length;
  let pos = 0,
    neg = 0,
    rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && s[j + 1] === s[i]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (y[k]! > 0) {
        pos++;
        rankSum += rank;
      } else neg++;
    i = j + 1;
  }
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** ROC curve points (fpr, tpr), thresholds descending, at most `maxPoints`. */
export function rocCurve(y: ArrayLike<number>, s: ArrayLike<number>, maxPoints = 101): { fpr: number; tpr: number }[] {
  const idx = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => s[b]! - s[a]!);
  const P = Array.from(y).filter((v) => v > 0).length,
    N = y.length - P;
  const pts = [{ fpr: 0, tpr: 0 }];
  let tp = 0,
    fp = 0;
  idx.forEach((i, k) => {
    if (y[i]! > 0) tp++;
    else fp++;
    if (k === idx.length - 1 || s[idx[k + 1]!] !== s[i]) pts.push({ fpr: N ? fp / N : 0, tpr: P ? tp / P : 0 });
  });
  if (pts.length <= maxPoints) return pts;
  const step = (pts.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, k) => pts[Math.round(k * step)]!);
}

/**
 * Average precision as scikit-learn's `average_precision_score`: Σ (Rₖ − Rₖ₋₁) Pₖ over the
 * distinct score thresholds, so tied scores form one step and the row order does not matter.
 */
export function prAuc(y: ArrayLike<number>, s: ArrayLike<number>): number {
  return inScoreOrder(prAucSorted, y, s);
}

/** prAuc of scores in ascending order: walked from the highest score down. */
function prAucSorted(y: ArrayLike<number>, s: ArrayLike<number>): number {
  const n = s.length;
  let P = 0;
  for (let i = 0; i < n; i++) if (y[i]! > 0) P++;
  if (P === 0) return Number.NaN;
  let tp = 0,
    seen = 0,
    recallBefore = 0,
    ap = 0;
  // descending by score; rows of equal score form one step, so their order among themselves does not matter
  for (let i = n - 1; i >= 0; ) {
    let j = i;
    while (j - 1 >= 0 && s[j - 1] === s[i]) j--;
    for (let k = i; k >= j; k--) if (y[k]! > 0) tp++;
    seen += i - j + 1;
    const recall = tp / P;
    ap += (recall - recallBefore) * (tp / seen);
    recallBefore = recall;
    i = j - 1;
  }
  return ap;
}

/**
 * Refuse values that are not probabilities before a probability metric sees them: a rate per
 * 1,000 fed into Brier or log loss gives impossible figures (a Brier of 25.8).
 */
export function assertProbabilities(p: ArrayLike<number>, what: string): void {
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new ZichtError('INTERNAL', `${what}: value ${v} at row ${i} is not a probability in [0, 1]`, { what });
    }
  }
}

export function brier(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i]! - (y[i]! > 0 ? 1 : 0)) ** 2;
  return s / y.length;
}

export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>, eps = 1e-12): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - eps, Math.max(eps, p[i]!));
    s -= y[i]! > 0 ? Math.log(q) : Math.log(1 - q);
  }
  return s / y.length;
}

/**
 * Calibration curve as scikit-learn's `calibration_curve(strategy='quantile')`: bin edges at the
 * deciles of the predictions (linear interpolation), a prediction equal to an inner edge goes to
 * the lower bin, empty bins are dropped. Mean prediction and observed rate per bin.
 */
export function calibrationCurve(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  bins = 10,
): { predicted: number; observed: number; n: number }[] {
  // a resample laid out in score order is read as it is: no copy, and each bin starts where the last ended
  const ascending = isAscending(p);
  const sorted = ascending ? p : Float64Array.from(p).sort();
  const n = sorted.length;
  if (n === 0) return [];
  const quantile = (q: number) => {
    const h = (n - 1) * q,
      lo = Math.floor(h);
    return lo + 1 < n ? sorted[lo]! + (h - lo) * (sorted[lo + 1]! - sorted[lo]!) : sorted[lo]!;
  };
  const inner = Array.from({ length: bins - 1 }, (_, k) => quantile((k + 1) / bins));
  const sumP = new Float64Array(bins),
    sumY = new Float64Array(bins),
    count = new Float64Array(bins);
  let b = 0;
  for (let i = 0; i < y.length; i++) {
    const v = p[i]!;
    if (!ascending) b = 0;
    while (b < inner.length && inner[b]! < v) b++;
    sumP[b]! += v;
    sumY[b]! += y[i]! > 0 ? 1 : 0;
    count[b]!++;
  }
  const out: { predicted: number; observed: number; n: number }[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b]! > 0) out.push({ predicted: sumP[b]! / count[b]!, observed: sumY[b]! / count[b]!, n: count[b]! });
  }
  return out;
}

/** Expected calibration error: Σ over the quantile bins of (bin share × |observed − predicted|). */
export function ece(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): number {
  const c = calibrationCurve(y, p, bins);
  const n = c.reduce((a, b) => a + b.n, 0);
  return c.reduce((a, b) => a + (b.n / n) * Math.abs(b.predicted - b.observed), 0);
}

/**
 * Precision and recall at capacity: in each municipality the top `k` areas by
 * score are visited (what a stadsmarinier can act on).
 */
export function atCapacity(
  y: ArrayLike<number>,
  s: ArrayLike<number>,
  groups: readonly string[],
  k: number,
): { precision: number; recall: number; flagged: number } {
  const flags = capacityFlags(s, groups, k);
  let tp = 0,
    f = 0,
    P = 0;
  for (let i = 0; i < y.length; i++) {
    const pos = y[i]! > 0;
    if (pos) P++;
    if (flags[i]) {
      f++;
      if (pos) tp++;
    }
  }
  return { precision: f ? tp / f : Number.NaN, recall: P ? tp / P : Number.NaN, flagged: f };
}

/** 1 for the top `k` areas by score within each group. */
export function capacityFlags(s: ArrayLike<number>, groups: readonly string[], k: number): Uint8Array {
  const by = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const l = by.get(g);
    if (l) l.push(i);
    else by.set(g, [i]);
  });
  const flags = new Uint8Array(s.length);
  for (const idx of by.values())
    idx
      .sort((a, b) => s[b]! - s[a]!)
      .slice(0, k)
      .forEach((i) => {
        flags[i] = 1;
      });
  return flags;
}

/** Mean Poisson deviance of predicted counts `mu` for observed counts `y`. */
export function poissonDeviance(y: ArrayLike<number>, mu: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const m = Math.max(mu[i]!, 1e-12),
      v = y[i]!;
    s += 2 * ((v > 0 ? v * Math.log(v / m) : 0) - (v - m));
  }
  return s / y.length;
}

/**
 * 1 for the top `share` of rows by score (ties at the cut are all flagged):
 * the one flag rule used by the audit, the label-bias analysis and the reports.
 */
export function topShareFlags(s: ArrayLike<number>, share: number): Uint8Array {
  const sorted = Array.from(s)
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => b - a);
  if (sorted.length === 0) return new Uint8Array(s.length);
  const cut = sorted[Math.max(0, Math.round(share * sorted.length) - 1)]!;
  return Uint8Array.from(s, (v) => (v >= cut ? 1 : 0));
}
