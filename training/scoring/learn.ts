import { z } from 'zod';
import { takeRows, type Frame } from '../../core/index.ts';
import { fitIsotonic, fitPlatt, groupedKFold, loadCalibrator } from '../validation/index.ts';
import { fitModel } from '../learners/index.ts';
import type { FittedModel, ModelKind } from '../types.ts';

/** Fold index per row from grouped k-fold by municipality (no gemeente in both train and validation). */
export function groupFolds(groups: readonly string[], k: number, seed: number): Int32Array {
  const fold = new Int32Array(groups.length).fill(-1);
  groupedKFold(groups, k, seed).forEach((f, j) => {
    for (const i of f.validation) fold[i] = j;
  });
  return fold;
}

/**
 * Fit on some rows. Boosting stops early on a validation split drawn from the
 * training rows' own municipalities (never from the rows being evaluated).
 */
export function fit(
  kind: ModelKind,
  data: { readonly X: Frame; readonly y: Float64Array; readonly groups: readonly string[] },
  rows: readonly number[],
  params: Readonly<Record<string, unknown>>,
  seed: number,
  offset?: Float64Array,
): FittedModel {
  const X = takeRows(data.X, rows);
  const y = Float64Array.from(rows, (i) => data.y[i]!);
  const off = offset ? Float64Array.from(rows, (i) => offset[i]!) : undefined;
  const p = { ...params, ...(offset && kind === 'gbm' ? { objective: 'poisson' } : {}) };
  if (kind !== 'gbm') return fitModel(kind, { X, y, ...(off ? { offset: off } : {}) }, p, { seed });
  const inner = groupFolds(
    rows.map((i) => data.groups[i]!),
    6,
    seed + 1000,
  );
  const tr = [...inner.keys()].filter((i) => inner[i] !== 0),
    va = [...inner.keys()].filter((i) => inner[i] === 0);
  const part = (idx: number[]) => ({
    X: takeRows(X, idx),
    y: Float64Array.from(idx, (i) => y[i]!),
    ...(off ? { offset: Float64Array.from(idx, (i) => off[i]!) } : {}),
  });
  return fitModel(kind, part(tr), p, { seed, validation: part(va) });
}

/** Maps a model margin to a calibrated probability (or, uncalibrated, applies the link). */
export interface Calibrator {
  apply(margin: Float64Array): Float64Array;
  toJSON(): unknown;
}

function linkOnly(link: 'identity' | 'logit' | 'log'): Calibrator {
  return {
    apply: (m) => m.map((v) => (link === 'logit' ? 1 / (1 + Math.exp(-v)) : link === 'log' ? Math.exp(v) : v)),
    toJSON: () => ({ method: 'none', link }),
  };
}

/** Load a calibrator stored in an artifact (`{method: 'none', link}` or a Platt / isotonic calibrator). */
export function loadJobCalibrator(json: unknown, link: 'identity' | 'logit' | 'log'): Calibrator {
  if (json === null || (typeof json === 'object' && (json as { method?: unknown }).method === 'none'))
    return linkOnly(link);
  return loadCalibrator(json);
}

/** Fit a calibrator on out-of-fold margins (never on the training fit). */
export function calibrate(
  method: 'platt' | 'isotonic' | 'none',
  margin: Float64Array,
  y: Float64Array,
  link: 'identity' | 'logit' | 'log',
): Calibrator {
  if (method === 'none') return linkOnly(link);
  return method === 'platt' ? fitPlatt(margin, y) : fitIsotonic(margin, y);
}

/** The link of a model kind: forests average probabilities; boosted and additive models use logit (log for counts). */
export function linkOf(kind: string, count: boolean): 'identity' | 'logit' | 'log' {
  return count ? 'log' : kind === 'forest' ? 'identity' : 'logit';
}

/** The method of a stored calibrator: `platt`, `isotonic` or `none` (the link only). */
export function calibrationMethod(json: unknown): 'platt' | 'isotonic' | 'none' {
  const r = z.object({ kind: z.enum(['platt', 'isotonic']) }).safeParse(json);
  return r.success ? r.data.kind : 'none';
}
