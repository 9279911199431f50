/**
 * What the web UI needs from the rest of zicht, as small functions. The lead
 * wires these to the real modules (token store, scorer, registry, card
 * renderer, training jobs); the UI itself holds no data and no rules about
 * scope: `listAreas` and `getArea` answer `null` for anything the principal may
 * not see, exactly as the API does.
 */
import type { Geometry } from 'geojson';

export type Lang = 'nl' | 'en';

import type { Role } from '../auth/tokens.ts';
import { MODEL_STATUSES, type ModelStatus } from '../../training/index.ts';
import { REQUIRED_GOVERNANCE_FIELDS } from '../../model-cards/index.ts';

export { MODEL_STATUSES, REQUIRED_GOVERNANCE_FIELDS, type Role, type ModelStatus };

/** Who is logged in: a token's id (never the token), its role and municipality scope. */
export interface Principal {
  readonly tokenId: string;
  readonly role: Role;
  /** `GMxxxx` for a scoped marine or analyst; null when unscoped. */
  readonly municipality: string | null;
}

export const BANDS = ['hoog', 'verhoogd', 'gemiddeld', 'laag'] as const;
export type Band = (typeof BANDS)[number];

/** A reference to a model version. */
interface ModelRef {
  readonly name: string;
  readonly version: number;
}

const VERDICTS = ['beats-baselines', 'no-better-than-baseline', 'insufficient-evidence'] as const;
export type VerdictStatus = (typeof VERDICTS)[number];

/** The unit of a version's scores: a probability, or expected registrations per 1,000 inhabitants. */
export interface ScoreUnit {
  readonly kind: 'probability' | 'rate-per-1000';
  /** The unit's name in the requested language. */
  readonly label: string;
}

/** Band thresholds on the score, multiples of `reference` (the average). */
export interface BandThresholds {
  readonly hoog: number;
  readonly verhoogd: number;
  readonly gemiddeld: number;
  readonly reference: number;
}

/** What every page with a score says about the version behind it. */
export interface ScoreContext {
  readonly model: ModelRef;
  /** One sentence: what the score is for this version's target, in the requested language. */
  readonly meaning: string;
  readonly unit: ScoreUnit;
  /** The version's verdict against its baselines (its figures are on the model card). */
  readonly verdict: VerdictStatus;
  readonly bands: BandThresholds;
  /** How each area's interval was made, in the requested language. */
  readonly intervalMethod: string;
  /** The indicator period the scores are computed from (`2024JJ00`). */
  readonly period: string;
  readonly vintage: number;
  readonly synthetic: boolean;
}

/** One area on the municipality map. Suppressed areas carry no score, band, rank or interval. */
export interface MapArea {
  readonly code: string;
  readonly name: string;
  readonly level: 'gemeente' | 'wijk' | 'buurt';
  readonly population: number | null;
  readonly score: number | null;
  readonly band: Band | null;
  /** 1 = highest score within the municipality. */
  readonly rank: number | null;
  readonly interval: { readonly low: number; readonly high: number } | null;
  /** Below the disclosure threshold: drawn hatched, never scored. */
  readonly suppressed: boolean;
  readonly geometry: Geometry | null;
}

/** The map of one municipality as the principal may see it. */
export interface AreaMap {
  readonly gemeente: { readonly code: string; readonly name: string };
  readonly areas: readonly MapArea[];
  readonly context: ScoreContext;
}

/** One indicator's part in an area's score. */
export interface Contribution {
  readonly feature: string;
  /** Human label of the indicator in the requested language. */
  readonly label: string;
  /** The area's value with its unit ("62%"); null when missing or withheld. */
  readonly value: string | null;
  /** In the model's own scale (log-odds or log-rate): what the model adds up. */
  readonly contribution: number;
  /**
   * In the score's unit: how much the score moves when this indicator is added, the indicators
   * taken largest first from an area with average values; the effects add up to the score.
   */
  readonly effect: number;
}

