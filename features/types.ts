import type { Frame } from '../core/index.ts';

/** CBS region levels. `land` is the national total row (NL00) some exports carry. */
export type AreaLevel = 'gemeente' | 'wijk' | 'buurt';

/** A region with a CBS code in one boundary vintage. */
export interface Area {
  /** `GM0363`, `WK036301`, `BU03630001` (trimmed, prefixed). */
  readonly code: string;
  readonly level: AreaLevel;
  /** Boundary year of the CBS code set. */
  readonly vintage: number;
  readonly name: string;
  /** Parent code (wijk for a buurt, gemeente for a wijk, null for a gemeente). */
  readonly parent: string | null;
  /** Inhabitants (KWB rounds to multiples of 5); null when unknown. */
  readonly population: number | null;
}

/** Provenance of a crime code's counts: found by enforcement, or reported by residents. */
export type LabelProvenance = 'discovered' | 'reported';

/** What to predict. */
export interface LabelSpec {
  /** 47018NED crime code without trailing space, e.g. `3.1.1` (drug trade). */
  readonly crimeCode: string;
  /** Label period = feature period + horizon (years); must be >= 1. */
  readonly horizon: number;
  /** `binary-top`: 1 for the top `topShare` of areas by rate; `count`: the count itself (with population exposure). */
  readonly target: 'binary-top' | 'count';
  /** For `binary-top`: share of areas flagged positive, e.g. 0.1. */
  readonly topShare?: number;
  /**
   * Add the lagged label as a model input: the crime code's registered rate per 1,000 in the
   * feature period, shrunk toward the gemeente's rate (never a count of the label period).
   */
  readonly lagFeature?: boolean;
}

/**
 * A leak-free training set: features of period t joined with labels of t + h.
 * Rows are (area, feature period) pairs; a dataset may stack several periods
 * (for temporal holdout), each row carrying its own period.
 */
export interface Dataset {
  /** Content hash of everything below: identifies the training data. */
  readonly hash: string;
  /** Hashes of the feature snapshots used. */
  readonly snapshotHashes: readonly string[];
  /** Ingested sources the labels were read from. */
  readonly labelSourceIds: readonly string[];
  /** True when any input is generated (the demo world). */
  readonly synthetic: boolean;
  readonly level: AreaLevel;
  readonly vintage: number;
  readonly label: LabelSpec;
  /** Feature views (name@version) the columns of `X` come from. */
  readonly featureViews: readonly { readonly name: string; readonly version: number }[];
  /** Row keys. */
  readonly areaCodes: readonly string[];
  /** Gemeente code of each row: the group for spatial cross-validation. */
  readonly groups: readonly string[];
  /** Feature period of each row (`2022JJ00`). */
  readonly periods: readonly string[];
  /** Label period of each row. */
  readonly labelPeriods: readonly string[];
  /** Inhabitants per row (exposure for count targets). */
  readonly population: Float64Array;
  /** Model inputs: non-protected features, NaN where missing or suppressed. */
  readonly X: Frame;
  /** Target per row: 0/1 for `binary-top`, counts for `count`. */
  readonly y: Float64Array;
  /** Raw label counts per row (also for binary targets), for evaluation and baselines. */
  readonly counts: Float64Array;
  /** Protected attributes per row: audited for fairness, never model inputs by default. */
  readonly protectedAttributes: Frame;
  /** Codes that changed between the feature and label vintages (reported, never silently dropped). */
  readonly unmatched: { readonly featureOnly: readonly string[]; readonly labelOnly: readonly string[] };
}
