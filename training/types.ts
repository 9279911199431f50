import type { Frame } from '../core/index.ts';

/**
 * One decision tree as flat arrays (the artifact stores them as JSON number
 * arrays). Node 0 is the root. Node i is a leaf when `left[i] === -1`.
 * Routing: a row goes left when `x[feature] < threshold` (xgboost's rule), and
 * to the left child when the value is NaN and `missingLeft[i] === 1`.
 */
export interface TreeArrays {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly missingLeft: Uint8Array;
  /** Leaf value in margin space (internal nodes: cover-weighted mean of their leaves). */
  readonly value: Float64Array;
  /** Training weight (sum of hessians, or row count) reaching the node; TreeSHAP needs it. */
  readonly cover: Float64Array;
}

/** Link between margin (raw) space and response space. */
export type Link = 'identity' | 'logit' | 'log';

/**
 * A tree ensemble: margin(x) = baseScore + (averaging ? mean : sum) of tree outputs.
 * Used by the boosted trees (sum), the random forest (mean) and imported xgboost models.
 */
export interface TreeEnsemble {
  readonly trees: readonly TreeArrays[];
  readonly baseScore: number;
  readonly averaging: boolean;
  readonly link: Link;
  readonly nFeatures: number;
}

/** Additive decomposition of one margin: baseValue + Σ contributions = output. */
export interface Contributions {
  readonly baseValue: number;
  /** Per row, per feature (row-major: rows × nFeatures). */
  readonly values: Float64Array;
  readonly nFeatures: number;
  /** Margin output per row. */
  readonly output: Float64Array;
}

export type ModelKind = 'gbm' | 'forest' | 'ebm' | 'logistic';

/** A fitted, immutable model. */
export interface FittedModel {
  readonly kind: ModelKind;
  readonly featureNames: readonly string[];
  readonly link: Link;
  /** Raw (margin) scores; `offset` adds a per-row term (log exposure for Poisson). */
  predictMargin(X: Frame, offset?: Float64Array): Float64Array;
  /** Response-space predictions (probability, or rate/count through the link). */
  predict(X: Frame, offset?: Float64Array): Float64Array;
  /** Exact additive explanation in margin space. */
  contributions(X: Frame): Contributions;
  /** Plain JSON for the artifact (model tables or flat tree arrays). */
  toJSON(): unknown;
}
