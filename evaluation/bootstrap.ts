import { createRng } from '../core/index.ts';
import { gather } from './metrics.ts';

/**
 * A figure with its confidence interval and how the interval was made. `percentile`: the plain
 * cluster-bootstrap percentile interval. `bias-corrected`: the percentile interval excluded the
 * estimate (a statistic biased under resampling, such as ECE), so the bias-corrected percentile
 * interval (Efron's BC) is reported. `bias-corrected, widened to the estimate`: even that excluded
 * it (every resample on one side), so the interval is stretched to the estimate and says so.
 */
export interface Estimate {
  readonly estimate: number;
  readonly lo: number;
  readonly hi: number;
  readonly method: IntervalMethod;
}

type IntervalMethod = 'percentile' | 'bias-corrected' | 'bias-corrected, widened to the estimate';

export interface BootstrapOptions {
  readonly replicates?: number;
  readonly seed: number;
  readonly level?: number;
}

/** The row indices of a resample, in the order drawn (a row repeats when its cluster is drawn twice). */
export type Rows = ArrayLike<number> & Iterable<number>;

/**
 * Row indices grouped by cluster (municipality or CV group), in first-seen order, laid out flat:
 * cluster c's rows are `rows[start[c] .. start[c + 1])`.
 */
function clustersOf(groups: readonly string[]): { rows: Int32Array; start: Int32Array } {
  const id = new Map<string, number>();
  const of = Int32Array.from(groups, (g) => {
    const k = id.get(g);
    if (k !== undefined) return k;
    id.set(g, id.size);
    return id.size - 1;
  });
  const start = new Int32Array(id.size + 1);
  for (const k of of) start[k + 1]!++;
  for (let c = 0; c < id.size; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, id.size);
  const rows = new Int32Array(groups.length);
  of.forEach((k, i) => {
    rows[fill[k]!++] = i;
  });
  return { rows, start };
}

/**
 * The cluster-bootstrap resamples: clusters drawn with replacement (areas in one municipality
 * are correlated, so resampling areas would understate the uncertainty). The one resampling
 * scheme of the project; every interval in a report comes from it. Each resample is a fresh
 * typed array, filled by copying the drawn clusters' rows.
 */
