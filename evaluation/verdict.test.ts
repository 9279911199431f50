import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../core/index.ts';
import { computeVerdict, defaultVerdictRule, degenerateReason, verdictReasonText } from './index.ts';

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
  assert.deepEqual(v.reasons, [{ code: 'not-better' }]);
  assert.match(verdictReasonText(v.reasons[0]!, 'en'), /does not beat the best baseline/);
  assert.match(verdictReasonText(v.reasons[0]!, 'nl'), /niet beter dan de beste eenvoudige voorspeller/);
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
  assert.deepEqual(v.reasons, [{ code: 'beats' }]);
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
  // the reasons are data (a code and the figures), said in either language from one catalogue
  assert.deepEqual(small.reasons.slice(0, 2), [
    { code: 'too-few-areas', found: 24, needed: 30 },
    { code: 'too-few-groups', found: 3, needed: 5 },
  ]);
  assert.equal(verdictReasonText(small.reasons[0]!, 'en'), 'only 24 areas were evaluated; the rule needs at least 30');
  assert.equal(
    verdictReasonText(small.reasons[0]!, 'nl'),
    'er zijn maar 24 gebieden beoordeeld; de regel vraagt er minstens 30',
  );
  assert.equal(
    verdictReasonText(small.reasons[1]!, 'nl'),
    'maar 3 groepen in de kruisvalidatie; de regel vraagt er minstens 5',
  );
  const flat = new Float64Array(200).fill(0.3);
  assert.equal(degenerateReason(flat, null), 'constant-scores');
  assert.equal(degenerateReason(truth, 0), 'no-splits');
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
  assert.deepEqual(constant.reasons, [{ code: 'no-splits' }]);
  assert.match(verdictReasonText(constant.reasons[0]!, 'nl'), /geen splitsingen/);
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
  assert.ok(v.status !== 'beats-baselines', JSON.stringify(v.reasons));
});

test('every reason code is said in Dutch and English, and the Dutch has no English words', () => {
  const reasons = [
    { code: 'too-few-areas', found: 1, needed: 2 },
    { code: 'too-few-groups', found: 1, needed: 2 },
    { code: 'too-few-positives', found: 1, needed: 2 },
    { code: 'no-splits' },
    { code: 'constant-scores' },
    { code: 'no-baseline' },
    { code: 'not-better' },
    { code: 'no-clear-difference' },
    { code: 'beats' },
  ] as const;
  for (const r of reasons) {
    const nl = verdictReasonText(r, 'nl'),
      en = verdictReasonText(r, 'en');
    assert.notEqual(nl, en, r.code);
    assert.doesNotMatch(nl, /\b(the|model gives|baseline|areas|groups|interval includes)\b/, nl);
  }
});
