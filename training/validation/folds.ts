import { createRng, shuffleInPlace, ZichtError } from '../../core/index.ts';

/** One train/validation split as row indices (ascending). */
export interface Fold {
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
}

/**
 * Grouped k-fold: every group (e.g. gemeente code) lands in exactly one validation fold,
 * so no group is in both train and validation. Groups are shuffled with the seed and then
 * assigned largest-first to the currently smallest fold, which balances fold sizes.
 */
export function groupedKFold(groups: readonly string[], k: number, seed: number): Fold[] {
  if (!Number.isInteger(k) || k < 2)
    throw new ZichtError('BAD_ARGUMENT', `k must be an integer ≥ 2, got ${k}`, { field: 'k' });
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const rows = byGroup.get(g);
    if (rows) rows.push(i);
    else byGroup.set(g, [i]);
  });
  if (byGroup.size < k) {
    throw new ZichtError('BAD_DATA', `grouped ${k}-fold needs at least ${k} groups, found ${byGroup.size}`, {
      field: 'groups',
    });
  }
  const names = [...byGroup.keys()].sort();
  const order = shuffleInPlace(
    Uint32Array.from(names, (_, i) => i),
    createRng(seed),
  );
  // stable sort by size descending keeps the shuffled order among equal sizes
  const ordered = Array.from(order, (i) => names[i]!).sort((a, b) => byGroup.get(b)!.length - byGroup.get(a)!.length);
  const foldOf = new Map<string, number>();
  const sizes = new Array<number>(k).fill(0);
  for (const g of ordered) {
    let best = 0;
    for (let f = 1; f < k; f++) if (sizes[f]! < sizes[best]!) best = f;
    foldOf.set(g, best);
    sizes[best]! += byGroup.get(g)!.length;
  }
  return Array.from({ length: k }, (_, f) => {
    const tr: number[] = [],
      va: number[] = [];
    groups.forEach((g, i) => {
      (foldOf.get(g) === f ? va : tr).push(i);
    });
    return { train: Uint32Array.from(tr), validation: Uint32Array.from(va) };
  });
}

/**
 * Temporal holdout: train on rows with period ≤ t, test on rows of period t + 1
 * (features of one year predicting the next). Both sides must be non-empty.
 */
export function temporalHoldout(periods: ArrayLike<number>, t: number): Fold {
  const tr: number[] = [],
    te: number[] = [];
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i]!;
    if (p <= t) tr.push(i);
    else if (p === t + 1) te.push(i);
  }
  if (tr.length === 0)
    throw new ZichtError('BAD_DATA', `temporal holdout: no rows with period ≤ ${t}`, { field: 'periods' });
  if (te.length === 0)
    throw new ZichtError('BAD_DATA', `temporal holdout: no rows with period ${t + 1}`, { field: 'periods' });
  return { train: Uint32Array.from(tr), validation: Uint32Array.from(te) };
}

/**
 * Out-of-fold predictions: `fitPredict(trainRows, validationRows)` returns the margins
 * for the validation rows; every row gets the prediction of the fold that held it out.
 */
export function outOfFold(
  nRows: number,
  folds: readonly Fold[],
  fitPredict: (train: Uint32Array, validation: Uint32Array) => Float64Array,
): Float64Array {
  const out = new Float64Array(nRows).fill(NaN);
  for (const f of folds) {
    const pred = fitPredict(f.train, f.validation);
    f.validation.forEach((r, i) => {
      out[r] = pred[i]!;
    });
  }
  return out;
}
