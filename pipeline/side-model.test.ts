import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFrame, createRng, isZichtError } from '../core/index.ts';
import { groupFolds } from '../training/index.ts';
import { fitSideModel, fitSideModelInWorker, type SideModelSpec } from './side-model.ts';

/** 600 rows, 4 inputs (one with gaps), a label driven by two of them, 30 groups. */
function spec(params: Record<string, unknown>): SideModelSpec {
  const rng = createRng(11);
  const n = 600;
  const cols = Array.from({ length: 4 }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of cols) c[i] = rng.normal();
    if (i % 17 === 0) cols[3]![i] = Number.NaN;
    y[i] = cols[0]![i]! + 0.5 * cols[1]![i]! + rng.normal() > 1 ? 1 : 0;
  }
  const groups = Array.from({ length: n }, (_, i) => `g${i % 30}`);
  return {
    kind: 'gbm',
    params,
    X: createFrame(['a', 'b', 'c', 'd'], cols),
    y,
    groups,
    fold: groupFolds(groups, 3, 7),
    folds: 3,
    seed: 7,
    calibration: 'platt',
    link: 'logit',
  };
}

test('the side model fitted in a worker gives the same figures, to the bit, as fitted here', async () => {
  const s = spec({ nTrees: 20, maxDepth: 3 });
  const here = await fitSideModel(s);
  const there = await fitSideModelInWorker(s, new AbortController().signal);
  assert.deepEqual([...there.prediction], [...here.prediction]);
  assert.deepEqual(there.importance, here.importance);
  assert.ok(here.importance[0]!.meanAbsContribution > 0);
});

test('an error in the worker reaches the job as the same ZichtError (code and message), not as a crash', async () => {
  const s = spec({ nTrees: 20, threads: 0 });
  const here = await fitSideModel(s).catch((e: unknown) => e);
  assert.ok(isZichtError(here) && here.code === 'INVALID_CONFIG');
  await assert.rejects(
    fitSideModelInWorker(s, new AbortController().signal),
    (e: unknown) => isZichtError(e) && e.code === here.code && e.message === here.message,
  );
});

test('a job that ends before reading the side model stops its worker', async () => {
  const stop = new AbortController();
  const pending = fitSideModelInWorker(spec({ nTrees: 400 }), stop.signal);
  stop.abort();
  await assert.rejects(pending, (e: unknown) => isZichtError(e) && e.code === 'INTERNAL' && /stopped/.test(e.message));
});
