import { z } from 'zod';
import { ZichtError, type Frame } from '../../core/index.ts';
import type { Contributions, FittedModel, Link } from '../types.ts';
import { binOf, MISSING_BIN } from './binning.ts';
import { applyLink, checkScoringFrame, parseModelJson } from './check-input.ts';

/** One main-effect term: score per value bin, the last entry for a missing value. */
export interface EbmMainTerm {
  readonly feature: number;
  readonly cuts: Float64Array;
  readonly scores: Float64Array;
}

/** One pair term: a 2-D table (rows: bins of A + missing, columns: bins of B + missing). */
export interface EbmPairTerm {
  readonly features: readonly [number, number];
  readonly cutsA: Float64Array;
  readonly cutsB: Float64Array;
  readonly scores: Float64Array;
}

/** Global explanation of one term: the score for each bin (the shape function). */
export interface ShapeFunction {
  readonly term: string;
  readonly features: readonly string[];
  /** Bin edges of each feature (a value v falls in bin = number of cuts ≤ v). */
  readonly cuts: readonly (readonly number[])[];
  /** Main term: score per bin then missing; pair term: row-major (A bins + missing) × (B bins + missing). */
  readonly scores: readonly number[];
}

const mainJson = z
  .object({ feature: z.number().int().nonnegative(), cuts: z.array(z.number()), scores: z.array(z.number()) })
  .strict();
const pairJson = z
  .object({
    features: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
    cutsA: z.array(z.number()),
    cutsB: z.array(z.number()),
    scores: z.array(z.number()),
  })
  .strict();
/** JSON shape of an EBM: cut points, score tables and the intercept. */
export const ebmModelJsonSchema = z
  .object({
    kind: z.literal('ebm'),
    featureNames: z.array(z.string()).min(1),
    link: z.enum(['logit', 'log']),
    intercept: z.number(),
    mains: z.array(mainJson),
    pairs: z.array(pairJson),
    params: z.record(z.string(), z.unknown()),
  })
  .strict();

function cell(cuts: Float64Array, v: number): number {
  const b = binOf(cuts, v);
  return b === MISSING_BIN ? cuts.length + 1 : b;
}

/**
 * A fitted explainable boosting machine: margin = intercept + Σ main-term scores +
 * Σ pair-term scores, each a table lookup. `contributions` are the term scores
 * themselves, exact by construction; a pair term's score is split equally between
 * its two features so that the contributions stay per feature and still sum to the margin.
 */
export class EbmModel implements FittedModel {
  readonly kind = 'ebm' as const;
  readonly featureNames: readonly string[];
  readonly link: Link;
  readonly intercept: number;
  readonly mains: readonly EbmMainTerm[];
  readonly pairs: readonly EbmPairTerm[];
  readonly params: Readonly<Record<string, unknown>>;

  constructor(
    featureNames: readonly string[],
    link: 'logit' | 'log',
    intercept: number,
    mains: readonly EbmMainTerm[],
    pairs: readonly EbmPairTerm[],
    params: Readonly<Record<string, unknown>>,
  ) {
    this.featureNames = featureNames;
    this.link = link;
    this.intercept = intercept;
    this.mains = mains;
    this.pairs = pairs;
    this.params = params;
  }

  predictMargin(X: Frame, offset?: Float64Array): Float64Array {
    const c = this.contributions(X);
    const out = c.output;
    if (offset) for (let i = 0; i < out.length; i++) out[i] = out[i]! + offset[i]!;
    return out;
  }

  predict(X: Frame, offset?: Float64Array): Float64Array {
    return applyLink(this.link, this.predictMargin(X, offset));
  }