/** A plain sentence about one indicator and the direction it moves the score. */
export interface Reason {
  readonly direction: 'up' | 'down';
  readonly text: string;
}

/** One area's score with its explanation. */
export interface AreaDetail {
  readonly code: string;
  readonly name: string;
  readonly level: 'gemeente' | 'wijk' | 'buurt';
  readonly gemeente: { readonly code: string; readonly name: string };
  readonly context: ScoreContext;
  /** In the context's unit. */
  readonly score: number;
  readonly band: Band;
  /** Rank within the municipality (1 = highest). */
  readonly rank: { readonly position: number; readonly of: number };
  /** Around the score (contains it), made as `context.intervalMethod` says. */
  readonly interval: { readonly low: number; readonly high: number };
  /** The scores this version holds for the area, oldest first, ending with the current period. */
  readonly trend: readonly { readonly period: string; readonly score: number }[];
  /** The score of an area with average indicator values, in the score's unit (where the effects start). */
  readonly baseScore: number;
  /** Largest first. */
  readonly contributions: readonly Contribution[];
  /** Plain reasons, largest first: what raises and what lowers the score. */
  readonly reasons: readonly Reason[];
}

/** A municipality the principal may open. */
export interface Municipality {
  readonly code: string;
  readonly name: string;
}

export interface ModelSummary {
  readonly name: string;
  readonly version: number;
  readonly status: ModelStatus;
  readonly createdAt: string;
  readonly kind: string;
  readonly synthetic: boolean;
  readonly verdict: VerdictStatus | null;
}

