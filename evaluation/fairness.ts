import { bootstrapInterval, clusterResamples, type Estimate } from './bootstrap.ts';

/** How to form groups from a protected area attribute. */
export interface GroupSpec {
  readonly attribute: string;
  /** `quantile`: equal-count bins of a continuous share; `categorical`: each value a group (e.g. urbanity 1–5). */
  readonly kind: 'quantile' | 'categorical';
  readonly bins?: number;
}

/** Group label per row; missing values form the group 'onbekend'. */
export function groupLabels(values: ArrayLike<number>, spec: GroupSpec): string[] {
  if (spec.kind === 'categorical')
    return Array.from(values, (v) => (Number.isFinite(v) ? `${spec.attribute}=${v}` : 'onbekend'));
  const bins = spec.bins ?? 3;
  const sorted = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const cuts = Array.from({ length: bins - 1 }, (_, k) => sorted[Math.floor(((k + 1) * sorted.length) / bins)]!);
  return Array.from(values, (v) => {
    if (!Number.isFinite(v)) return 'onbekend';
    const q = cuts.filter((c) => v >= c).length;
    return `${spec.attribute} Q${q + 1}/${bins}`;
  });
}

const METRICS = ['flagRate', 'tpr', 'fpr', 'fnr', 'fdr', 'precision'] as const;
type Metric = (typeof METRICS)[number];

interface GroupResult {
  readonly group: string;
  readonly size: number;
  readonly positives: number;
  readonly prevalence: number;
  readonly flagRate: number;
  readonly tpr: number;
  readonly fpr: number;
  readonly fnr: number;
  readonly fdr: number;
  readonly precision: number;
  /** Mean predicted probability / observed prevalence (1 = calibrated in the large). */
  readonly calibrationInTheLarge: number;
  /** Ratio to the reference group with a cluster-bootstrap CI; `inBand`: within 0.8–1.25; `significant`: CI excludes 1. */
  readonly disparity: Readonly<
    Record<
      Metric,
      Estimate & { readonly inBand: boolean; readonly overlapsBand: boolean; readonly significant: boolean }
    >
  >;
  readonly warning: string | null;
}

export interface AttributeAudit {
  readonly attribute: string;
  readonly reference: string;
  readonly referenceRule: string;
  readonly groups: readonly GroupResult[];
}

function rates(y: ArrayLike<number>, flags: ArrayLike<number>, p: ArrayLike<number>, rows: readonly number[]) {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0,
    ps = 0;
  for (const i of rows) {
    const pos = y[i]! > 0,
      f = flags[i]! > 0;
    ps += p[i]!;
    if (f && pos) tp++;
    else if (f) fp++;
    else if (pos) fn++;
    else tn++;
  }
  const n = rows.length,
    P = tp + fn,
    N = fp + tn;
  return {
    size: n,
    positives: P,
    prevalence: n ? P / n : Number.NaN,
    flagRate: n ? (tp + fp) / n : Number.NaN,
    tpr: P ? tp / P : Number.NaN,
    fpr: N ? fp / N : Number.NaN,
    fnr: P ? fn / P : Number.NaN,
    fdr: tp + fp ? fp / (tp + fp) : Number.NaN,
    precision: tp + fp ? tp / (tp + fp) : Number.NaN,
    calibrationInTheLarge: P ? ps / P : Number.NaN,
  };
}

export const DISPARITY_BAND: readonly [number, number] = [0.8, 1.25];

/**
 * Aequitas-style audit over areas for one grouping: per group size,
 * prevalence, flag rate, TPR, FPR, FNR, FDR, precision and calibration in the
 * large, and disparity ratios against a reference group with cluster-bootstrap
 * (by municipality) confidence intervals.
 */