export function* clusterResamples(groups: readonly string[], opts: BootstrapOptions): Generator<Int32Array> {
  const { rows: all, start } = clustersOf(groups);
  const C = start.length - 1;
  const rng = createRng(opts.seed);
  const B = opts.replicates ?? 200;
  const drawn = new Int32Array(C);
  for (let b = 0; b < B; b++) {
    let n = 0;
    for (let c = 0; c < C; c++) {
      const k = rng.int(C);
      drawn[c] = k;
      n += start[k + 1]! - start[k]!;
    }
    const rows = new Int32Array(n);
    let at = 0;
    for (let c = 0; c < C; c++) {
      const k = drawn[c]!;
      rows.set(all.subarray(start[k]!, start[k + 1]!), at);
      at += start[k + 1]! - start[k]!;
    }
    yield rows;
  }
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf, |error| < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5,
    r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/**
 * The interval of an estimate from its bootstrap values: percentile; bias-corrected when the
 * percentile interval misses the estimate; stretched to the estimate as a last resort. The
 * returned interval always contains a finite estimate.
 */
export function bootstrapInterval(estimate: number, values: readonly number[], level = 0.95): Estimate {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return { estimate, lo: Number.NaN, hi: Number.NaN, method: 'percentile' };
  const at = (q: number) => v[Math.min(v.length - 1, Math.max(0, Math.round(q * (v.length - 1))))]!;
  const alpha = (1 - level) / 2;
  let lo = at(alpha),
    hi = at(1 - alpha);
  if (!Number.isFinite(estimate) || (lo <= estimate && estimate <= hi))
    return { estimate, lo, hi, method: 'percentile' };
  // Efron's bias correction: z0 from the share of resamples below the estimate
  const below = v.filter((x) => x < estimate).length + 0.5 * v.filter((x) => x === estimate).length;
  const z0 = normalQuantile(Math.min(1 - 0.5 / v.length, Math.max(0.5 / v.length, below / v.length)));
  const za = normalQuantile(alpha);
  lo = at(normalCdf(2 * z0 + za));
  hi = at(normalCdf(2 * z0 - za));
  if (lo <= estimate && estimate <= hi) return { estimate, lo, hi, method: 'bias-corrected' };
  return {
    estimate,
    lo: Math.min(lo, estimate),
    hi: Math.max(hi, estimate),
    method: 'bias-corrected, widened to the estimate',
  };
}

/** A metric over row indices, with its cluster-bootstrap interval. */
export function clusterBootstrap(
  metric: (rows: Rows) => number,
  groups: readonly string[],
  opts: BootstrapOptions,
): Estimate {
  const estimate = metric(Int32Array.from(groups.keys()));
  const vals: number[] = [];
  for (const rows of clusterResamples(groups, opts)) vals.push(metric(rows));
  return bootstrapInterval(estimate, vals, opts.level);
}

/** Apply a metric of (y, s) to a subset of rows. */
export function onRows(
  f: (y: Float64Array, s: Float64Array) => number,
  y: ArrayLike<number>,
  s: ArrayLike<number>,
): (rows: Rows) => number {
  return (rows) => f(gather(y, rows), gather(s, rows));
}

/**
 * A resample's arrays in the order of the scores: rows are laid out by the one global sort of
 * `s`, repeated as often as the resample drew them, so every metric that needs the score order (AUC,
 * average precision, calibration bins) finds it and walks the arrays as they are — linear, not n log n.
 */
function sortedResampler(y: Float64Array, s: Float64Array) {
  const order = Int32Array.from(s.keys()).sort((a, b) => s[a]! - s[b]!);
  const times = new Int32Array(s.length);
  return (rows: Rows): [Float64Array, Float64Array] => {
    times.fill(0);
    for (let k = 0; k < rows.length; k++) times[rows[k]!]!++;
    const yy = new Float64Array(rows.length),
      ss = new Float64Array(rows.length);
    let k = 0;
    for (let o = 0; o < order.length; o++) {
      const i = order[o]!;
      const yi = y[i]!,
        si = s[i]!;
      for (let t = times[i]!; t > 0; t--) {
        yy[k] = yi;
        ss[k] = si;
        k++;
      }
    }
    return [yy, ss];
  };
}

/** Several metrics of (y, s) over the same resamples: each resample's arrays are built once, in score order. */
export function clusterBootstrapMany(
  metrics: Readonly<Record<string, (y: Float64Array, s: Float64Array) => number>>,
  y: ArrayLike<number>,
  s: ArrayLike<number>,
  groups: readonly string[],
  opts: BootstrapOptions,
): Record<string, Estimate> {
  const names = Object.keys(metrics);
  const fy = Float64Array.from(y),
    fs = Float64Array.from(s);
  const resample = sortedResampler(fy, fs);
  const vals = names.map(() => [] as number[]);
  for (const rows of clusterResamples(groups, opts)) {
    const [yy, ss] = resample(rows);
    names.forEach((n, k) => {
      vals[k]!.push(metrics[n]!(yy, ss));
    });
  }
  return Object.fromEntries(names.map((n, k) => [n, bootstrapInterval(metrics[n]!(fy, fs), vals[k]!, opts.level)]));
}

/**
 * metric(y, a) − metric(y, b) on the same rows and the same resamples: the paired comparison of
 * two predictions of one target (a model against a baseline).
 */
export function pairedDifference(
  metric: (y: Float64Array, s: Float64Array) => number,
  y: ArrayLike<number>,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  groups: readonly string[],
  opts: BootstrapOptions,
): Estimate {
  const fy = Float64Array.from(y),
    fa = Float64Array.from(a),
    fb = Float64Array.from(b);
  const vals: number[] = [];
  for (const rows of clusterResamples(groups, opts)) {
    const yy = gather(fy, rows);
    vals.push(metric(yy, gather(fa, rows)) - metric(yy, gather(fb, rows)));
  }
  return bootstrapInterval(metric(fy, fa) - metric(fy, fb), vals, opts.level);
}
