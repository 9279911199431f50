import { test } from 'node:test';
import assert from 'node:assert/strict';
import { persistence, provenanceOf, simulateFeedback } from './index.ts';

test('persistence counts only areas present in both periods', () => {
  const t = new Map([
    ['A', true],
    ['B', true],
    ['C', true],
    ['D', false],
    ['E', true],
  ]);
  const next = new Map([
    ['A', true],
    ['B', false],
    ['C', true],
    ['D', true],
  ]);
  // E disappeared (a boundary change): it neither counts as flagged again nor as not
  assert.deepEqual(persistence(t, next), { persistence: 2 / 3, flagged: 3, again: 2 });
  assert.ok(Number.isNaN(persistence(new Map([['A', false]]), next).persistence), 'no flags: no persistence, not 0');
});

test('provenance: drug offences are found by enforcement; an unknown code counts as reported', () => {
  assert.equal(provenanceOf('3.1.1'), 'discovered');
  assert.equal(provenanceOf('9.9.9'), 'reported');
});

test('the feedback simulation keeps the books of a loop where flags bring enforcement', () => {
  // four areas, the first two over-enforced; flags go to the two highest labels; a flag adds
  // one discovered case and doubles enforcement
  const biased = [1, 1, 0, 0];
  const enforcement = Float64Array.from([2, 1, 1, 1]);
  let labels = Float64Array.from([3, 0, 2, 1]);
  const rounds = simulateFeedback({
    rounds: 3,
    biased,
    initialLabels: labels,
    train: (l) => l,
    flag: (s) => {
      const top = Array.from(s.keys()).sort((a, b) => s[b]! - s[a]! || a - b);
      return Uint8Array.from(s, (_, i) => (top.indexOf(i) < 2 ? 1 : 0));
    },
    respond: (flags) => {
      labels = Float64Array.from(labels, (v, i) => v + flags[i]! * enforcement[i]!);
      flags.forEach((f, i) => {
        if (f) enforcement[i]! *= 2;
      });
      return { labels, enforcement: Float64Array.from(enforcement) };
    },
  });
  assert.equal(rounds.length, 3);
  // round 1: flags A and C (labels 3, 2); one of two flags in the biased group
  assert.equal(rounds[0]!.flagShareBiasedGroup, 0.5);
  assert.ok(Number.isNaN(rounds[0]!.persistence), 'no previous round: no persistence');
  // enforcement after round 1: A 4, B 1 | C 2, D 1 → biased mean 2.5 / others 1.5
  assert.ok(Math.abs(rounds[0]!.enforcementRatio - 2.5 / 1.5) < 1e-12);
  // labels after round 1: A 5, B 0, C 3, D 1 → A and C again
  assert.equal(rounds[1]!.persistence, 1);
  assert.deepEqual(
    rounds.map((r) => r.round),
    [1, 2, 3],
  );
  // enforcement after round 2: A 8, B 1 | C 4, D 1 → 4.5 / 2.5
  assert.ok(Math.abs(rounds[1]!.enforcementRatio - 4.5 / 2.5) < 1e-12);
});
