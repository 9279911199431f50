import type { Principal } from './auth/tokens.ts';

/** A model version as the API shows it. */
export interface ModelSummary {
  readonly name: string;
  readonly version: number;
  readonly status: string;
  readonly createdAt: string;
  readonly kind: string;
  readonly dataHash: string;
  readonly artifactHash: string;
  readonly synthetic: boolean;
  readonly metrics: Readonly<Record<string, number>>;
}

type ReviewDecision = 'approve' | 'reject' | 'request-changes';

/** Model registry and governance, implemented on training/ and model-cards/. */
export interface ModelsPort {
  list(): ModelSummary[];
  get(name: string, version: number): ModelSummary;
  /**
   * The card in a format (JSON object, Markdown or HTML text) for a reader's scope, with the area
   * codes it shows (for the audit log).
   */
  card(
    name: string,
    version: number,
    format: 'json' | 'md' | 'html',
    lang: 'nl' | 'en',
    scope: { readonly municipality: string | null },
  ):
    | Promise<{ readonly body: unknown; readonly areas: string[] }>
    | { readonly body: unknown; readonly areas: string[] };
  review(principal: Principal, name: string, version: number, decision: ReviewDecision, rationale: string): unknown;
  /** Promote to production; the caller then hot-swaps the served model. */
  promote(principal: Principal, name: string, version: number): unknown;
}

export interface TrainingRunStatus {
  readonly id: string;
  readonly status: 'queued' | 'running' | 'succeeded' | 'failed';
  readonly progress: number;
  readonly message: string;
  readonly config: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly result: { readonly name: string; readonly version: number; readonly verdict?: string } | null;
}

/** Background training jobs. */
export interface TrainingPort {
  configs(): string[];
  start(principal: Pick<Principal, 'tokenId'>, config: string): TrainingRunStatus;
  get(id: string): TrainingRunStatus;
  list(): TrainingRunStatus[];
}
