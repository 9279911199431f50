/**
 * Proxy check over model inputs. Leaving a protected attribute out of the inputs does not keep
 * it out of the model when another input stands in for it (population density and distance to
 * a GP are near-deterministic functions of urbanity). For every input × protected attribute this
 * measures how much of the attribute's variance the input explains on its own.
 */

/** Strength at or above which an input is flagged as a proxy on the card. */
export const STRONG_PROXY = 0.5;

/**
 * Correlation ratio η²: the share of the variance of `target` explained by the mean of `target`
 * within equal-count bins of `x` (10 quantile bins; categories with few distinct values keep one
 * bin each). Captures non-linear and non-monotone dependence; 0 = none, 1 = `target` is a
 * function of the bin. Rows where either value is missing are left out.
 */
export function correlationRatio(x: ArrayLike<number>, target: ArrayLike<number>, bins = 10): number {
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]!) && Number.isFinite(target[i]!)) idx.push(i);
  const n = idx.length;
  if (n < 2 * bins) return Number.NaN;
  idx.sort((a, b) => x[a]! - x[b]!);
  let mean = 0;
  for (const i of idx) mean += target[i]!;
  mean /= n;
  let total = 0;
  for (const i of idx) total += (target[i]! - mean) ** 2;
  if (total === 0) return Number.NaN;
  let between = 0;
  // bin boundaries never split a run of equal x values (ties stay in one bin)
  for (let start = 0; start < n; ) {
    let end = Math.min(n, Math.max(start + 1, Math.round(((Math.floor((start * bins) / n) + 1) * n) / bins)));
    while (end < n && x[idx[end]!] === x[idx[end - 1]!]) end++;
    let s = 0;
    for (let k = start; k < end; k++) s += target[idx[k]!]!;
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
    for (const [attribute, a] of attributes) {
      const strength = correlationRatio(x, a);
      if (Number.isFinite(strength)) out.push({ input, attribute, strength, strong: strength >= STRONG_PROXY });
    }
  }
  return out.sort((p, q) => q.strength - p.strength);
}