export function auditGroups(input: {
  y: ArrayLike<number>;
  flags: ArrayLike<number>;
  probability: ArrayLike<number>;
  clusters: readonly string[];
  labels: readonly string[];
  attribute: string;
  reference?: 'largest' | 'best' | { group: string };
  minGroupSize?: number;
  minPositives?: number;
  replicates?: number;
  seed: number;
}): AttributeAudit {
  const groups = [...new Set(input.labels)].sort();
  const rowsOf = new Map(groups.map((g) => [g, [] as number[]]));
  input.labels.forEach((g, i) => {
    rowsOf.get(g)!.push(i);
  });
  const base = new Map(groups.map((g) => [g, rates(input.y, input.flags, input.probability, rowsOf.get(g)!)]));
  const refRule = input.reference ?? 'largest';
  let reference: string;
  if (typeof refRule === 'object') reference = refRule.group;
  else if (refRule === 'best')
    reference = groups.filter((g) => g !== 'onbekend').sort((a, b) => base.get(a)!.fpr - base.get(b)!.fpr)[0]!;
  else {
    // the largest group with at least one flagged area: a ratio to a group flagged nowhere is no ratio
    const named = groups.filter((g) => g !== 'onbekend').sort((a, b) => base.get(b)!.size - base.get(a)!.size);
    reference = named.find((g) => base.get(g)!.flagRate > 0) ?? named[0]!;
  }
  const minSize = input.minGroupSize ?? 30,
    minPos = input.minPositives ?? 5;
  // cluster bootstrap: one pass over each resample computes every group's confusion counts at once
  const B = input.replicates ?? 200;
  const gIndex = new Map(groups.map((g, k) => [g, k]));
  const gOf = Int32Array.from(input.labels, (g) => gIndex.get(g)!);
  const samples = groups.map(() => METRICS.map(() => [] as number[]));
  const refK = gIndex.get(reference)!;
  const G = groups.length;
  for (const rows of clusterResamples(input.clusters, { seed: input.seed, replicates: B })) {
    const tp = new Float64Array(G),
      fp = new Float64Array(G),
      fn = new Float64Array(G),
      tn = new Float64Array(G);
    for (const i of rows) {
      const k = gOf[i]!,
        pos = input.y[i]! > 0,
        f = input.flags[i]! > 0;
      if (f && pos) tp[k]!++;
      else if (f) fp[k]!++;
      else if (pos) fn[k]!++;
      else tn[k]!++;
    }
    const m = (k: number) => {
      const n = tp[k]! + fp[k]! + fn[k]! + tn[k]!,
        P = tp[k]! + fn[k]!,
        N = fp[k]! + tn[k]!,
        F = tp[k]! + fp[k]!;
      return [
        n ? F / n : NaN,
        P ? tp[k]! / P : NaN,
        N ? fp[k]! / N : NaN,
        P ? fn[k]! / P : NaN,
        F ? fp[k]! / F : NaN,
        F ? tp[k]! / F : NaN,
      ];
    };
    const ref = m(refK);
    for (let k = 0; k < G; k++) {
      const mk = m(k);
      METRICS.forEach((_, j) => {
        const r = mk[j]! / ref[j]!;
        if (Number.isFinite(r)) samples[k]![j]!.push(r);
      });
    }
  }
  const results: GroupResult[] = groups.map((g, gi) => {
    const r = base.get(g)!;
    const refRates = base.get(reference)!;
    const disparity = Object.fromEntries(
      METRICS.map((metric, mi) => {
        const e = bootstrapInterval(r[metric] / refRates[metric], samples[gi]![mi]!);
        return [
          metric,
          {
            ...e,
            inBand: e.estimate >= DISPARITY_BAND[0] && e.estimate <= DISPARITY_BAND[1],
            overlapsBand: Number.isFinite(e.lo) && e.lo <= DISPARITY_BAND[1] && e.hi >= DISPARITY_BAND[0],
            significant: Number.isFinite(e.lo) && (e.lo > 1 || e.hi < 1),
          },
        ];
      }),
    ) as GroupResult['disparity'];
    const warning =
      r.size < minSize
        ? `group too small to judge (${r.size} areas < ${minSize})`
        : r.positives < minPos
          ? `too few positive areas to judge error rates (${r.positives} < ${minPos})`
          : null;
    return { group: g, ...r, disparity, warning };
  });
  return {
    attribute: input.attribute,
    reference,
    referenceRule: typeof refRule === 'object' ? `named: ${refRule.group}` : refRule,
    groups: results,
  };
}

/** Spearman rank correlation (average ranks for ties); NaN-pairs dropped. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const idx = Array.from({ length: a.length }, (_, i) => i).filter(
    (i) => Number.isFinite(a[i]!) && Number.isFinite(b[i]!),
  );
  const rank = (v: ArrayLike<number>) => {
    const o = [...idx].sort((x, y) => v[x]! - v[y]!);
    const r = new Map<number, number>();
    for (let i = 0; i < o.length; ) {
      let j = i;
      while (j + 1 < o.length && v[o[j + 1]!] === v[o[i]!]) j++;
      for (let k = i; k <= j; k++) r.set(o[k]!, (i + j) / 2);
      i = j + 1;
    }
    return r;
  };
  const ra = rank(a),
    rb = rank(b);
  const n = idx.length;
  const ma = idx.reduce((s, i) => s + ra.get(i)!, 0) / n,
    mb = idx.reduce((s, i) => s + rb.get(i)!, 0) / n;
  let sab = 0,
    sa = 0,
    sb = 0;
  for (const i of idx) {
    const x = ra.get(i)! - ma,
      y = rb.get(i)! - mb;
    sab += x * y;
    sa += x * x;
    sb += y * y;
  }
  return sab / Math.sqrt(sa * sb);
}
