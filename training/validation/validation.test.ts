import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, isZichtError, takeRows } from '../../core/index.ts';
import { fitGbm } from '../learners/index.ts';
import { syntheticBinary } from '../learners/synthetic.test-support.ts';
import { groupedKFold, outOfFold, temporalHoldout } from './folds.ts';
import { fitIsotonic, fitPlatt, loadCalibrator } from './calibration.ts';

test('grouped k-fold never puts a group in both train and validation', () => {
  const rng = createRng(1);
  const groups = Array.from({ length: 500 }, () => `GM${String(rng.int(40)).padStart(4, '0')}`);
  const folds = groupedKFold(groups, 5, 9);
  const seen = new Set<number>();
  for (const f of folds) {
    const va = new Set(Array.from(f.validation, (i) => groups[i]!));
    for (const i of f.train) assert.ok(!va.has(groups[i]!), `group ${groups[i]} in both`);
    assert.equal(f.train.length + f.validation.length, groups.length);
    f.validation.forEach((i) => {
      assert.ok(!seen.has(i));
      seen.add(i);
    });
  }
  assert.equal(seen.size, groups.length);
  assert.deepEqual(groupedKFold(groups, 5, 9), folds, 'deterministic for a seed');
  assert.throws(
    () => groupedKFold(['a', 'b'], 3, 1),
    (e: unknown) => isZichtError(e) && /3 groups/.test(e.message),
  );
});

test('temporal holdout trains on ≤ t and tests on t + 1', () => {
  const f = temporalHoldout([2020, 2021, 2022, 2023, 2022], 2022);
  assert.deepEqual(Array.from(f.train), [0, 1, 2, 4]);
  assert.deepEqual(Array.from(f.validation), [3]);
  assert.throws(
    () => temporalHoldout([2020, 2021], 2021),
    (e: unknown) => isZichtError(e) && /period 2022/.test(e.message),
  );
});

test('Platt and isotonic calibration on out-of-fold margins round-trip through JSON', () => {
  const d = syntheticBinary(1500, 6, 21);
  const groups = Array.from({ length: d.X.nRows }, (_, i) => `g${i % 30}`);
  const folds = groupedKFold(groups, 3, 1);
  const oof = outOfFold(d.X.nRows, folds, (tr, va) => {
    const m = fitGbm(
      { X: takeRows(d.X, tr), y: Float64Array.from(tr, (i) => d.y[i]!) },
      { nTrees: 20, maxDepth: 3 },
      { seed: 1 },
    );
    return m.predictMargin(takeRows(d.X, va));
  });
  assert.ok(oof.every((v) => Number.isFinite(v)));
  for (const fit of [fitPlatt, fitIsotonic]) {
    const c = fit(oof, d.y);
    const p = c.apply(oof);
    // calibrated: mean prediction close to the base rate
    const mp = p.reduce((s, v) => s + v, 0) / p.length,
      my = d.y.reduce((s, v) => s + v, 0) / d.y.length;
    assert.ok(Math.abs(mp - my) < 0.01, `${c.kind}: mean ${mp} vs ${my}`);
    for (let i = 1; i < 200; i++) if (oof[i]! > oof[i - 1]!) assert.ok(p[i]! >= p[i - 1]! - 1e-12, 'monotone');
    const back = loadCalibrator(JSON.parse(JSON.stringify(c.toJSON())));
    assert.deepEqual(back.apply(oof), p);
  }
  assert.throws(
    () => loadCalibrator({ kind: 'isotonic', x: [1], p: [2] }),
    (e: unknown) => isZichtError(e) && e.code === 'CORRUPT_ARTIFACT',
  );
});
