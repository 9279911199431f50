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

test('ridge fits on correlated indicators reach the penalised optimum (at least as good as coordinate descent)', () => {
  const rng = createRng(6);
  const n = 6000;
  const a = Float64Array.from({ length: n }, () => rng.normal());
  const b = a.map((v) => v + 0.05 * rng.normal()); // nearly the same indicator twice
  const c = Float64Array.from({ length: n }, () => rng.normal());
  const y = Float64Array.from(a, (v, i) => (rng.next() < 1 / (1 + Math.exp(-(0.8 * v - 0.5 * c[i]!))) ? 1 : 0));
  const X = createFrame(['a', 'b', 'c'], [a, b, c]);
  const l2 = 1e-3;
  /** The penalised mean log-likelihood the learner maximises (coefficients on the standardised scale). */
  const objective = (m: ReturnType<typeof fitLogistic>) => {
    const p = m.predict(X);
    let ll = 0;
    for (let i = 0; i < n; i++) ll += y[i]! ? Math.log(p[i]!) : Math.log(1 - p[i]!);
    const sc = m.scorecard();
    return ll / n - (l2 / 2) * sc.rows.reduce((s, r) => s + (r.coefficient * r.sd) ** 2, 0);
  };
  const newton = fitLogistic({ X, y }, { l2 }, { seed: 1 });
  // the coordinate-descent path (any l1 > 0) with an l1 too small to matter
  const cd = fitLogistic({ X, y }, { l2, l1: 1e-12 }, { seed: 1 });
  assert.ok(objective(newton) >= objective(cd) - 1e-12, `${objective(newton)} vs ${objective(cd)}`);
  assert.ok(Math.abs(objective(newton) - objective(cd)) < 1e-4);
});

test('the ridge fit gives the same coefficients to the bit as before its Hessian was summed four columns at a time', () => {
  // seven inputs (a block of four and a remainder; a missing value), fitted by the code before the
  // change: the Float64 bits of the intercept and each coefficient, so any change to the sums shows
  const rng = createRng(12);
  const n = 3000;
  const cols = Array.from({ length: 7 }, (_, j) =>
    Float64Array.from({ length: n }, () => (j === 3 && rng.next() < 0.1 ? Number.NaN : rng.normal() * (j + 1))),
  );
  const y = Float64Array.from({ length: n }, (_, i) =>
    rng.next() < 1 / (1 + Math.exp(-(0.5 * cols[0]![i]! - 0.2 * cols[5]![i]!))) ? 1 : 0,
  );
  const m = fitLogistic(
    {
      X: createFrame(
        cols.map((_, j) => `x${j}`),
        cols,
      ),
      y,
    },
    { l2: 1e-3 },
    { seed: 1 },
  );
  const hex = (v: number) => Buffer.from(Float64Array.of(v).buffer).toString('hex');
  assert.deepEqual(
    [hex(m.scorecard().intercept), ...Array.from(m.coef, hex)],
    [
      'a0b998b7b9c39a3f',
      'b9dccafaf9ade03f',
      '2a5638b5a76ba3bf',
      'a30fc32bd58a64bf',
      'e84c733fa24a50bf',
      'f0481e7253e0843f',
      '6bb7c89d6504c7bf',
      'c5d28afa3f9779bf',
    ],
  );
});
