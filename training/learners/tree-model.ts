import { z } from 'zod';
import { ZichtError, type Frame } from '../../core/index.ts';
import type { Contributions, FittedModel, Link, TreeArrays, TreeEnsemble } from '../types.ts';
import { treeShap } from '../explain/tree-shap.ts';
import { applyLink, checkScoringFrame, parseModelJson } from './check-input.ts';

/** JSON shape of one flat tree. */
const treeJsonSchema = z
  .object({
    feature: z.array(z.number().int()),
    threshold: z.array(z.number()),
    left: z.array(z.number().int()),
    right: z.array(z.number().int()),
    missingLeft: z.array(z.number().int().min(0).max(1)),
    value: z.array(z.number()),
    cover: z.array(z.number().nonnegative()),
  })
  .strict();

/** JSON shape of a tree-ensemble model (gbm or forest). */
export const treeModelJsonSchema = z
  .object({
    kind: z.enum(['gbm', 'forest']),
    featureNames: z.array(z.string()).min(1),
    link: z.enum(['identity', 'logit', 'log']),
    baseScore: z.number(),
    averaging: z.boolean(),
    params: z.record(z.string(), z.unknown()),
    trees: z.array(treeJsonSchema),
  })
  .strict();

function treeToJson(t: TreeArrays): z.infer<typeof treeJsonSchema> {
  return {
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    left: Array.from(t.left),
    right: Array.from(t.right),
    missingLeft: Array.from(t.missingLeft),
    value: Array.from(t.value),
    cover: Array.from(t.cover),
  };
}

/** Rebuild typed arrays from tree JSON, checking that the arrays agree and children point forward. */
function treeFromJson(j: z.infer<typeof treeJsonSchema>, nFeatures: number, where: string): TreeArrays {
  const n = j.feature.length;
  for (const k of ['threshold', 'left', 'right', 'missingLeft', 'value', 'cover'] as const) {
    if (j[k].length !== n)
      throw new ZichtError('CORRUPT_ARTIFACT', `${where}.${k}: ${j[k].length} entries, expected ${n}`, {
        field: `${where}.${k}`,
      });
  }
  if (n === 0) throw new ZichtError('CORRUPT_ARTIFACT', `${where}: tree has no nodes`, { field: where });
  for (let i = 0; i < n; i++) {
    const l = j.left[i]!,
      r = j.right[i]!;
    if (l === -1) continue;
    if (l <= i || r <= i || l >= n || r >= n)
      throw new ZichtError('CORRUPT_ARTIFACT', `${where}.left/right[${i}]: child index out of range`, {
        field: `${where}.left`,
      });
    const f = j.feature[i]!;
    if (f < 0 || f >= nFeatures)
      throw new ZichtError('CORRUPT_ARTIFACT', `${where}.feature[${i}] = ${f}: no such feature`, {
        field: `${where}.feature`,
      });
  }
  return {
    feature: Int32Array.from(j.feature),
    threshold: Float64Array.from(j.threshold),
    left: Int32Array.from(j.left),
    right: Int32Array.from(j.right),
    missingLeft: Uint8Array.from(j.missingLeft),
    value: Float64Array.from(j.value),
    cover: Float64Array.from(j.cover),
  };
}

/** Margin of a tree ensemble for every row of a frame (column-major access, no row copies). */
export function ensembleMargin(ens: TreeEnsemble, X: Frame, offset?: Float64Array): Float64Array {
  const n = X.nRows;
  const out = new Float64Array(n);
  const cols = X.data;
  for (const t of ens.trees) {
    const { feature, threshold, left, right, missingLeft, value } = t;
    for (let i = 0; i < n; i++) {
      let nd = 0;
      while (left[nd] !== -1) {
        const v = cols[feature[nd]!]![i]!;
        nd = (v !== v ? missingLeft[nd] === 1 : v < threshold[nd]!) ? left[nd]! : right[nd]!;
      }
      out[i] = out[i]! + value[nd]!;
    }
  }
  const scale = ens.averaging ? 1 / Math.max(1, ens.trees.length) : 1;
  for (let i = 0; i < n; i++) out[i] = ens.baseScore + scale * out[i]! + (offset ? offset[i]! : 0);
  return out;
}

/** A fitted tree-ensemble model (boosted trees or a random forest). */
export class TreeEnsembleModel implements FittedModel {
  readonly kind: 'gbm' | 'forest';
  readonly featureNames: readonly string[];
  readonly link: Link;
  readonly ensemble: TreeEnsemble;
  readonly params: Readonly<Record<string, unknown>>;

  constructor(
    kind: 'gbm' | 'forest',
    featureNames: readonly string[],
    ensemble: TreeEnsemble,
    params: Readonly<Record<string, unknown>>,
  ) {
    this.kind = kind;
    this.featureNames = featureNames;
    this.link = ensemble.link;
    this.ensemble = ensemble;
    this.params = params;
  }

  predictMargin(X: Frame, offset?: Float64Array): Float64Array {
    checkScoringFrame(X, this.featureNames);
    return ensembleMargin(this.ensemble, X, offset);
  }

  predict(X: Frame, offset?: Float64Array): Float64Array {
    return applyLink(this.link, this.predictMargin(X, offset));
  }

  contributions(X: Frame): Contributions {
    checkScoringFrame(X, this.featureNames);
    return treeShap(this.ensemble, X);
  }

  toJSON(): z.infer<typeof treeModelJsonSchema> {
    const e = this.ensemble;
    return {
      kind: this.kind,
      featureNames: [...this.featureNames],
      link: e.link,
      baseScore: e.baseScore,
      averaging: e.averaging,
      params: { ...this.params },
      trees: e.trees.map(treeToJson),
    };
  }

  /** Load from `toJSON()` output; a damaged model is `CORRUPT_ARTIFACT` naming the field. */
  static fromJSON(json: unknown): TreeEnsembleModel {
    const j = parseModelJson(treeModelJsonSchema, json);
    const nF = j.featureNames.length;
    const trees = j.trees.map((t, i) => treeFromJson(t, nF, `model.trees.${i}`));
    return new TreeEnsembleModel(
      j.kind,
      j.featureNames,
      { trees, baseScore: j.baseScore, averaging: j.averaging, link: j.link, nFeatures: nF },
      j.params,
    );
  }
}
