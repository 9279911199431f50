import { createRng } from '../core/index.ts';

/** A figure with its percentile bootstrap confidence interval. */
export interface Estimate {
  readonly estimate: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * Cluster bootstrap: municipalities are resampled with replacement (areas in
 * one municipality are correlated, so resampling areas would understate the
 * uncertainty). `metric` receives the row indices of one resample.
 */
export function clusterBootstrap(
  metric: (rows: readonly number[]) => number,
  groups: readonly string[],
  opts: { replicates?: number; seed: number; level?: number },
): Estimate {
  const all = groups.map((_, i) => i);
  const estimate = metric(all);
  const by = new Map<string, number[]>();
  groups.forEach((g, i) => {
    by.set(g, [...(by.get(g) ?? []), i]);
  });
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
  const q = (p: number) =>
    vals.length ? vals[Math.min(vals.length - 1, Math.max(0, Math.round(p * (vals.length - 1))))]! : Number.NaN;
  return { estimate, lo: q(a), hi: q(1 - a) };
}

/** Apply a metric of (y, s) to a subset of rows. */
export function onRows(
  f: (y: Float64Array, s: Float64Array) => number,
  y: ArrayLike<number>,
  s: ArrayLike<number>,
): (rows: readonly number[]) => number {
  return (rows) =>
    f(
      Float64Array.from(rows, (i) => y[i]!),
      Float64Array.from(rows, (i) => s[i]!),
    );
}

/**
 * Several metrics of (y, s) over the same cluster-bootstrap resamples: each
 * resample's arrays are built once and every metric is computed on them.
 */
export function clusterBootstrapMany(
  metrics: Readonly<Record<string, (y: Float64Array, s: Float64Array) => number>>,
  y: ArrayLike<number>,
  s: ArrayLike<number>,
  groups: readonly string[],
  opts: { replicates?: number; seed: number; level?: number },
): Record<string, Estimate> {
  const names = Object.keys(metrics);
  const fy = Float64Array.from(y),
    fs = Float64Array.from(s);
  const by = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const l = by.get(g);
    if (l) l.push(i);
    else by.set(g, [i]);
  });
  const clusters = [...by.values()];
  const rng = createRng(opts.seed);
  const B = opts.replicates ?? 200;
  const vals = names.map(() => [] as number[]);
  for (let b = 0; b < B; b++) {
    const rows: number[] = [];
    for (let c = 0; c < clusters.length; c++) rows.push(...clusters[rng.int(clusters.length)]!);
    const yy = Float64Array.from(rows, (i) => fy[i]!),
      ss = Float64Array.from(rows, (i) => fs[i]!);
    names.forEach((n, k) => {
      const v = metrics[n]!(yy, ss);
      if (Number.isFinite(v)) vals[k]!.push(v);
    });
  }
  const a = (1 - (opts.level ?? 0.95)) / 2;
  return Object.fromEntries(
    names.map((n, k) => {
      const v = vals[k]!.sort((p, q) => p - q);
      const q = (p: number) =>
        v.length ? v[Math.min(v.length - 1, Math.max(0, Math.round(p * (v.length - 1))))]! : Number.NaN;
      return [n, { estimate: metrics[n]!(fy, fs), lo: q(a), hi: q(1 - a) }];
    }),
  );
}
