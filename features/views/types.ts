/**
 * A feature's value before context transforms, as an expression over the
 * source measures of one area (keys are measure keys, e.g. `Bevolking/Aantal inwoners`).
 */
export type Expr =
  | { readonly op: 'measure'; readonly key: string }
  /** num / den × scale: shares (scale 100), rates per 1,000 (scale 1000), densities. */
  | { readonly op: 'ratio'; readonly num: Expr; readonly den: Expr; readonly scale: number }
  | { readonly op: 'log1p'; readonly of: Expr }
  /** a − b (e.g. 100 − owner-occupied share = rental share). */
  | { readonly op: 'minus'; readonly a: Expr; readonly b: Expr }
  | { readonly op: 'sum'; readonly of: readonly Expr[] }
  | { readonly op: 'const'; readonly value: number };

/** Context transforms that need other areas. */
type Context =
  /**
   * The area's value minus the population-weighted mean of the same expression over its gemeente's
   * shown areas (those at or above the feature's minimum population), never the export's gemeente row.
   */
  | { readonly kind: 'diff-from-gemeente' }
  /** Mean of the expression over contiguous neighbours (polygon adjacency), NaN without neighbours. */
  | { readonly kind: 'neighbour-mean' };

/**
 * Tags of a feature: `protected` — audited for fairness, not a model input by default;
 * `mutable` — an indicator a municipality's policy can change (housing stock composition,
 * vacancy, distances to facilities, business establishments), offered by the what-if.
 */
export const FEATURE_TAGS = ['protected', 'mutable'] as const;
type FeatureTag = (typeof FEATURE_TAGS)[number];

/** One documented feature. */
export interface FeatureDef {
  readonly name: string;
  readonly descriptionNl: string;
  readonly descriptionEn: string;
  readonly unit: string;
  readonly expr: Expr;
  readonly context?: Context | undefined;
  /** Value suppressed (NaN) when the area has fewer inhabitants than this. */
  readonly minPopulation: number;
  readonly tags: readonly FeatureTag[];
}

/** A named, versioned set of features over one kind of source. */
export interface FeatureView {
  readonly name: string;
  readonly version: number;
  readonly descriptionNl: string;
  readonly descriptionEn: string;
  /** Measure key holding the number of inhabitants. */
  readonly populationKey: string;
  readonly features: readonly FeatureDef[];
}

/** Human-readable form of an expression, stored with artifacts. */
function describeExpr(e: Expr): string {
  switch (e.op) {
    case 'measure':
      return `[${e.key}]`;
    case 'ratio':
      return `${describeExpr(e.num)} / ${describeExpr(e.den)}${e.scale !== 1 ? ` × ${e.scale}` : ''}`;
    case 'log1p':
      return `log1p(${describeExpr(e.of)})`;
    case 'minus':
      return `${describeExpr(e.a)} − ${describeExpr(e.b)}`;
    case 'sum':
      return e.of.map(describeExpr).join(' + ');
    case 'const':
      return String(e.value);
  }
}

/** The transform text of a feature: expression plus context. */
export function describeFeature(f: FeatureDef): string {
  const base = describeExpr(f.expr);
  if (!f.context) return base;
  return f.context.kind === 'diff-from-gemeente' ? `(${base}) − gemeente` : `neighbour mean of (${base})`;
}

/** Measure keys an expression reads. */
export function exprMeasures(e: Expr): string[] {
  switch (e.op) {
    case 'measure':
      return [e.key];
    case 'ratio':
      return [...exprMeasures(e.num), ...exprMeasures(e.den)];
    case 'log1p':
      return exprMeasures(e.of);
    case 'minus':
      return [...exprMeasures(e.a), ...exprMeasures(e.b)];
    case 'sum':
      return e.of.flatMap(exprMeasures);
    case 'const':
      return [];
  }
}