/** An estimate with its interval. */
export interface Estimate {
  readonly estimate: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

/** Two versions side by side: summary rows, disparity per group, and what changed with why. */
export interface CardComparison {
  readonly a: ModelSummary;
  readonly b: ModelSummary;
  /** One row per measure, labels and values already in the requested language. */
  readonly rows: readonly { readonly label: string; readonly a: string; readonly b: string }[];
  /** The agreed band for disparity ratios (0.8–1.25). */
  readonly fairnessBand: readonly [number, number];
  /** Flag-rate ratio per audited group, in plain words. */
  readonly disparity: readonly {
    readonly group: string;
    readonly reference: string;
    readonly a: (Estimate & { readonly inBand: boolean }) | null;
    readonly b: (Estimate & { readonly inBand: boolean }) | null;
  }[];
  /** What changed and why it matters, in the requested language. */
  readonly changes: readonly { readonly what: string; readonly why: string }[];
}

/** The areas (of the principal's scope) whose band differs between two versions. */
export interface BandChanges {
  /** How many shown areas both versions scored (within scope). */
  readonly compared: number;
  readonly areas: readonly {
    readonly code: string;
    readonly name: string;
    readonly gemeente: string;
    /** Null: the version does not score this area. */
    readonly a: Band | null;
    readonly b: Band | null;
  }[];
}

export const REVIEW_DECISIONS = ['approve', 'reject', 'request_changes'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Gate conditions an approving ethics board may explicitly override (with a rationale; shown on the card). */
export const GATE_OVERRIDES = ['verdict', 'success-criteria', 'fairness'] as const;
export type GateOverride = (typeof GATE_OVERRIDES)[number];

type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** A training run: started here, or a version registered from the command line. */
export interface TrainingRun {
  readonly id: string;
  /** `ui`: started from this UI or the API; `cli`: a version registered by `zicht train`. */
  readonly origin: 'ui' | 'cli';
  readonly configName: string | null;
  readonly status: RunStatus;
  /** In [0, 1]. */
  readonly progress: number;
  /** The pipeline stage the run reported last (`cross-validation`), or null. */
  readonly stage: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** Who started it (a token's name, or the CLI's `--by`). */
  readonly startedBy: string | null;
  /** The version a successful run registered. */
  readonly model: ModelRef | null;
  readonly verdict: VerdictStatus | null;
  readonly metrics: Readonly<Record<string, number>>;
  readonly error: string | null;
}

export interface StoredConfig {
  readonly name: string;
  readonly description: string;
}

/** One data-quality check; the UI words it from its kind and figures. */
export interface QualityCheck {
  readonly kind: 'areas' | 'missing' | 'out-of-range' | 'unmatched';
  /** The measure it is about (a StatLine title), when it is about one. */
  readonly measure: string | null;
  readonly status: 'ok' | 'warn' | 'fail';
  /** areas: count per level; missing: `missing`, `suppressed` shares; out-of-range / unmatched: `count`. */
  readonly figures: Readonly<Record<string, number>>;
}

/** The data-quality report of one ingest. */
export interface QualityReport {
  readonly ingestId: string;
  /** The file's name only, never a path on the server. */
  readonly source: string;
  readonly period: string;
  readonly createdAt: string;
  readonly rows: number;
  readonly checks: readonly QualityCheck[];
}

type Maybe<T> = T | Promise<T>;

/**
 * The functions the UI calls. Every function may be sync or async. Functions
 * that take a principal enforce role and scope themselves; the UI also hides
 * pages a role has no use for (see `permissions.ts`).
 */
export interface UiDeps {
  /** The principal for a bearer token, or null when unknown, revoked or expired. */
  authenticate(token: string): Maybe<Principal | null>;
  /** Whether a token is still active (checked on every page: revoking ends its sessions). */
  isActive(tokenId: string): Maybe<boolean>;
  /** The name of a municipality code, or null when unknown. */
  municipalityName(code: string): Maybe<string | null>;
  /** The municipalities the principal may open (their own for a scoped role), by name. */
  listMunicipalities(principal: Principal): Maybe<readonly Municipality[]>;
  /** Null when the municipality is unknown or outside the principal's scope (same answer). Audited. */
  listAreas(principal: Principal, gemeente: string, lang: Lang): Maybe<AreaMap | null>;
  /** The same list for the CSV export, audited as an export under the same scope rule. */
  exportAreas(principal: Principal, gemeente: string, lang: Lang): Maybe<AreaMap | null>;
  /** Null when the area is unknown, out of scope or suppressed (same answer for all three). */
  getArea(principal: Principal, code: string, lang: Lang): Maybe<AreaDetail | null>;
  listModels(): Maybe<readonly ModelSummary[]>;
  /**
   * The model page's card, from one reading of it: the card as an HTML fragment (no document
   * around it) for the principal's scope, the required card fields still empty, and the gate
   * conditions the version fails (what an approval would have to override); null when unknown.
   */
  getModelCard(
    principal: Principal,
    name: string,
    version: number,
    lang: Lang,
  ): Maybe<{
    readonly html: string;
    readonly missing: readonly string[];
    readonly failures: readonly GateOverride[];
  } | null>;
  /** Two different versions side by side; null when either is unknown. */
  compareCards(principal: Principal, a: ModelRef, b: ModelRef, lang: Lang): Maybe<CardComparison | null>;
  /** The areas in the principal's scope whose band differs between two versions; audited. */
  compareBands(principal: Principal, a: ModelRef, b: ModelRef): Maybe<BandChanges | null>;
  /** Record a review; throws a ZichtError when a governance rule refuses it. Returns the new status. */
  review(
    principal: Principal,
    name: string,
    version: number,
    decision: ReviewDecision,
    rationale: string,
    overrides: readonly GateOverride[],
  ): Maybe<ModelStatus>;
  /** Runs started here and versions registered from the command line, newest first. */
  listTrainingRuns(): Maybe<readonly TrainingRun[]>;
  getTrainingRun(id: string): Maybe<TrainingRun | null>;
  startTrainingRun(principal: Principal, configName: string): Maybe<{ readonly id: string }>;
  listStoredConfigs(): Maybe<readonly StoredConfig[]>;
  listQualityReports(): Maybe<readonly QualityReport[]>;
}
