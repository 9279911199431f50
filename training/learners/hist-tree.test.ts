import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFrame, createRng } from '../../core/index.ts';
import { binFrame, binOf, MISSING_BIN, quantileCuts } from './binning.ts';
import { growTree } from './hist-tree.ts';
import { ensembleMargin } from './tree-model.ts';
import { fitGbm } from './gbm.ts';
import { fitForest } from './forest.ts';
import { syntheticBinary } from './synthetic.test-support.ts';
import { auc } from './auc.test-support.ts';

test('bins reproduce x < cut exactly and NaN gets the missing bin', () => {
  const rng = createRng(1);
  const col = Float64Array.from({ length: 3000 }, () => (rng.next() < 0.1 ? NaN : Math.round(rng.normal() * 50) / 7));
  const cuts = quantileCuts(col, 255);
  assert.ok(cuts.length <= 254);
  for (const v of col) {
    const b = binOf(cuts, v);
    if (Number.isNaN(v)) {
      assert.equal(b, MISSING_BIN);
      continue;
    }
    for (let k = 0; k < cuts.length; k++) assert.equal(v < cuts[k]!, b <= k);
  }
  assert.equal(quantileCuts(new Float64Array(10).fill(3), 255).length, 0, 'constant column has one bin');
});

test('applyBins gives the bins of binOf, ties, infinities and NaN included', () => {
  const rng = createRng(2);
  const col = Float64Array.from({ length: 5000 }, (_, i) =>
    i % 97 === 0 ? NaN : i % 101 === 0 ? Infinity : i % 103 === 0 ? -Infinity : Math.round(rng.normal() * 400) / 3,
  );
  for (const maxBins of [2, 7, 255]) {
    const bins = binFrame(createFrame(['x'], [col]), maxBins);
    const cuts = bins.cuts[0]!;
    const codes = bins.codes[0]!;
    for (let i = 0; i < col.length; i++) assert.equal(codes[i], binOf(cuts, col[i]!), `row ${i}, ${maxBins} bins`);
  }
});

test('a depth-1 tree finds a step and routes missing values to the better side', () => {
  const n = 400;
  const x = Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? NaN : (i % 200) / 200));
  // target: 1 above 0.6 or missing
  const y = Float64Array.from(x, (v) => (Number.isNaN(v) || v >= 0.6 ? 1 : 0));
  const X = createFrame(['x'], [x]);
  const bins = binFrame(X);
  const grad = Float64Array.from(y, (v) => -v),
    hess = new Float64Array(n).fill(1);
  const g = growTree(
    bins,
    grad,
    hess,
    Uint32Array.from({ length: n }, (_, i) => i),
    Int32Array.of(0),
    { maxDepth: 1, minSamplesLeaf: 1, minChildWeight: 0, lambda: 0, minGain: 0, featuresPerSplit: 1 },
    null,
    1,
  );
  const t = g.tree;
  assert.equal(t.left.length, 3);
  assert.ok(t.threshold[0]! > 0.59 && t.threshold[0]! <= 0.6, `threshold ${t.threshold[0]}`);
  assert.equal(t.missingLeft[0], 0);
  assert.equal(t.value[t.left[0]!], 0);
  assert.equal(t.value[t.right[0]!], 1);
  assert.equal(t.cover[0], n);
  const m = ensembleMargin({ trees: [t], baseScore: 0, averaging: false, link: 'identity', nFeatures: 1 }, X);
  assert.deepEqual(Array.from(m), Array.from(y));
});

test('GBM and forest reach a high held-out AUC on generated data', () => {
  const train = syntheticBinary(3000, 10, 7);
  const test_ = syntheticBinary(2000, 10, 8);
  const gbm = fitGbm(train, { nTrees: 60, maxDepth: 3 }, { seed: 1 });
  const forest = fitForest(train, { nTrees: 30, maxDepth: 8 }, { seed: 1 });
  const oracle = auc(test_.y, test_.logit);
  const ag = auc(test_.y, gbm.predict(test_.X));
  const af = auc(test_.y, forest.predict(test_.X));
  // the oracle sees the values before 5% were masked, so it is optimistic
  assert.ok(ag > oracle - 0.06, `gbm AUC ${ag} vs oracle ${oracle}`);
  assert.ok(af > oracle - 0.08, `forest AUC ${af} vs oracle ${oracle}`);
});

test('GBM early stopping keeps the best validation iteration', () => {
  const train = syntheticBinary(800, 6, 3);
  const val = syntheticBinary(800, 6, 4);
  const m = fitGbm(
    train,
    { nTrees: 400, learningRate: 0.3, maxDepth: 4, earlyStoppingRounds: 10 },
    { seed: 1, validation: val },
  );
  assert.ok(m.ensemble.trees.length < 400, `${m.ensemble.trees.length} trees`);
});

test('Poisson GBM recovers a rate with a log-exposure offset', () => {
  const rng = createRng(5);
  const n = 3000;
  const x = Float64Array.from({ length: n }, () => rng.next());
  const expo = Float64Array.from({ length: n }, () => 100 + rng.int(5000));
  const y = Float64Array.from(x, (v, i) => rng.poisson(expo[i]! * (v < 0.5 ? 0.01 : 0.03)));
  const offset = Float64Array.from(expo, Math.log);
  const m = fitGbm(
    { X: createFrame(['x'], [x]), y, offset },
    { objective: 'poisson', nTrees: 100, maxDepth: 2 },
    { seed: 1 },
  );
  const rate = m.predict(createFrame(['x'], [Float64Array.of(0.2, 0.8)]));
  assert.ok(Math.abs(rate[0]! - 0.01) < 0.001 && Math.abs(rate[1]! - 0.03) < 0.002, `rates ${rate[0]}, ${rate[1]}`);
  assert.equal(m.link, 'log');
});
