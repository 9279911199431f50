import { createRng } from '../core/index.ts';

/** Row-standardised contiguity weights as neighbour index lists. */
export function neighbourIndex(
  codes: readonly string[],
  adjacency: ReadonlyMap<string, readonly string[]>,
): number[][] {
  const idx = new Map(codes.map((c, i) => [c, i]));
  return codes.map((c) => (adjacency.get(c) ?? []).map((n) => idx.get(n)).filter((j): j is number => j !== undefined));
}

function lagOf(z: Float64Array, nb: readonly number[][], i: number): number {
  const n = nb[i]!;
  if (!n.length) return 0;
  let s = 0;
  for (const j of n) s += z[j]!;
  return s / n.length;
}

/** Global Moran's I with row-standardised weights and a permutation pseudo p-value (one-sided, positive autocorrelation). */
export function moransI(
  values: ArrayLike<number>,
  nb: readonly number[][],
  opts: { permutations?: number; seed: number },
): { I: number; expected: number; pValue: number; n: number } {
  const n = values.length;
  const mean = Array.from(values).reduce((a, b) => a + b, 0) / n;
  const z = Float64Array.from(values, (v) => v - mean);
  const stat = (zz: Float64Array) => {
    let num = 0,
      den = 0,
      w = 0;
    for (let i = 0; i < n; i++) {
      den += zz[i]! ** 2;
      if (nb[i]!.length) {
        num += zz[i]! * lagOf(zz, nb, i);
        w++;
      }
    }
    return den > 0 ? (n / w) * (num / den) : Number.NaN;
  };
  const I = stat(z);
  const rng = createRng(opts.seed);
  const P = opts.permutations ?? 199;
  let above = 0;
  const perm = Float64Array.from(z);
  for (let p = 0; p < P; p++) {
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    if (stat(perm) >= I) above++;
  }
  return { I, expected: -1 / (n - 1), pValue: (above + 1) / (P + 1), n };
}

/** Local Moran clusters (LISA) with conditional permutation pseudo p-values. */
export function localClusters(
  codes: readonly string[],
  values: ArrayLike<number>,
  nb: readonly number[][],
  opts: { permutations?: number; seed: number; alpha?: number },
): { highHigh: string[]; lowLow: string[]; highLow: string[]; lowHigh: string[] } {
  const n = values.length;
  const mean = Array.from(values).reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(Array.from(values).reduce((a, b) => a + (b - mean) ** 2, 0) / n) || 1;
  const z = Float64Array.from(values, (v) => (v - mean) / sd);
  const rng = createRng(opts.seed);
  const P = opts.permutations ?? 99,
    alpha = opts.alpha ?? 0.05;
  const out = { highHigh: [] as string[], lowLow: [] as string[], highLow: [] as string[], lowHigh: [] as string[] };
  for (let i = 0; i < n; i++) {
    const k = nb[i]!.length;
    if (!k) continue;
    const lag = lagOf(z, nb, i);
    const li = z[i]! * lag;
    let extreme = 0;
    for (let p = 0; p < P; p++) {
      let s = 0;
      for (let m = 0; m < k; m++) {
        let j = rng.int(n - 1);
        if (j >= i) j++;
        s += z[j]!;
      }
      if (Math.abs(z[i]! * (s / k)) >= Math.abs(li)) extreme++;
    }
    if ((extreme + 1) / (P + 1) > alpha) continue;
    const key = z[i]! > 0 ? (lag > 0 ? 'highHigh' : 'highLow') : lag > 0 ? 'lowHigh' : 'lowLow';
    out[key].push(codes[i]!);
  }
  return out;
}

/**
 * Empirical-Bayes smoothing of rates (Marshall's global method): small areas'
 * rates shrink towards the overall rate in proportion to their uncertainty.
 */
export function empiricalBayesRates(counts: ArrayLike<number>, population: ArrayLike<number>): Float64Array {
  const n = counts.length;
  let C = 0,
    Pop = 0;
  for (let i = 0; i < n; i++) {
    C += counts[i]!;
    Pop += population[i]!;
  }
  const m = C / Pop,
    nbar = Pop / n;
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += population[i]! * (counts[i]! / Math.max(population[i]!, 1) - m) ** 2;
  s2 /= Pop;
  const a = Math.max(0, s2 - m / nbar);
  return Float64Array.from({ length: n }, (_, i) => {
    const r = counts[i]! / Math.max(population[i]!, 1);
    const w = a / (a + m / Math.max(population[i]!, 1));
    return m + w * (r - m);
  });
}
