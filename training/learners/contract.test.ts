import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFrame, createRng, isZichtError } from '../../core/index.ts';
import type { ModelKind } from '../types.ts';
import { fitModel, loadModel, parseParams, defaultParams } from './fit-model.ts';
import { syntheticBinary } from './synthetic.test-support.ts';
import { auc } from './auc.test-support.ts';

/** Small, fast settings per kind so the whole suite stays quick. */
const small: Record<ModelKind, Record<string, unknown>> = {
  gbm: { nTrees: 30, maxDepth: 3 },
  forest: { nTrees: 15, maxDepth: 6 },
  ebm: { outerBags: 2, maxRounds: 60, interactions: 1 },
  logistic: {},
};
const kinds: ModelKind[] = ['gbm', 'forest', 'ebm', 'logistic'];
const train = syntheticBinary(1200, 6, 11);
const holdout = syntheticBinary(600, 6, 12);

function rejects(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => isZichtError(e) && e.code === code && pattern.test(e.message));
}

for (const kind of kinds) {
  test(`${kind}: same seed gives identical JSON`, () => {
    const a = fitModel(kind, train, small[kind], { seed: 5 });
    const b = fitModel(kind, train, small[kind], { seed: 5 });
    assert.equal(JSON.stringify(a.toJSON()), JSON.stringify(b.toJSON()));
  });

  test(`${kind}: save → load gives bit-identical predictions and contributions`, () => {
    const m = fitModel(kind, train, small[kind], { seed: 5 });
    const back = loadModel(JSON.parse(JSON.stringify(m.toJSON())));
    assert.equal(back.kind, kind);
    assert.deepEqual(back.predict(holdout.X), m.predict(holdout.X));
    const c1 = m.contributions(holdout.X),
      c2 = back.contributions(holdout.X);
    assert.deepEqual(c2.values, c1.values);
    assert.equal(c2.baseValue, c1.baseValue);
  });

  test(`${kind}: contributions sum to the margin and AUC is well above chance`, () => {
    const m = fitModel(kind, train, small[kind], { seed: 5 });
    const margin = m.predictMargin(holdout.X);
    const c = m.contributions(holdout.X);
    for (let i = 0; i < holdout.X.nRows; i++) {
      let s = c.baseValue;
      for (let j = 0; j < c.nFeatures; j++) s += c.values[i * c.nFeatures + j]!;
      assert.ok(Math.abs(s - margin[i]!) <= 1e-9 * Math.max(1, Math.abs(margin[i]!)), `row ${i}: ${s} vs ${margin[i]}`);
    }
    const a = auc(holdout.y, m.predict(holdout.X));
    assert.ok(a > 0.7, `AUC ${a}`);
  });

  test(`${kind}: clear BAD_DATA errors for bad input`, () => {
    const X = createFrame(['a', 'b'], [Float64Array.of(1, 2, 3, 4), Float64Array.of(0, 1, 0, 1)]);
    rejects(
      () => fitModel(kind, { X, y: Float64Array.of(0, 1, 0) }, {}, { seed: 1 }),
      'BAD_DATA',
      /label has 3 values/,
    );
    rejects(() => fitModel(kind, { X, y: Float64Array.of(0, NaN, 0, 1) }, {}, { seed: 1 }), 'BAD_DATA', /label row 1/);
    rejects(() => fitModel(kind, { X, y: Float64Array.of(1, 1, 1, 1) }, {}, { seed: 1 }), 'BAD_DATA', /one class/);
    rejects(
      () => fitModel(kind, { X: createFrame([], []), y: new Float64Array(0) }, {}, { seed: 1 }),
      'BAD_DATA',
      /empty/,
    );
    const m = fitModel(kind, train, small[kind], { seed: 1 });
    rejects(() => m.predict(X), 'BAD_DATA', /columns/);
  });

  test(`${kind}: constant and all-missing features do not crash`, () => {
    const rng = createRng(3);
    const n = 300;
    const signal = Float64Array.from({ length: n }, () => rng.normal());
    const y = Float64Array.from(signal, (v) => (v + 0.3 * rng.normal() > 0 ? 1 : 0));
    const X = createFrame(
      ['const', 'nan', 'signal'],
      [new Float64Array(n).fill(7), new Float64Array(n).fill(NaN), signal],
    );
    const m = fitModel(kind, { X, y }, small[kind], { seed: 2 });
    const c = m.contributions(X);
    for (let i = 0; i < n; i++) assert.equal(c.values[i * 3], 0, 'a constant feature contributes nothing');
    assert.ok(auc(y, m.predict(X)) > 0.9);
  });

  test(`${kind}: a damaged model is CORRUPT_ARTIFACT naming the field`, () => {
    const json = fitModel(kind, train, small[kind], { seed: 1 }).toJSON() as Record<string, unknown>;
    rejects(() => loadModel({ ...json, featureNames: 'x' }), 'CORRUPT_ARTIFACT', /model\.featureNames/);
  });

  test(`${kind}: a parameter typo names the parameter and the allowed names`, () => {
    rejects(() => parseParams(kind, { ...defaultParams(kind), nTreez: 3 }), 'INVALID_CONFIG', /nTreez.*allowed/);
  });
}

test('step function: every tree learner finds the step exactly', () => {
  const n = 500;
  const x = Float64Array.from({ length: n }, (_, i) => i / n);
  const y = Float64Array.from(x, (v) => (v >= 0.3 ? 1 : 0));
  const X = createFrame(['x'], [x]);
  for (const kind of ['gbm', 'forest', 'ebm'] as const) {
    const m = fitModel(kind, { X, y }, kind === 'ebm' ? { outerBags: 1 } : { nTrees: 20, maxDepth: 2 }, { seed: 1 });
    const p = m.predict(createFrame(['x'], [Float64Array.of(0.1, 0.29, 0.31, 0.9)]));
    assert.ok(p[1]! < 0.5 && p[2]! > 0.5 && p[0]! < 0.5 && p[3]! > 0.5, `${kind}: ${Array.from(p)}`);
  }
});

test('loadModel rejects an unknown kind', () => {
  rejects(() => loadModel({ kind: 'svm' }), 'CORRUPT_ARTIFACT', /model\.kind/);
});
