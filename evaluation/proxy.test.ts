import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRng } from '../core/index.ts';
import { correlationRatio, proxyFindings } from './index.ts';

test('correlation ratio: 1 for a function of the input, about 0 for independence, catches non-monotone links', () => {
  const rng = createRng(8);
  const n = 2000;
  const x = Float64Array.from({ length: n }, () => rng.next());
  assert.ok(
    correlationRatio(
      x,
      x.map((v) => 3 * v + 1),
    ) > 0.98,
  );
  assert.ok(
    correlationRatio(
      x,
      x.map(() => rng.next()),
    ) < 0.02,
  );
  // U-shaped: Pearson and Spearman see nothing, η² does
  assert.ok(
    correlationRatio(
      x,
      x.map((v) => (v - 0.5) ** 2),
    ) > 0.9,
  );
  assert.ok(Number.isNaN(correlationRatio([1, 2, 3], [1, 2, 3])), 'too few rows to judge');
});

test('an input that stands in for urbanity is flagged; an unrelated one is not', () => {
  // the held-out world's finding: density and distance to a GP nearly determine urbanity (1–5)
  const rng = createRng(9);
  const n = 1500;
  const urbanity = Float64Array.from({ length: n }, () => 1 + rng.int(5));
  const density = urbanity.map((u) => Math.exp(9 - 0.9 * u + 0.25 * rng.normal()));
  const gpDistance = urbanity.map((u) => 0.3 * u + 0.15 * rng.next());
  const unrelated = urbanity.map(() => rng.normal());
  const findings = proxyFindings(
    new Map([
      ['bevolkingsdichtheid', density],
      ['afstand_huisarts', gpDistance],
      ['bedrijfsvestigingen', unrelated],
    ]),
    new Map([['stedelijkheid', urbanity]]),
  );
  const strong = findings.filter((f) => f.strong).map((f) => f.input);
  assert.deepEqual(strong.sort(), ['afstand_huisarts', 'bevolkingsdichtheid']);
  assert.equal(findings.at(-1)!.input, 'bedrijfsvestigingen');
});

/** η² as first written: each input × attribute filters its own rows and sorts them by the input. */
function referenceEta(x: ArrayLike<number>, target: ArrayLike<number>, bins = 10): number {
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]!) && Number.isFinite(target[i]!)) idx.push(i);
  const n = idx.length;
  if (n < 2 * bins) return Number.NaN;
  idx.sort((a, b) => x[a]! - x[b]!);
  let mean = 0;
  for (const i of idx) mean += target[i]!;
  mean /= n;
  let total = 0;
  for (const i of idx) total += (target[i]! - mean) ** 2;
  if (total === 0) return Number.NaN;
  let between = 0;
  for (let start = 0; start < n; ) {
    let end = Math.min(n, Math.max(start + 1, Math.round(((Math.floor((start * bins) / n) + 1) * n) / bins)));
    while (end < n && x[idx[end]!] === x[idx[end - 1]!]) end++;
    let s = 0;
    for (let k = start; k < end; k++) s += target[idx[k]!]!;
    between += (end - start) * (s / (end - start) - mean) ** 2;
    start = end;
  }
  return between / total;
}

test('proxy findings sort each input once and give, to the last bit, what sorting per attribute gave', () => {
  // few distinct values (ties across bin edges), missing values in inputs and attributes alike
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 12 }).map((v) => v / 4) },
    { weight: 3, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0) },
  );
  const world = fc.integer({ min: 0, max: 120 }).chain((n) =>
    fc.record({
      inputs: fc.array(fc.array(value, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 3 }),
      attributes: fc.array(fc.array(value, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 3 }),
    }),
  );
  fc.assert(
    fc.property(world, ({ inputs, attributes }) => {
      const findings = proxyFindings(
        new Map(inputs.map((x, i) => [`input ${i}`, x])),
        new Map(attributes.map((a, j) => [`attribute ${j}`, a])),
      );
      const expected = inputs.flatMap((x, i) =>
        attributes
          .map((a, j) => ({ input: `input ${i}`, attribute: `attribute ${j}`, strength: referenceEta(x, a) }))
          .filter((f) => Number.isFinite(f.strength)),
      );
      const key = (f: { input: string; attribute: string }) => `${f.input}|${f.attribute}`;
      assert.deepEqual(
        new Map(findings.map((f) => [key(f), f.strength])),
        new Map(expected.map((f) => [key(f), f.strength])),
      );
      for (const [i, x] of inputs.entries())
        for (const a of attributes) assert.ok(Object.is(correlationRatio(x, a), referenceEta(x, a)), `input ${i}`);
    }),
    { numRuns: 300 },
  );
});
