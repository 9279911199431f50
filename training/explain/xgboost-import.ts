import { z } from 'zod';
import { ZichtError } from '../../core/index.ts';
import type { Link, TreeArrays, TreeEnsemble } from '../types.ts';

const xgbTree = z.object({
  left_children: z.array(z.number().int()),
  right_children: z.array(z.number().int()),
  split_indices: z.array(z.number().int().nonnegative()),
  split_conditions: z.array(z.number()),
  default_left: z.array(z.union([z.number(), z.boolean()])),
  sum_hessian: z.array(z.number()),
});
const xgbModel = z.object({
  learner: z.object({
    learner_model_param: z.object({ base_score: z.string(), num_feature: z.string() }),
    objective: z.object({ name: z.string() }),
    gradient_booster: z.object({ model: z.object({ trees: z.array(xgbTree) }) }),
  }),
});

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The largest float32 below a float32 value. */
function prevFloat32(t: number): number {
  f32[0] = t;
  if (t > 0) u32[0] = u32[0]! - 1;
  else if (t < 0) u32[0] = u32[0]! + 1;
  else u32[0] = 0x80000001; // −(smallest subnormal)
  return f32[0]!;
}

function isEvenFloat32(v: number): boolean {
  f32[0] = v;
  return (u32[0]! & 1) === 0;
}

function nextUp(v: number): number {
  if (v === 0) return Number.MIN_VALUE;
  f64[0] = v;
  u64[0] = v > 0 ? u64[0]! + 1n : u64[0]! - 1n;
  return f64[0]!;
}

/**
 * xgboost converts inputs to float32 and goes left when `float32(x) < t`. Return the
 * double threshold d with `x < d` ⇔ `float32(x) < t` for every double x, so that the
 * imported tree routes exactly like xgboost under our `x < threshold` rule:
 * float32(x) < t ⇔ float32(x) ≤ p (p = previous float32) ⇔ x below the midpoint m of
 * p and t, or x = m when the tie rounds to p (ties go to the even mantissa).
 */
export function float32Threshold(t: number): number {
  const tf = Math.fround(t);
  if (!Number.isFinite(tf)) return tf;
  const p = prevFloat32(tf);
  if (!Number.isFinite(p)) return tf;
  const m = p + (tf - p) / 2; // exact in double: float32 neighbours differ in few bits
  return isEvenFloat32(p) ? nextUp(m) : m;
}

/**
 * Import an xgboost model saved with `save_model('m.json')` (binary:logistic,
 * reg:squarederror, count:poisson) as a `TreeEnsemble`. Nodes are renumbered
 * breadth-first so children follow parents; covers are the `sum_hessian`; internal
 * values are recomputed as cover-weighted means of the leaves (what xgboost's own
 * TreeSHAP uses); `base_score` is moved to margin space through the objective's link.
 */
export function importXgboostJson(json: unknown): TreeEnsemble {
  const r = xgbModel.safeParse(json);
  if (!r.success) {
    const field = r.error.issues[0]!.path.join('.');
    throw new ZichtError('CORRUPT_ARTIFACT', `xgboost model: field '${field}': ${r.error.issues[0]!.message}`, {
      field,
    });
  }
  const L = r.data.learner;
  const objective = L.objective.name;
  const base = Number(L.learner_model_param.base_score);
  let link: Link, baseScore: number;
  if (objective === 'binary:logistic') {
    link = 'logit';
    baseScore = Math.log(base / (1 - base));
  } else if (objective === 'count:poisson') {
    link = 'log';
    baseScore = Math.log(base);
  } else if (objective === 'reg:squarederror') {
    link = 'identity';
    baseScore = base;
  } else
    throw new ZichtError(
      'CORRUPT_ARTIFACT',
      `xgboost objective '${objective}' is not supported (binary:logistic, count:poisson, reg:squarederror)`,
      { field: 'learner.objective.name' },
    );
  const nFeatures = Number(L.learner_model_param.num_feature);
  const trees = L.gradient_booster.model.trees.map((t, k) => convertTree(t, k));
  return { trees, baseScore, averaging: false, link, nFeatures };
}

function convertTree(t: z.infer<typeof xgbTree>, k: number): TreeArrays {
  const n = t.left_children.length;
  for (const key of ['right_children', 'split_indices', 'split_conditions', 'default_left', 'sum_hessian'] as const) {
    if (t[key].length !== n)
      throw new ZichtError(
        'CORRUPT_ARTIFACT',
        `xgboost tree ${k}: ${key} has ${t[key].length} entries, expected ${n}`,
        { field: `trees.${k}.${key}` },
      );
  }
  // breadth-first renumbering: new id per old id
  const order: number[] = [0];
  for (let q = 0; q < order.length; q++) {
    const o = order[q]!;
    const l = t.left_children[o]!;
    if (l !== -1) order.push(l, t.right_children[o]!);
    if (order.length > n)
      throw new ZichtError('CORRUPT_ARTIFACT', `xgboost tree ${k}: child links form a cycle`, {
        field: `trees.${k}.left_children`,
      });
  }
  const newId = new Int32Array(n).fill(-1);
  order.forEach((o, i) => {
    newId[o] = i;
  });
  const m = order.length;
  const feature = new Int32Array(m),
    threshold = new Float64Array(m),
    left = new Int32Array(m),
    right = new Int32Array(m);
  const missingLeft = new Uint8Array(m),
    value = new Float64Array(m),
    cover = new Float64Array(m);
  order.forEach((o, i) => {
    cover[i] = t.sum_hessian[o]!;
    const l = t.left_children[o]!;
    if (l === -1) {
      feature[i] = -1;
      left[i] = -1;
      right[i] = -1;
      value[i] = Math.fround(t.split_conditions[o]!);
    } else {
      feature[i] = t.split_indices[o]!;
      threshold[i] = float32Threshold(t.split_conditions[o]!);
      left[i] = newId[l]!;
      right[i] = newId[t.right_children[o]!]!;
      const d = t.default_left[o]!;
      missingLeft[i] = d === true || d === 1 ? 1 : 0;
    }
  });
  for (let i = m - 1; i >= 0; i--) {
    if (left[i] === -1) continue;
    const l = left[i]!,
      rr = right[i]!;
    const c = cover[l]! + cover[rr]!;
    value[i] = c > 0 ? (value[l]! * cover[l]! + value[rr]! * cover[rr]!) / c : (value[l]! + value[rr]!) / 2;
  }
  return { feature, threshold, left, right, missingLeft, value, cover };
}
