import { test } from 'node:test';
import assert from 'node:assert/strict';
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
