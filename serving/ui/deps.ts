/**
 * What the web UI needs from the rest of zicht, as small functions. The lead
 * wires these to the real modules (token store, scorer, registry, card
 * renderer, training jobs); the UI itself holds no data and no rules about
 * scope: `listAreas` and `getArea` answer `null` for anything the principal may
 * not see, exactly as the API does.
 */
import type { Geometry } from 'geojson';

export type Lang = 'nl' | 'en';

import { ROLES, type Role } from '../auth/tokens.ts';
import { MODEL_STATUSES, type ModelStatus } from '../../training/index.ts';

export { ROLES, MODEL_STATUSES, type Role, type ModelStatus };

/** Who is logged in: a token's id (never the token), its role and municipality scope. */
export interface Principal {
  readonly tokenId: string;
  readonly role: Role;
  /** `GMxxxx` for a scoped marine or analyst; null when unscoped. */
  readonly municipality: string | null;
}

export const BANDS = ['hoog', 'verhoogd', 'gemiddeld', 'laag'] as const;
export type Band = (typeof BANDS)[number];

/** One area on the municipality map. Suppressed areas carry no score, band or rank. */
export interface MapArea {
  readonly code: string;
  readonly name: string;
  readonly level: 'gemeente' | 'wijk' | 'buurt';
  readonly population: number | null;
  readonly score: number | null;
  readonly band: Band | null;
  /** 1 = highest score within the municipality. */
  readonly rank: number | null;
  /** Below the disclosure threshold: drawn hatched, never scored. */
  readonly suppressed: boolean;
  readonly geometry: Geometry | null;
}

/** The map of one municipality as the principal may see it. */
export interface AreaMap {
  readonly gemeente: { readonly code: string; readonly name: string };
  readonly areas: readonly MapArea[];
  readonly synthetic: boolean;
  readonly modelVersion: string;
  readonly vintage: number;
}

export interface Contribution {
  readonly feature: string;
  /** Human label of the feature in the requested language. */
  readonly label: string;
  /** The area's value; null when missing or suppressed. */
  readonly value: number | null;
  readonly contribution: number;
}

/** One area's score with its explanation. */
export interface AreaDetail {
  readonly code: string;
  readonly name: string;
  readonly level: 'gemeente' | 'wijk' | 'buurt';
  readonly gemeente: { readonly code: string; readonly name: string };
  /** In the unit below: a probability, or expected registrations per 1,000 inhabitants. */
  readonly score: number;
  readonly unit: { readonly kind: 'probability' | 'rate-per-1000'; readonly label: string };
  /** What the score means, in the requested language. */
  readonly meaning: string;
  /** The version's verdict against its baselines, shown beside the score. */
  readonly verdict: {
    readonly status: 'beats-baselines' | 'no-better-than-baseline' | 'insufficient-evidence';
    readonly reasons: readonly string[];
  };
  /** Rank within the municipality (1 = highest). */
  readonly rank: { readonly position: number; readonly of: number };
  readonly band: Band;
  /** Interval around the score (contains it), and how it was made. */
  readonly interval: { readonly low: number; readonly high: number; readonly method: string };
  /** Previous periods, oldest first, ending with the current one. */
  readonly trend: readonly { readonly period: string; readonly score: number }[];
  /** Contributions in the model's output scale; baseValue + Σ contributions = the output. */
  readonly contributions: readonly Contribution[];
  readonly baseValue: number;
  /** Plain-language reasons, largest contribution first. */
  readonly reasons: readonly string[];
  readonly modelVersion: string;
  readonly vintage: number;
  readonly synthetic: boolean;
}

export interface ModelSummary {
  readonly name: string;
  readonly version: number;
  readonly status: ModelStatus;
  readonly createdAt: string;
  readonly kind: string;
  readonly synthetic: boolean;
}

/** A side-by-side comparison of two cards, one row per card field. */
export interface CardComparison {
  readonly a: { readonly name: string; readonly version: number };
  readonly b: { readonly name: string; readonly version: number };
  readonly rows: readonly { readonly label: string; readonly a: string; readonly b: string }[];
}

export const REVIEW_DECISIONS = ['approve', 'reject', 'request_changes'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface TrainingRun {
  readonly id: string;
  readonly configName: string;
  readonly status: RunStatus;
  /** In [0, 1]. */
  readonly progress: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** `name@version` registered by a successful run. */
  readonly modelVersion: string | null;
  readonly error: string | null;
}

export interface StoredConfig {
  readonly name: string;
  readonly description: string;
}

export interface QualityCheck {
  readonly name: string;
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
}

/** The data-quality report of one ingest. */
export interface QualityReport {
  readonly ingestId: string;
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
  /** Null when the municipality is unknown or outside the principal's scope (same answer). */
  listAreas(principal: Principal, gemeente: string): Maybe<AreaMap | null>;
  /** Null when the area is unknown, out of scope or suppressed (same answer for all three). */
  getArea(principal: Principal, code: string, lang: Lang): Maybe<AreaDetail | null>;
  listModels(): Maybe<readonly ModelSummary[]>;
  /** The card as an HTML fragment for the principal's scope, or null when the version is unknown. */
  getCardHtml(principal: Principal, name: string, version: number, lang: Lang): Maybe<string | null>;
  compareCards(
    principal: Principal,
    a: { name: string; version: number },
    b: { name: string; version: number },
    lang: Lang,
  ): Maybe<CardComparison | null>;
  /** Labels of the required card fields that are still empty. */
  missingCardFields(name: string, version: number): Maybe<readonly string[]>;
  /** Record a review; throws a ZichtError when a governance rule refuses it. Returns the new status. */
  review(
    principal: Principal,
    name: string,
    version: number,
    decision: ReviewDecision,
    rationale: string,
  ): Maybe<ModelStatus>;
  listTrainingRuns(): Maybe<readonly TrainingRun[]>;
  startTrainingRun(principal: Principal, configName: string): Maybe<{ readonly id: string }>;
  listStoredConfigs(): Maybe<readonly StoredConfig[]>;
  listQualityReports(): Maybe<readonly QualityReport[]>;
}
