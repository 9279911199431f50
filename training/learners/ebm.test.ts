import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFrame, createRng } from '../../core/index.ts';
import { fitEbm, pav } from './ebm.ts';
import { rocAuc } from '../../evaluation/index.ts';

function additive(n: number, seed: number) {
  const rng = createRng(seed);
  const a = Float64Array.from({ length: n }, () => rng.normal());
  const b = Float64Array.from({ length: n }, () => rng.normal());
  const c = Float64Array.from({ length: n }, () => rng.normal());
  const z = Float64Array.from(a, (v, i) => 1.5 * v + (b[i]! > 0 ? 1 : -1) + 0 * c[i]!);
  const y = Float64Array.from(z, (v) => (rng.next() < 1 / (1 + Math.exp(-v)) ? 1 : 0));
  return { X: createFrame(['a', 'b', 'c'], [a, b, c]), y, z };
}

test('EBM recovers the shapes of an additive logistic truth', () => {
  const { X, y } = additive(6000, 1);
  const m = fitEbm({ X, y }, { outerBags: 2, maxRounds: 400 }, { seed: 3 });
  const probe = createFrame(
    ['a', 'b', 'c'],
    [Float64Array.of(-1, 1, 0, 0), Float64Array.of(0.5, 0.5, -1, 1), Float64Array.of(0, 0, 0, 0)],
  );
  const c = m.contributions(probe);
  // a: slope 1.5 → difference of 3 between a = -1 and a = 1
  const da = c.values[1 * 3]! - c.values[0]!;
  assert.ok(Math.abs(da - 3) < 0.6, `a effect ${da}`);
  const db = c.values[3 * 3 + 1]! - c.values[2 * 3 + 1]!;
  assert.ok(Math.abs(db - 2) < 0.4, `b step ${db}`);
  const shapes = m.shapeFunctions();
  const cRange = Math.max(...shapes[2]!.scores) - Math.min(...shapes[2]!.scores);
  assert.ok(cRange < 0.5, `noise feature range ${cRange}`);
});

test('EBM monotone constraint gives a monotone shape; the planted pair is found among six candidates', () => {
  const rng = createRng(2);
  const n = 4000;
  const cols = Array.from({ length: 4 }, () => Float64Array.from({ length: n }, () => rng.normal()));
  const [a, b, c, d] = cols as [Float64Array, Float64Array, Float64Array, Float64Array];
  assert.ok(c.length === n);
  // the interaction is between b and d; a has a main effect; c is noise: 6 possible pairs
  const y = Float64Array.from(a, (v, i) => (rng.next() < 1 / (1 + Math.exp(-(0.5 * v + 2 * b[i]! * d[i]!))) ? 1 : 0));
  const X = createFrame(['a', 'b', 'c', 'd'], [a, b, c, d]);
  const m = fitEbm({ X, y }, { outerBags: 2, maxRounds: 200, monotone: { a: 1 }, interactions: 1 }, { seed: 1 });
  const s = m.shapeFunctions()[0]!.scores;
  for (let k = 1; k < s.length - 1; k++) assert.ok(s[k]! >= s[k - 1]! - 1e-12, `bin ${k}`);
  assert.equal(m.pairs.length, 1);
  assert.deepEqual([...m.pairs[0]!.features].sort(), [1, 3], 'the pair is (b, d)');
  const p = m.predict(X);
  assert.ok(rocAuc(y, p) > 0.75, `AUC with pair ${rocAuc(y, p)}`);
  const ctb = m.contributions(X);
  for (let i = 0; i < 50; i++) {
    let sum = ctb.baseValue;
    for (let j = 0; j < 4; j++) sum += ctb.values[4 * i + j]!;
    assert.ok(Math.abs(sum - ctb.output[i]!) < 1e-9);
  }
});

test('pav pools adjacent violators with weights', () => {
  const v = Float64Array.of(1, 3, 2, 4);
  pav(v, Float64Array.of(1, 1, 3, 1), 1);
  assert.deepEqual(Array.from(v), [1, 2.25, 2.25, 4]);
});
