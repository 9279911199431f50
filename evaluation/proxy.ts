/**
 * Proxy check over model inputs. Leaving a protected attribute out of the inputs does not keep
 * it out of the model when another input stands in for it (population density and distance to
 * a GP are near-deterministic functions of urbanity). For every input × protected attribute this
 * measures how much of the attribute's variance the input explains on its own.
 */

/** Strength at or above which an input is flagged as a proxy on the card. */
export const STRONG_PROXY = 0.5;

/** Quantile bins of an input for η². */
const PROXY_BINS = 10;

/**
 * Correlation ratio η²: the share of the variance of `target` explained by the mean of `target`
 * within equal-count bins of `x` (10 quantile bins; categories with few distinct values keep one
 * bin each). Captures non-linear and non-monotone dependence; 0 = none, 1 = `target` is a
 * function of the bin. Rows where either value is missing are left out.
 */
export function correlationRatio(x: ArrayLike<number>, target: ArrayLike<number>, bins = PROXY_BINS): number {
  return etaSquared(inOrderOf(x), target, bins);
}

/** An input's rows with a number, in ascending order of the input (ties by row), and its values in that order. */
interface Sorted {
  readonly rows: Uint32Array;
  readonly values: Float64Array;
}

/**
 * `Sorted` of an input. The values are sorted natively and every row then takes the next free
 * place of its value's run (a binary search): the order of sorting the rows by value with ties
 * by row — the order the sums of `etaSquared` run in — at a fraction of a comparator sort's cost.
 */
function inOrderOf(x: ArrayLike<number>): Sorted {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]!)) n++;
  const sorted = new Float64Array(n);
  n = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]!)) sorted[n++] = x[i]!;
  sorted.sort();
  // the next free place of each run of equal values (−0 and 0 are one run, as `<` sees them)
  const next = new Int32Array(n).fill(-1);
  const rows = new Uint32Array(n),
    values = new Float64Array(n);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) continue;
    let lo = 0,
      hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    const at = next[lo] === -1 ? lo : next[lo]!;
    next[lo] = at + 1;
    rows[at] = i;
    values[at] = v;
  }
  return { rows, values };
}

/**
 * η² of `target` on the bins of an input, given the input's `Sorted` rows: the rows where `target`
 * is missing are left out of that order, which keeps the rows that remain in the order of sorting
 * them alone — so one sort of an input serves every attribute.
 */
function etaSquared(sorted: Sorted, target: ArrayLike<number>, bins: number): number {
  const xs = new Float64Array(sorted.rows.length),
    ts = new Float64Array(sorted.rows.length);
  let n = 0;
  for (let k = 0; k < sorted.rows.length; k++) {
    const t = target[sorted.rows[k]!]!;
    if (!Number.isFinite(t)) continue;
    xs[n] = sorted.values[k]!;
    ts[n] = t;
    n++;
  }
  if (n < 2 * bins) return Number.NaN;
  let mean = 0;
  for (let k = 0; k < n; k++) mean += ts[k]!;
  mean /= n;
  let total = 0;
  for (let k = 0; k < n; k++) total += (ts[k]! - mean) ** 2;
  if (total === 0) return Number.NaN;
  let between = 0;
  // bin boundaries never split a run of equal x values (ties stay in one bin)
  for (let start = 0; start < n; ) {
    let end = Math.min(n, Math.max(start + 1, Math.round(((Math.floor((start * bins) / n) + 1) * n) / bins)));
    while (end < n && xs[end] === xs[end - 1]) end++;
    let s = 0;
    for (let k = start; k < end; k++) s += ts[k]!;
    const m = s / (end - start);
    between += (end - start) * (m - mean) ** 2;
    start = end;
  }
  return between / total;
}

export interface ProxyFinding {
  readonly input: string;
  readonly attribute: string;
  /** η² of the attribute on the input's bins. */
  readonly strength: number;
  readonly strong: boolean;
}

/**
 * η² of every protected attribute on every model input (and on the model's score, as input
 * `(score)`), strongest first.
 */
export function proxyFindings(
  inputs: ReadonlyMap<string, ArrayLike<number>>,
  attributes: ReadonlyMap<string, ArrayLike<number>>,
): ProxyFinding[] {
  const out: ProxyFinding[] = [];
  for (const [input, x] of inputs) {
    const sorted = inOrderOf(x);
    for (const [attribute, a] of attributes) {
      const strength = etaSquared(sorted, a, PROXY_BINS);
      if (Number.isFinite(strength)) out.push({ input, attribute, strength, strong: strength >= STRONG_PROXY });
    }
  }
  return out.sort((p, q) => q.strength - p.strength);
}
