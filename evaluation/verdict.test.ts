import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../core/index.ts';
import { computeVerdict, defaultVerdictRule, degenerateReason } from './index.ts';

const rng = createRng(21);
function world(n: number, groups: number) {
  const truth = Float64Array.from({ length: n }, () => Math.exp(rng.normal()));
  const y = truth.map((m) => rng.poisson(m));
  const g = Array.from({ length: n }, (_, i) => `WK${i % groups}`);
  return { truth, y, g };
}

test('a count model worse than a baseline is no-better-than-baseline, naming the baseline and the figures', () => {
  const { truth, y, g } = world(400, 40);
  const noisy = truth.map((m) => m * Math.exp(1.2 * rng.normal()));
  const v = computeVerdict({
    rule: defaultVerdictRule('count'),
    target: 'count',
    y,
    prediction: noisy,
    baselines: [
      { name: 'pooled-rate', prediction: new Float64Array(y.length).fill(1.6) },
      { name: 'persistence', prediction: truth },
    ],
    groups: g,
    degenerate: null,
    seed: 1,
  });
  assert.equal(v.status, 'no-better-than-baseline');
  assert.equal(v.bestBaseline?.name, 'persistence');
  assert.ok(v.difference!.estimate > 0);
  assert.match(v.reasons.join(' '), /does not beat the best baseline: mean Poisson deviance .* for persistence/);
  assert.match(v.rule, /Paired comparison/);
});

test('a model that is better on every resample beats its baselines', () => {
  const { truth, y, g } = world(600, 60);
  const v = computeVerdict({
    rule: defaultVerdictRule('count'),
    target: 'count',
    y,
    prediction: truth,
    baselines: [{ name: 'pooled-rate', prediction: new Float64Array(y.length).fill(1.6) }],
    groups: g,
    degenerate: null,
    seed: 2,
  });
  assert.equal(v.status, 'beats-baselines');
  assert.ok(v.difference!.hi < 0);
});

test('too few areas, groups or positives, or a constant model: insufficient-evidence with the reason', () => {
  const { truth, y, g } = world(24, 3);
  const base = [{ name: 'pooled-rate', prediction: new Float64Array(y.length).fill(1.6) }];
  const small = computeVerdict({
    rule: defaultVerdictRule('count'),
    target: 'count',
    y,
    prediction: truth,
    baselines: base,
    groups: g,
    degenerate: null,
    seed: 3,
  });
  assert.equal(small.status, 'insufficient-evidence');
  assert.match(small.reasons.join(' '), /only 24 areas.*at least 30/);
  assert.match(small.reasons.join(' '), /only 3 cross-validation groups/);
  const flat = new Float64Array(200).fill(0.3);
  assert.equal(degenerateReason(flat, null), 'the model gives every area (nearly) the same score');
  assert.match(degenerateReason(truth, 0)!, /no splits/);
  assert.equal(degenerateReason(truth, 12), null);
  const big = world(300, 30);
  const constant = computeVerdict({
    rule: defaultVerdictRule('binary-top'),
    target: 'binary-top',
    y: big.y.map((c) => (c > 2 ? 1 : 0)),
    prediction: new Float64Array(300).fill(0.2),
    baselines: [{ name: 'base-rate', prediction: new Float64Array(300).fill(0.2) }],
    groups: big.g,
    degenerate: degenerateReason(new Float64Array(300).fill(0.2), 0),
    seed: 4,
  });
  assert.equal(constant.status, 'insufficient-evidence');
  assert.match(constant.reasons.join(' '), /no splits/);
});

test('better at the estimate but an interval that includes no difference is insufficient-evidence', () => {
  const { truth, y, g } = world(300, 30);
  const almost = truth.map((m, i) => (i % 50 === 0 ? m * 0.9 : m));
  const v = computeVerdict({
    rule: defaultVerdictRule('count'),
    target: 'count',
    y,
    prediction: almost,
    baselines: [{ name: 'persistence', prediction: truth }],
    groups: g,
    degenerate: null,
    seed: 5,
  });
  assert.ok(v.status !== 'beats-baselines', v.reasons.join(' '));
});
