import type { Frame } from '../../core/index.ts';

/** Bin code reserved for a missing (NaN) value; value bins are 0..254. */
export const MISSING_BIN = 255;
/** Largest number of value bins per feature (the missing bin comes on top). */
const MAX_VALUE_BINS = 255;

/**
 * A frame quantised to ≤ 255 value bins per feature, column-major `Uint8Array` codes.
 * `cuts[j][b]` is the raw threshold between bin b and b + 1; a value's bin is the number
 * of cuts ≤ the value, so `x < cuts[j][b]` holds exactly when the bin is ≤ b. That makes
 * a split found on bins reproducible on raw values with the `x < threshold` rule.
 */
export interface BinnedFrame {
  readonly nRows: number;
  readonly codes: readonly Uint8Array[];
  readonly cuts: readonly Float64Array[];
  /** Number of value bins per feature (cuts.length + 1, or 1 for a constant/empty column). */
  readonly nBins: Int32Array;
}

/** Choose cut points from quantiles of the observed (non-missing) values of one column. */
export function quantileCuts(col: Float64Array, maxBins: number): Float64Array {
  let n = 0;
  const vals = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    if (v === v) vals[n++] = v;
  }
  if (n === 0) return new Float64Array(0);
  const sorted = vals.subarray(0, n).sort();
  // distinct values with their counts, so that quantiles never split a tie
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]!++;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  const cuts: number[] = [];
  if (distinct.length <= maxBins) {
    for (let k = 0; k + 1 < distinct.length; k++) cuts.push(midpoint(distinct[k]!, distinct[k + 1]!));
  } else {
    // walk the cumulative counts and cut after each quantile boundary is reached
    const per = n / maxBins;
    let cum = 0;
    let next = per;
    for (let k = 0; k + 1 < distinct.length && cuts.length < maxBins - 1; k++) {
      cum += counts[k]!;
      if (cum >= next) {
        cuts.push(midpoint(distinct[k]!, distinct[k + 1]!));
        while (next <= cum) next += per;
      }
    }
  }
  return Float64Array.from(cuts);
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  // guard against rounding making the cut equal to the lower value (adjacent doubles)
  return m > a ? m : b;
}

/** Bin of one raw value given cuts (binary search for the number of cuts ≤ v). */
export function binOf(cuts: Float64Array, v: number): number {
  if (v !== v) return MISSING_BIN;
  let lo = 0,
    hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Quantise every column of a frame (fit the cuts on this frame). */
export function binFrame(X: Frame, maxBins: number = MAX_VALUE_BINS): BinnedFrame {
  const mb = Math.max(2, Math.min(MAX_VALUE_BINS, Math.floor(maxBins)));
  const cuts = X.data.map((col) => quantileCuts(col, mb));
  return applyBins(X, cuts);
}

/** Quantise a frame with given cuts (e.g. the training cuts applied to validation rows). */
export function applyBins(X: Frame, cuts: readonly Float64Array[]): BinnedFrame {
  // binOf's search with a fixed 8 steps over the cuts padded with NaN to 256 (NaN ≤ v is false):
  // no bounds and no data-dependent loop exit, which is faster over many rows
  const padded = new Float64Array(256);
  const codes = X.data.map((col, j) => {
    padded.fill(NaN);
    padded.set(cuts[j]!);
    const out = new Uint8Array(X.nRows);
    for (let i = 0; i < X.nRows; i++) {
      const v = col[i]!;
      if (v !== v) {
        out[i] = MISSING_BIN;
        continue;
      }
      let lo = 0;
      for (let step = 128; step > 0; step >>= 1) lo = padded[lo + step - 1]! <= v ? lo + step : lo;
      out[i] = lo;
    }
    return out;
  });
  const nBins = Int32Array.from(cuts, (c) => c.length + 1);
  return { nRows: X.nRows, codes, cuts, nBins };
}