  contributions(X: Frame): Contributions {
    checkScoringFrame(X, this.featureNames);
    const n = X.nRows,
      nF = this.featureNames.length;
    const values = new Float64Array(n * nF);
    for (const t of this.mains) {
      const col = X.data[t.feature]!;
      for (let i = 0; i < n; i++)
        values[i * nF + t.feature] = values[i * nF + t.feature]! + t.scores[cell(t.cuts, col[i]!)]!;
    }
    for (const t of this.pairs) {
      const [a, b] = t.features;
      const ca = X.data[a]!,
        cb = X.data[b]!;
      const width = t.cutsB.length + 2;
      for (let i = 0; i < n; i++) {
        const half = t.scores[cell(t.cutsA, ca[i]!) * width + cell(t.cutsB, cb[i]!)]! / 2;
        values[i * nF + a] = values[i * nF + a]! + half;
        values[i * nF + b] = values[i * nF + b]! + half;
      }
    }
    const output = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = this.intercept;
      for (let j = 0; j < nF; j++) s += values[i * nF + j]!;
      output[i] = s;
    }
    return { baseValue: this.intercept, values, nFeatures: nF, output };
  }

  /** Shape function of every term (mains first, then pairs) for global explanation. */
  shapeFunctions(): ShapeFunction[] {
    const names = this.featureNames;
    return [
      ...this.mains.map((t) => ({
        term: names[t.feature]!,
        features: [names[t.feature]!],
        cuts: [Array.from(t.cuts)],
        scores: Array.from(t.scores),
      })),
      ...this.pairs.map((t) => ({
        term: `${names[t.features[0]]} × ${names[t.features[1]]}`,
        features: [names[t.features[0]]!, names[t.features[1]]!],
        cuts: [Array.from(t.cutsA), Array.from(t.cutsB)],
        scores: Array.from(t.scores),
      })),
    ];
  }

  toJSON(): z.infer<typeof ebmModelJsonSchema> {
    return {
      kind: 'ebm',
      featureNames: [...this.featureNames],
      link: this.link === 'log' ? 'log' : 'logit',
      intercept: this.intercept,
      mains: this.mains.map((t) => ({ feature: t.feature, cuts: Array.from(t.cuts), scores: Array.from(t.scores) })),
      pairs: this.pairs.map((t) => ({
        features: [t.features[0], t.features[1]],
        cutsA: Array.from(t.cutsA),
        cutsB: Array.from(t.cutsB),
        scores: Array.from(t.scores),
      })),
      params: { ...this.params },
    };
  }

  /** Load from `toJSON()` output; a damaged model is `CORRUPT_ARTIFACT` naming the field. */
  static fromJSON(json: unknown): EbmModel {
    const j = parseModelJson(ebmModelJsonSchema, json);
    const nF = j.featureNames.length;
    const bad = (field: string, msg: string): never => {
      throw new ZichtError('CORRUPT_ARTIFACT', `field '${field}': ${msg}`, { field });
    };
    const mains = j.mains.map((t, k) => {
      if (t.feature >= nF) bad(`model.mains.${k}.feature`, `no feature ${t.feature}`);
      if (t.scores.length !== t.cuts.length + 2)
        bad(
          `model.mains.${k}.scores`,
          `${t.scores.length} scores for ${t.cuts.length} cuts (expected ${t.cuts.length + 2})`,
        );
      return { feature: t.feature, cuts: Float64Array.from(t.cuts), scores: Float64Array.from(t.scores) };
    });
    const pairs = j.pairs.map((t, k) => {
      if (t.features[0] >= nF || t.features[1] >= nF) bad(`model.pairs.${k}.features`, 'feature index out of range');
      const expect = (t.cutsA.length + 2) * (t.cutsB.length + 2);
      if (t.scores.length !== expect) bad(`model.pairs.${k}.scores`, `${t.scores.length} scores, expected ${expect}`);
      return {
        features: t.features,
        cutsA: Float64Array.from(t.cutsA),
        cutsB: Float64Array.from(t.cutsB),
        scores: Float64Array.from(t.scores),
      } as const;
    });
    return new EbmModel(j.featureNames, j.link, j.intercept, mains, pairs, j.params);
  }
}
