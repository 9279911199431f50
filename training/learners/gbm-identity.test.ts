import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFrame, createRng, isZichtError, sha256 } from '../../core/index.ts';
import { fitGbm, type FitOptions, type GbmParams, type TrainData } from './gbm.ts';
import { fitForest } from './forest.ts';
import { MISSING_BIN } from './binning.ts';
import { kernels } from './hist-kernels.ts';
import { syntheticBinary } from './synthetic.test-support.ts';

// Speed work on the tree learner must not change what it learns: these hashes of the model JSON were
// taken before the learner was optimised, and every path (single-thread and threaded) must keep them.
const binary = syntheticBinary(3000, 12, 21);
const val = syntheticBinary(800, 12, 22);
const rng = createRng(23);
const x = Float64Array.from({ length: 2000 }, () => (rng.next() < 0.05 ? NaN : rng.next()));
const expo = Float64Array.from({ length: 2000 }, () => 100 + rng.int(5000));
const counts: TrainData = {
  X: createFrame(['x', 'noise'], [x, Float64Array.from(x, () => rng.normal())]),
  y: Float64Array.from(x, (v, i) => rng.poisson(expo[i]! * (v < 0.5 ? 0.01 : 0.03))),
  offset: Float64Array.from(expo, Math.log),
};

const cases: { name: string; data: TrainData; params: Partial<GbmParams>; opts: FitOptions; hash: string }[] = [
  {
    name: 'binary, depth 5',
    data: binary,
    params: { nTrees: 30, maxDepth: 5 },
    opts: { seed: 3 },
    hash: 'c04a7ce7e249f6456a81e9accd63adedebe491139596ef8d80a26b08abd4ccf3',
  },
  {
    name: 'binary, subsample and colsample, 32 bins, no L2',
    data: binary,
    params: { nTrees: 20, maxDepth: 4, subsample: 0.7, colsample: 0.6, maxBins: 32, lambda: 0, minSamplesLeaf: 5 },
    opts: { seed: 4 },
    hash: '9da8b5aa9db5c52b0600fb1557dc6957a0e80e3da6830cb3f9e20ba121ae75a4',
  },
  {
    name: 'binary, early stopping',
    data: binary,
    params: { nTrees: 200, maxDepth: 3, learningRate: 0.3, earlyStoppingRounds: 5 },
    opts: { seed: 5, validation: val },
    hash: '2436c62601ac6a531dfd7b377096208899354f551478203f108f67b178bf025d',
  },
  {
    name: 'poisson with offset',
    data: counts,
    params: { objective: 'poisson', nTrees: 30, maxDepth: 3 },
    opts: { seed: 6 },
    hash: 'da1bda8a4f9ab72f70cec57d1a5ed5fc74a677a4992e4b29cb66b10411d6a276',
  },
];

const modelHash = (m: { toJSON(): unknown }): string => sha256(JSON.stringify(m.toJSON()));

// threads: 2 forces the worker even on data this small (the default would stay on one thread)
for (const threads of [1, 2]) {
  for (const c of cases) {
    test(`gbm ${c.name}, ${threads} thread(s): the same model as before the speed work`, () => {
      assert.equal(modelHash(fitGbm(c.data, c.params, { ...c.opts, threads })), c.hash);
    });
  }
}

test('a bad thread count is INVALID_CONFIG naming the option', () => {
  for (const threads of [0, 1.5, 65, Number.NaN]) {
    assert.throws(
      () => fitGbm(binary, { nTrees: 1 }, { seed: 1, threads }),
      (e: unknown) => isZichtError(e) && e.code === 'INVALID_CONFIG' && /'threads'/.test(e.message),
    );
  }
});

test('the kernels use the missing bin of the binning', () => {
  assert.equal(kernels.MISSING, MISSING_BIN);
});

test('forest: the same model as before the speed work', () => {
  assert.equal(
    modelHash(fitForest(binary, { nTrees: 10, maxDepth: 8 }, { seed: 7 })),
    '751afb863cfa53682a589e41bcfd71550e7b95e11eee225544a6f831b3fee213',
  );
});
