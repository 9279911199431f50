import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFrame, createRng } from '../../core/index.ts';
import { fitLogistic } from './logistic.ts';

test('logistic regression recovers coefficients; L1 zeroes noise; scorecard in original units', () => {
  const rng = createRng(4);
  const n = 20000;
  const a = Float64Array.from({ length: n }, () => 10 + 5 * rng.normal());
  const b = Float64Array.from({ length: n }, () => rng.normal());
  const noise = Float64Array.from({ length: n }, () => rng.normal());
  const y = Float64Array.from(a, (v, i) =>
    rng.next() < 1 / (1 + Math.exp(-(-1 + 0.2 * (v - 10) - 0.7 * b[i]!))) ? 1 : 0,
  );
  const X = createFrame(['a', 'b', 'noise'], [a, b, noise]);
  const m = fitLogistic({ X, y }, { l2: 0 }, { seed: 1 });
  const sc = m.scorecard();
  assert.ok(Math.abs(sc.rows[0]!.coefficient - 0.2) < 0.02, `a ${sc.rows[0]!.coefficient}`);
  assert.ok(Math.abs(sc.rows[1]!.coefficient + 0.7) < 0.05, `b ${sc.rows[1]!.coefficient}`);
  assert.ok(Math.abs(sc.intercept - (-1 - 0.2 * 10)) < 0.25, `intercept ${sc.intercept}`);
  const lasso = fitLogistic({ X, y }, { l1: 0.02 }, { seed: 1 });
  assert.equal(lasso.coef[2], 0);
  const c = m.contributions(
    createFrame(['a', 'b', 'noise'], [Float64Array.of(NaN), Float64Array.of(1), Float64Array.of(0)]),
  );
  assert.equal(c.values[0], 0, 'missing is the mean: no contribution');
});
