import { createRng } from '../core/index.ts';

/** A figure with its percentile bootstrap confidence interval. */
export interface Estimate { readonly estimate: number; readonly lo: number; readonly hi: number }

/**
 * Cluster bootstrap: municipalities are resampled with replacement (areas in
 * one municipality are correlated, so resampling areas would understate the
 * uncertainty). `metric` receives the row indices of one resample.
 */
export function clusterBootstrap(metric: (rows: readonly number[]) => number, groups: readonly string[], opts: { replicates?: number; seed: number; level?: number }): Estimate {
  const all = groups.map((_, i) => i);
  const estimate = metric(all);
  const by = new Map<string, number[]>();
  groups.forEach((g, i) => by.set(g, [...(by.get(g) ?? []), i]));
  const clusters = [...by.values()];
  const rng = createRng(opts.seed);
  const B = opts.replicates ?? 200;
  const vals: number[] = [];
  for (let b = 0; b < B; b++) {
    const rows: number[] = [];
    for (let c = 0; c < clusters.length; c++) rows.push(...clusters[rng.int(clusters.length)]!);
    const v = metric(rows);
    if (Number.isFinite(v)) vals.push(v);
  }
  vals.sort((a, b) => a - b);
  const a = (1 - (opts.level ?? 0.95)) / 2;
  const q = (p: number) => (vals.length ? vals[Math.min(vals.length - 1, Math.max(0, Math.round(p * (vals.length - 1))))]! : Number.NaN);
  return { estimate, lo: q(a), hi: q(1 - a) };
}

/** Apply a metric of (y, s) to a subset of rows. */
export function onRows(f: (y: Float64Array, s: Float64Array) => number, y: ArrayLike<number>, s: ArrayLike<number>): (rows: readonly number[]) => number {
  return (rows) => f(Float64Array.from(rows, (i) => y[i]!), Float64Array.from(rows, (i) => s[i]!));
}
