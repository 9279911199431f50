import { BANDS, type AreaContribution, type AreaScore, type ScoreSet } from '../training/index.ts';

export { BANDS, type AreaScore, type ScoreSet };

/** What-if: changed indicator values → new score and contributions (computed by the model). */
export type WhatIf = (
  code: string,
  changes: Readonly<Record<string, number>>,
) => { margin: number; score: number; baseValue: number; contributions: AreaContribution[] };

/** The version being served, with an index by code. */
export interface ServingModel {
  readonly name: string;
  readonly version: number;
  readonly scores: ScoreSet;
  readonly byCode: ReadonlyMap<string, AreaScore>;
  readonly whatIf: WhatIf;
}

export function servingModel(scores: ScoreSet, whatIf: WhatIf): ServingModel {
  return {
    name: scores.model.name,
    version: scores.model.version,
    scores,
    byCode: new Map(scores.areas.map((a) => [a.code, a])),
    whatIf,
  };
}

/**
 * The production model, swapped atomically on promotion. A request reads
 * `current()` once and keeps that object, so in-flight requests finish on the
 * version they started with.
 */
export class ActiveModel {
  #current: ServingModel | null = null;
  current(): ServingModel | null {
    return this.#current;
  }
  swap(next: ServingModel | null): void {
    this.#current = next;
  }
}
