import { ZichtError } from '../../core/index.ts';
import { gemeenteOf } from '../areas/codes.ts';
import { exprMeasures, type Expr, type FeatureDef, type FeatureView } from './types.ts';

/** The measures of one period, for the areas to compute and (optionally) their gemeenten. */
export interface ViewInput {
  /** Areas to compute features for (one level). */
  readonly codes: readonly string[];
  /** Measure columns aligned with `codes`. */
  readonly measures: ReadonlyMap<string, Float64Array>;
  /** Polygon contiguity between the areas (`computeAdjacency`). */
  readonly adjacency?: ReadonlyMap<string, readonly string[]>;
}

/** Computed features, column per feature, plus those that could not be computed and why. */
export interface ViewOutput {
  readonly features: readonly FeatureDef[];
  readonly values: readonly Float64Array[];
  readonly skipped: readonly { readonly feature: string; readonly reason: string }[];
  /** Cells set to NaN by the disclosure rule, per feature. */
  readonly suppressedCells: readonly number[];
}

function evaluate(e: Expr, m: ReadonlyMap<string, Float64Array>, n: number): Float64Array {
  switch (e.op) {
    case 'measure':
      return m.get(e.key)!;
    case 'const':
      return new Float64Array(n).fill(e.value);
    case 'log1p':
      return evaluate(e.of, m, n).map((x) => (x >= 0 ? Math.log1p(x) : Number.NaN));
    case 'minus': {
      const a = evaluate(e.a, m, n),
        b = evaluate(e.b, m, n);
      return a.map((x, i) => x - b[i]!);
    }
    case 'sum': {
      const out = new Float64Array(n);
      for (const part of e.of) {
        const v = evaluate(part, m, n);
        for (let i = 0; i < n; i++) out[i]! += v[i]!;
      }
      return out;
    }
    case 'ratio': {
      const a = evaluate(e.num, m, n),
        b = evaluate(e.den, m, n);
      return a.map((x, i) => (b[i]! > 0 ? (x / b[i]!) * e.scale : Number.NaN));
    }
  }
}

/**
 * Compute a feature view for one period. Features whose source measures are
 * absent from the extract are skipped (and listed), never filled in.
 */
export function computeView(view: FeatureView, input: ViewInput): ViewOutput {
  const n = input.codes.length;
  const pop = input.measures.get(view.populationKey);
  if (!pop) {
    throw new ZichtError(
      'UNKNOWN_FEATURE',
      `feature view ${view.name}@${view.version} needs the population measure '${view.populationKey}', which the extract does not have`,
      { view: view.name, measure: view.populationKey },
    );
  }
  const features: FeatureDef[] = [];
  const values: Float64Array[] = [];
  const skipped: { feature: string; reason: string }[] = [];
  const suppressedCells: number[] = [];
  const index = new Map(input.codes.map((c, i) => [c, i]));
  for (const f of view.features) {
    const missing = [...new Set(exprMeasures(f.expr))].filter((k) => !input.measures.has(k));
    if (missing.length) {
      skipped.push({
        feature: f.name,
        reason: `measure${missing.length > 1 ? 's' : ''} not in the extract: ${missing.join('; ')}`,
      });
      continue;
    }
    const raw = evaluate(f.expr, input.measures, n);
    // disclosure: values of areas under the minimum population are suppressed before any context is derived from them
    let suppressed = 0;
    const base = raw.map((x, i) => {
      const p = pop[i]!;
      if (f.minPopulation > 0 && !(p >= f.minPopulation)) {
        if (!Number.isNaN(x)) suppressed++;
        return Number.NaN;
      }
      return x;
    });
    let out: Float64Array = base;
    if (f.context?.kind === 'diff-from-gemeente') out = diffFromGemeente(base, pop, input.codes);
    else if (f.context?.kind === 'neighbour-mean') {
      if (!input.adjacency) {
        skipped.push({ feature: f.name, reason: 'no boundaries ingested for this vintage, so no neighbours' });
        continue;
      }
      out = neighbourMean(base, input.codes, index, input.adjacency);
      // the area's own disclosure rule still applies to the derived value
      for (let i = 0; i < n; i++) if (f.minPopulation > 0 && !(pop[i]! >= f.minPopulation)) out[i] = Number.NaN;
    }
    features.push(f);
    values.push(out);
    suppressedCells.push(suppressed);
  }
  return { features, values, skipped, suppressedCells };
}

/**
 * The area's value minus the population-weighted mean of its gemeente's *shown* areas. Never the
 * gemeente row of the export: that total includes the suppressed areas, whose values could then be
 * recovered by subtraction. `base` is already NaN for every area under the minimum population.
 */
function diffFromGemeente(base: Float64Array, pop: Float64Array, codes: readonly string[]): Float64Array {
  const sum = new Map<string, [number, number]>();
  codes.forEach((c, i) => {
    const x = base[i]!,
      w = pop[i]!;
    if (Number.isNaN(x) || !(w > 0)) return;
    const gm = gemeenteOf(c);
    const s = sum.get(gm) ?? [0, 0];
    s[0] += x * w;
    s[1] += w;
    sum.set(gm, s);
  });
  const ref = new Map([...sum].map(([gm, [a, w]]) => [gm, a / w]));
  return base.map((x, i) => x - (ref.get(gemeenteOf(codes[i]!)) ?? Number.NaN));
}

function neighbourMean(
  base: Float64Array,
  codes: readonly string[],
  index: ReadonlyMap<string, number>,
  adjacency: ReadonlyMap<string, readonly string[]>,
): Float64Array {
  return Float64Array.from(codes, (c) => {
    let s = 0,
      k = 0;
    for (const nb of adjacency.get(c) ?? []) {
      const j = index.get(nb);
      if (j === undefined) continue;
      const x = base[j]!;
      if (!Number.isNaN(x)) {
        s += x;
        k++;
      }
    }
    return k > 0 ? s / k : Number.NaN;
  });
}
